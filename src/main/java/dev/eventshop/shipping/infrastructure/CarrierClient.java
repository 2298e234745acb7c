package dev.eventshop.shipping.infrastructure;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import dev.eventshop.shipping.api.Address;
import io.smallrye.mutiny.Uni;

/** The carrier's HTTP API. Base URL: {@code quarkus.rest-client.carrier.url}. */
@RegisterRestClient(configKey = "carrier")
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public interface CarrierClient {

    record BookingRequest(String reference, Address address) {
    }

    record Booking(String carrier, String trackingNumber) {
    }

    @POST
    @Path("/shipments")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Booking> book(@HeaderParam("Idempotency-Key") String idempotencyKey, BookingRequest request);

    @POST
    @Path("/shipments/{trackingNumber}/cancel")
    Uni<Void> cancel(@PathParam("trackingNumber") String trackingNumber);
}
