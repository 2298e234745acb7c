package dev.eventshop.archfixture.orders.web;

/** Fixture: something of the web layer (a status code, a problem document). */
public class HttpAnswer {

    public static RuntimeException notFound() {
        return new IllegalStateException("404");
    }
}
