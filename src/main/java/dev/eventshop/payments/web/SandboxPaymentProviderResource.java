package dev.eventshop.payments.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A payment provider sandbox, the default provider, following Stripe's test tokens: {@code tok_visa} and
 * {@code tok_mastercard} are approved, {@code tok_chargeDeclined} (and any unknown token) is declined with 402,
 * {@code tok_processingError} gets 503. The same Idempotency-Key always gets the first answer back, so a retried
 * charge is never a second charge. {@code POST /outage?on=true} makes every call answer 503, for drills.
 * It keeps its charges in memory: it stands in for an external system.
 */
@Path("/sandbox/payment-provider")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Payment provider sandbox", description = "A stand-in for the external payment provider")
public class SandboxPaymentProviderResource {

    public record ChargeRequest(long amount, String currency, String token, String reference) {
    }

    public record Charge(String id, String status, long amount, String currency, String reference, boolean refunded) {
    }

    public record RefundRequest(String chargeId) {
    }

    public record Refund(String id, String chargeId, long amount) {
    }

    private static final Set<String> APPROVED = Set.of("tok_visa", "tok_mastercard");

    private static final Map<String, Charge> CHARGES_BY_KEY = new ConcurrentHashMap<>();
    private static final Map<String, Charge> CHARGES_BY_ID = new ConcurrentHashMap<>();
    private static final Map<String, Refund> REFUNDS_BY_KEY = new ConcurrentHashMap<>();
    private static final AtomicBoolean OUTAGE = new AtomicBoolean();

    @POST
    @Path("/charges")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Charge a card token")
    public Response charge(@HeaderParam("Idempotency-Key") String key, ChargeRequest request) {
        if (OUTAGE.get() || "tok_processingError".equals(request.token())) {
            return unavailable();
        }
        if (key == null || key.isBlank()) {
            return Response.status(400).entity(Map.of("error", "idempotency_key_required")).build();
        }
        if (!APPROVED.contains(request.token())) {
            return Response.status(402).entity(Map.of("error", "card_declined", "message", "Your card was declined."))
                    .build();
        }
        Charge charge = CHARGES_BY_KEY.computeIfAbsent(key, k -> {
            Charge created = new Charge("ch_" + UUID.randomUUID(), "succeeded", request.amount(), request.currency(),
                    request.reference(), false);
            CHARGES_BY_ID.put(created.id(), created);
            return created;
        });
        return Response.status(201).entity(CHARGES_BY_ID.get(charge.id())).build();
    }

    @POST
    @Path("/refunds")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Refund a charge in full")
    public Response refund(@HeaderParam("Idempotency-Key") String key, RefundRequest request) {
        if (OUTAGE.get()) {
            return unavailable();
        }
        Charge charge = CHARGES_BY_ID.get(request.chargeId());
        if (charge == null) {
            return Response.status(404).entity(Map.of("error", "no_such_charge")).build();
        }
        Refund refund = REFUNDS_BY_KEY.computeIfAbsent(key == null ? "refund-" + charge.id() : key, k -> {
            CHARGES_BY_ID.put(charge.id(), new Charge(charge.id(), charge.status(), charge.amount(), charge.currency(),
                    charge.reference(), true));
            return new Refund("re_" + UUID.randomUUID(), charge.id(), charge.amount());
        });
        return Response.status(201).entity(refund).build();
    }

    @GET
    @Path("/charges")
    @Operation(summary = "Charges made for a reference (an order id)")
    public List<Charge> charges(@QueryParam("reference") String reference) {
        List<Charge> found = new ArrayList<>();
        CHARGES_BY_ID.values().stream().filter(c -> reference == null || reference.equals(c.reference()))
                .forEach(found::add);
        return found;
    }

    @POST
    @Path("/outage")
    @Operation(summary = "Start or end a provider outage (every call answers 503)")
    public Map<String, Boolean> outage(@QueryParam("on") boolean on) {
        OUTAGE.set(on);
        return Map.of("outage", on);
    }

    private static Response unavailable() {
        return Response.status(503).entity(Map.of("error", "processing_error")).build();
    }
}
