package dev.eventshop.payments.infrastructure;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.smallrye.mutiny.Uni;

/** The payment provider's HTTP API (Stripe-like). Base URL: {@code quarkus.rest-client.payment-provider.url}. */
@RegisterRestClient(configKey = "payment-provider")
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface PaymentProviderClient {

    record ChargeRequest(long amount, String currency, String token, String reference) {
    }

    record Charge(String id, String status, long amount, String currency) {
    }

    record RefundRequest(String chargeId) {
    }

    record Refund(String id, String chargeId, long amount) {
    }

    @POST
    @Path("/charges")
    Uni<Charge> charge(@HeaderParam("Idempotency-Key") String idempotencyKey, ChargeRequest request);

    @POST
    @Path("/refunds")
    Uni<Refund> refund(@HeaderParam("Idempotency-Key") String idempotencyKey, RefundRequest request);
}
