package dev.eventshop.testing;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import org.eclipse.microprofile.openapi.annotations.Operation;

/** A resource with a bug, for the tests of what a client sees when the server fails: it exists in tests only. */
@Path("/test-fixtures/failure")
@PermitAll
public class FailingResource {

    public static final String SECRET = "connection to 10.1.2.3 refused by pg_hba.conf";

    @GET
    @Operation(hidden = true)
    public String fail() {
        throw new IllegalStateException(SECRET);
    }

    /** What the database client raises when PostgreSQL refuses connections. */
    @GET
    @Path("/database")
    @Operation(hidden = true)
    public String databaseDown() {
        throw new java.util.concurrent.CompletionException(new java.net.ConnectException("Connection refused: " + SECRET));
    }

    /** What a read through Hibernate Reactive raises when PostgreSQL restarts under it (the SQL state, no cause). */
    @GET
    @Path("/database-restart")
    @Operation(hidden = true)
    public String databaseRestarting() {
        throw new IllegalStateException(new java.sql.SQLException("terminating connection due to administrator command",
                "57P01"));
    }

    /** A response Jackson cannot write: the server's failure, whatever Jackson's exception says. */
    @GET
    @Path("/unwritable")
    @Operation(hidden = true)
    @jakarta.ws.rs.Produces("application/json")
    public Unwritable unwritable() {
        return new Unwritable();
    }

    public static class Unwritable {

        public String getValue() {
            throw new IllegalStateException(SECRET);
        }
    }
}
