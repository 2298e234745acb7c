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

    /**
     * An internal event: a step of the aggregate's own process that no other module receives. It is declared in the
     * module's {@code api} package beside the published ones only because an aggregate's events are one sealed list
     * and Java seals within a package; it is never delivered to another module's channel, and other modules may not
     * use it (an architecture rule).
     */
    boolean internal() default false;
}
