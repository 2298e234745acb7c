package dev.eventshop.platform.eventstore;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A field of an event or command that may be missing (null): events written before it was added lack it, and a reader
 * must cope. The only change a published version allows is adding such a field; anything else is a new version
 * (modules.md, "Evolving an event").
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD })
public @interface OptionalField {
}
