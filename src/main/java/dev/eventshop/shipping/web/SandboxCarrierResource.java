package dev.eventshop.shipping.web;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

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

import dev.eventshop.shipping.api.Address;

/**
 * A carrier sandbox, the default carrier: books a shipment and answers with a tracking number; the same
 * Idempotency-Key gets the same booking. Dispatch and delivery come back as callbacks to {@code /shipments}.
 */
@Path("/sandbox/carrier")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Carrier sandbox", description = "A stand-in for the external carrier")
public class SandboxCarrierResource {

    public record BookingRequest(String reference, Address address) {
    }

    public record Booking(String carrier, String trackingNumber) {
    }

    private static final Map<String, Booking> BOOKINGS = new ConcurrentHashMap<>();

    @POST
    @Path("/shipments")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Book a shipment")
    public Response book(@HeaderParam("Idempotency-Key") String key, BookingRequest request) {
        Booking booking = BOOKINGS.computeIfAbsent(key == null ? UUID.randomUUID().toString() : key,
                k -> new Booking("sandbox-parcel", "TRK" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)
                        .toUpperCase()));
        return Response.status(201).entity(booking).build();
    }

    @POST
    @Path("/shipments/{trackingNumber}/cancel")
    @Operation(summary = "Cancel a booked shipment")
    public Response cancel(@PathParam("trackingNumber") String trackingNumber) {
        return Response.noContent().build();
    }
}
