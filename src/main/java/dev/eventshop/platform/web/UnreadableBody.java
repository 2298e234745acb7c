package dev.eventshop.platform.web;

import jakarta.ws.rs.BadRequestException;

/**
 * A request body that Jackson could not read (the cause is Jackson's exception, or the framework's 400 around it): the client's mistake. Jackson's exceptions are wrapped in it where a
 * body is read, so that {@link JsonProblems} can tell them from a failure to write a response or to read stored data,
 * which are the server's (500).
 */
public class UnreadableBody extends BadRequestException {

    public UnreadableBody(Throwable cause) {
        super("The body is not the JSON asked for", cause);
    }
}
