package dev.eventshop.platform.eventstore;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The stored, versioned name of an event contract, e.g. {@code orders.OrderPlaced.v1}. Stored names never follow
 * class names, so a class can be renamed or moved without breaking what is already in the store. A changed shape gets
 * a new version ({@code .v2}) next to the old one.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EventType {

    /** {@code <module>.<EventName>.v<version>}. */
    String value();
}
