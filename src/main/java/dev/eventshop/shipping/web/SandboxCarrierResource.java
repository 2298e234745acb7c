package dev.eventshop.shipping.web;

import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import dev.eventshop.platform.web.PlainText;
import io.quarkus.resteasy.reactive.server.EndpointDisabled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A carrier sandbox, the default carrier: books a shipment and answers with a tracking number; the same
 * Idempotency-Key gets the same booking. Like a real carrier it calls back a parcel only before pick-up: once
 * {@code POST /shipments/{trackingNumber}/dispatch} marked it picked up, a cancel is refused (409), and a cancelled
 * booking is not picked up. Dispatch and delivery reach the shop as callbacks to {@code /shipments}. It stands in for
 * an external system and keeps its bookings in a schema of its own, so a restart forgets nothing.
 */
// a stand-in for an external system, called by this application's own clients without a token
@PermitAll
@EndpointDisabled(name = "eventshop.sandbox.enabled", stringValue = "false", disableIfMissing = true)
@Path("/sandbox/carrier")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Carrier sandbox", description = "A stand-in for the external carrier")
public class SandboxCarrierResource {

    /** The carrier's own error format (as a real carrier has its own), not a problem document. */
    public record ProviderError(String error) {
    }

    public record BookingRequest(@PlainText String reference, @Valid AddressRequest address) {
    }

    /** The address as the carrier reads it: text only, as any field of a request here. */
    public record AddressRequest(@PlainText String name, @PlainText String line1, @PlainText String city,
            @PlainText String postalCode, @PlainText String country) {
    }

    @Schema(example = """
            {"carrier": "sandbox-carrier", "trackingNumber": "TRK-5Q2M8ZB4"}""")
    public record Booking(String carrier, String trackingNumber) {
    }

    private final Pool pool;

    public SandboxCarrierResource(Pool pool) {
        this.pool = pool;
    }

    @POST
    @Path("/shipments")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Book a shipment")
    @APIResponse(responseCode = "201", description = "Booked (or the booking made before with this Idempotency-Key)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Booking.class)))
    @APIResponse(responseCode = "409", description = "The Idempotency-Key was used for another request",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProviderError.class)))
    public Uni<Response> book(@HeaderParam("Idempotency-Key") @PlainText String key, @Valid BookingRequest request) {
        String bookingKey = key == null ? UUID.randomUUID().toString() : key;
        String tracking = "TRK" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase();
        // one statement: the new booking, or the one made earlier under the same key
        return pool.preparedQuery("""
                WITH created AS (
                    INSERT INTO carrier_sandbox.bookings (idempotency_key, tracking_number, carrier, reference)
                    VALUES ($1, $2, 'sandbox-parcel', $3) ON CONFLICT (idempotency_key) DO NOTHING
                    RETURNING carrier, tracking_number)
                SELECT * FROM created
                UNION ALL
                SELECT carrier, tracking_number FROM carrier_sandbox.bookings
                 WHERE idempotency_key = $1 AND NOT EXISTS (SELECT 1 FROM created)""")
                .execute(Tuple.of(bookingKey, tracking, request.reference()))
                .map(rows -> {
                    if (rows.size() == 0) { // a request with the same key still in flight: try again
                        return Response.status(409).entity(Map.of("error", "idempotency_key_in_use")).build();
                    }
                    Row row = rows.iterator().next();
                    return Response.status(201)
                            .entity(new Booking(row.getString("carrier"), row.getString("tracking_number"))).build();
                });
    }

    @POST
    @Path("/shipments/{trackingNumber}/cancel")
    @Operation(summary = "Cancel a booked shipment (refused once the parcel was picked up)")
    @APIResponse(responseCode = "204", description = "Cancelled")
    @APIResponse(responseCode = "404", description = "No such shipment",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProviderError.class)))
    @APIResponse(responseCode = "409", description = "Picked up already",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProviderError.class)))
    public Uni<Response> cancel(@PathParam("trackingNumber") String trackingNumber) {
        return move(trackingNumber, "BOOKED", "CANCELLED", "DISPATCHED", "parcel_already_dispatched");
    }

    @POST
    @Path("/shipments/{trackingNumber}/dispatch")
    @Operation(summary = "The carrier picks the parcel up (refused for a cancelled booking)")
    @APIResponse(responseCode = "204", description = "Picked up")
    @APIResponse(responseCode = "404", description = "No such shipment",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProviderError.class)))
    @APIResponse(responseCode = "409", description = "The booking was cancelled",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProviderError.class)))
    public Uni<Response> dispatch(@PathParam("trackingNumber") String trackingNumber) {
        return move(trackingNumber, "BOOKED", "DISPATCHED", "CANCELLED", "booking_cancelled");
    }

    /**
     * {@code from} → {@code to} once; again is a no-op; from {@code refusedFrom} it is refused with 409. One statement
     * that locks the row and answers its newest status, so a cancel and a pick-up of one parcel at the same moment
     * can never both succeed.
     */
    private Uni<Response> move(String trackingNumber, String from, String to, String refusedFrom, String refusal) {
        return pool.preparedQuery("""
                UPDATE carrier_sandbox.bookings
                   SET status = CASE WHEN status = $2 THEN $3 ELSE status END, updated_at = now()
                 WHERE tracking_number = $1
                RETURNING status""")
                .execute(Tuple.of(trackingNumber, from, to))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Response.status(404).entity(Map.of("error", "no_such_shipment")).build();
                    }
                    if (rows.iterator().next().getString("status").equals(refusedFrom)) {
                        return Response.status(409).entity(Map.of("error", refusal)).build();
                    }
                    return Response.noContent().build();
                });
    }
}
