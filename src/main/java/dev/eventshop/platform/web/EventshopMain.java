package dev.eventshop.platform.web;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Starts the application, after one thing that must be settled before Quarkus's HTTP server exists: that server
 * answers a request URI {@link java.net.URI} refuses (a stray {@code %}, a space, a {@code {}) with an empty 400 of
 * its own, before any route, unless the system property {@value #URI_VALIDATION} is set when it loads. Set, the
 * request reaches {@link RequestLimits}, which refuses the same URIs with a problem document.
 */
@QuarkusMain
public final class EventshopMain {

    static final String URI_VALIDATION = "vertx.disableURIValidation";

    public static void main(String... args) {
        System.setProperty(URI_VALIDATION, "true");
        Quarkus.run(args);
    }
}
