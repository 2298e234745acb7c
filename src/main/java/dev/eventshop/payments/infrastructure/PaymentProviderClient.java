package dev.eventshop.payments.infrastructure;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.QueryParam;
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

    record Charge(String id, String status, long amount, String currency, String reference, boolean refunded) {

        /** Money was taken and not given back. */
        public boolean holdsMoney() {
            return "succeeded".equals(status) && !refunded;
        }
    }

    record RefundRequest(String chargeId) {
    }

    record Refund(String id, String chargeId, long amount) {
    }

    @POST
    @Path("/charges")
    Uni<Charge> charge(@HeaderParam("Idempotency-Key") String idempotencyKey, ChargeRequest request);

    /** The charges made for a reference (our order id), so an unknown outcome can be looked up instead of guessed. */
    @GET
    @Path("/charges")
    Uni<List<Charge>> charges(@QueryParam("reference") String reference);

    @POST
    @Path("/refunds")
    Uni<Refund> refund(@HeaderParam("Idempotency-Key") String idempotencyKey, RefundRequest request);
}
