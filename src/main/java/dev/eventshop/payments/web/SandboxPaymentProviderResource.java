package dev.eventshop.payments.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.eventshop.platform.web.PlainText;
import io.quarkus.resteasy.reactive.server.EndpointDisabled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A payment provider sandbox, the default provider, following Stripe's test tokens: {@code tok_visa} and
 * {@code tok_mastercard} are approved, {@code tok_chargeDeclined} (and any unknown token) is declined with 402,
 * {@code tok_processingError} gets 503 {@code processing_error} (this charge could not be processed; the provider
 * itself is fine). The same Idempotency-Key always gets the first answer back, so a retried charge is never a second
 * charge; a charge is refunded at most once (a second refund is refused with {@code charge_already_refunded}).
 * {@code POST /outage?on=true} makes every charge and refund answer 503 {@code service_unavailable}, for drills. It stands in for
 * an external system and keeps its charges in a schema of its own, so a restart forgets nothing.
 */
// a stand-in for an external system, called by this application's own clients without a token
@PermitAll
@EndpointDisabled(name = "eventshop.sandbox.enabled", stringValue = "false", disableIfMissing = true)
@Path("/sandbox/payment-provider")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Payment provider sandbox", description = "A stand-in for the external payment provider")
public class SandboxPaymentProviderResource {

    /** The provider's own error format (as a real provider has its own), not a problem document. */
    public record ProviderError(String error, String message) {
    }

    public record ChargeRequest(long amount, @PlainText String currency, @PlainText String token,
            @PlainText String reference) {
    }

    @Schema(example = """
            {"id": "ch_5Q2M8ZB4", "status": "succeeded", "amount": 2598, "currency": "EUR",
            "reference": "6f1c2a9e-3b7d-4e21-9a4f-0c8d5e7b1a23", "refunded": false}""")
    public record Charge(String id, String status, long amount, String currency, String reference, boolean refunded) {
    }

    public record RefundRequest(@PlainText String chargeId) {
    }

    @Schema(example = """
            {"id": "re_7K1P0XQ2", "chargeId": "ch_5Q2M8ZB4", "amount": 2598}""")
    public record Refund(String id, String chargeId, long amount) {
    }

    private static final Set<String> APPROVED = Set.of("tok_visa", "tok_mastercard");
    private static final AtomicBoolean OUTAGE = new AtomicBoolean();
    /** Charge requests per reference, answered or not: the provider's request log, as a dashboard shows it. */
    private static final Map<String, AtomicInteger> REQUESTS = new ConcurrentHashMap<>();
    private static final String CHARGE_COLUMNS = "id, status, amount, currency, reference, refunded";

    private final Pool pool;

    public SandboxPaymentProviderResource(Pool pool) {
        this.pool = pool;
    }

    @POST
    @Path("/charges")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Charge a card token")
    @APIResponse(responseCode = "201", description = "Charged (or the charge made before with this Idempotency-Key)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Charge.class)))
    @APIResponse(responseCode = "400", description = "No Idempotency-Key",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProviderError.class)))
    @APIResponse(responseCode = "402", description = "The card was declined (tok_chargeDeclined)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProviderError.class)))
    @APIResponse(responseCode = "409", description = "The Idempotency-Key was used for another request",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProviderError.class)))
    @APIResponse(responseCode = "503", description = "An outage, or a charge that could not be processed (tok_processingError)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProviderError.class)))
    public Uni<Response> charge(@HeaderParam("Idempotency-Key") @PlainText String key, @Valid ChargeRequest request) {
        if (request.reference() != null) {
            REQUESTS.computeIfAbsent(request.reference(), ignored -> new AtomicInteger()).incrementAndGet();
        }
        if (OUTAGE.get()) {
            return Uni.createFrom().item(unavailable());
        }
        if ("tok_processingError".equals(request.token())) {
            return Uni.createFrom().item(Response.status(503)
                    .entity(Map.of("error", "processing_error", "message", "The charge could not be processed."))
                    .build());
        }
        if (key == null || key.isBlank()) {
            return Uni.createFrom().item(Response.status(400).entity(Map.of("error", "idempotency_key_required")).build());
        }
        if (!APPROVED.contains(request.token())) {
            return Uni.createFrom().item(Response.status(402)
                    .entity(Map.of("error", "card_declined", "message", "Your card was declined.")).build());
        }
        // one statement: the new charge, or the one made earlier under the same key
        return pool.preparedQuery("""
                WITH created AS (
                    INSERT INTO payment_sandbox.charges (id, idempotency_key, reference, amount, currency, status)
                    VALUES ($1, $2, $3, $4, $5, 'succeeded') ON CONFLICT (idempotency_key) DO NOTHING
                    RETURNING id, status, amount, currency, reference, refunded)
                SELECT * FROM created
                UNION ALL
                SELECT id, status, amount, currency, reference, refunded FROM payment_sandbox.charges
                 WHERE idempotency_key = $2 AND NOT EXISTS (SELECT 1 FROM created)""")
                .execute(Tuple.of("ch_" + UUID.randomUUID(), key, request.reference(), request.amount(),
                        request.currency()))
                // a request with the same key still in flight, as Stripe answers it: try again
                .map(rows -> rows.size() == 0
                        ? Response.status(409).entity(Map.of("error", "idempotency_key_in_use")).build()
                        : Response.status(201).entity(charges(rows).get(0)).build());
    }

    @POST
    @Path("/refunds")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Refund a charge in full")
    @APIResponse(responseCode = "201", description = "Refunded (or the refund made before for this charge)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Refund.class)))
    @APIResponse(responseCode = "400", description = "No Idempotency-Key, or the charge was refunded already",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProviderError.class)))
    @APIResponse(responseCode = "404", description = "No such charge",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProviderError.class)))
    @APIResponse(responseCode = "503", description = "An outage",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProviderError.class)))
    public Uni<Response> refund(@HeaderParam("Idempotency-Key") @PlainText String key, @Valid RefundRequest request) {
        if (OUTAGE.get()) {
            return Uni.createFrom().item(unavailable());
        }
        String refundKey = key == null ? "refund-" + request.chargeId() : key;
        return pool.withTransaction(tx -> tx.preparedQuery("SELECT " + CHARGE_COLUMNS
                + " FROM payment_sandbox.charges WHERE id = $1 FOR UPDATE").execute(Tuple.of(request.chargeId()))
                .chain(found -> {
                    if (found.size() == 0) {
                        return Uni.createFrom().item(Response.status(404).entity(Map.of("error", "no_such_charge"))
                                .build());
                    }
                    Charge charge = charges(found).get(0);
                    return tx.preparedQuery("SELECT id, charge_id, amount FROM payment_sandbox.refunds"
                            + " WHERE idempotency_key = $1").execute(Tuple.of(refundKey)).chain(earlier -> {
                                if (earlier.size() > 0) {
                                    return Uni.createFrom().item(Response.status(201).entity(refund(earlier)).build());
                                }
                                if (charge.refunded()) {
                                    return Uni.createFrom().item(Response.status(400).entity(Map.of("error",
                                            "charge_already_refunded", "message", "Charge " + charge.id()
                                                    + " has already been refunded.")).build());
                                }
                                return tx.preparedQuery("""
                                        INSERT INTO payment_sandbox.refunds (id, idempotency_key, charge_id, amount)
                                        VALUES ($1, $2, $3, $4) RETURNING id, charge_id, amount""")
                                        .execute(Tuple.of("re_" + UUID.randomUUID(), refundKey, charge.id(),
                                                charge.amount()))
                                        .call(() -> tx.preparedQuery("UPDATE payment_sandbox.charges SET refunded = true"
                                                + " WHERE id = $1").execute(Tuple.of(charge.id())))
                                        .map(inserted -> Response.status(201).entity(refund(inserted)).build());
                            });
                }));
    }

    @GET
    @Path("/charges")
    @Operation(summary = "Charges made for a reference (an order id)")
    public Uni<List<Charge>> charges(@QueryParam("reference") String reference) {
        return pool.preparedQuery("SELECT " + CHARGE_COLUMNS + " FROM payment_sandbox.charges"
                + " WHERE $1::text IS NULL OR reference = $1 ORDER BY created_at").execute(Tuple.of(reference))
                .map(SandboxPaymentProviderResource::charges);
    }

    @GET
    @Path("/requests")
    @Operation(summary = "How many charge requests were made for a reference (kept in memory, like a request log)")
    @APIResponse(responseCode = "200", description = "The count",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT,
                    example = "{\"charges\": 2}")))
    public Map<String, Integer> requests(@QueryParam("reference") String reference) {
        AtomicInteger count = REQUESTS.get(reference);
        return Map.of("charges", count == null ? 0 : count.get());
    }

    @POST
    @Path("/outage")
    @Operation(summary = "Start or end a provider outage (every call answers 503)")
    @APIResponse(responseCode = "200", description = "Whether an outage is on now",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT,
                    example = "{\"outage\": true}")))
    public Map<String, Boolean> outage(@QueryParam("on") boolean on) {
        OUTAGE.set(on);
        return Map.of("outage", on);
    }

    private static List<Charge> charges(RowSet<Row> rows) {
        List<Charge> charges = new ArrayList<>(rows.size());
        for (Row row : rows) {
            charges.add(new Charge(row.getString("id"), row.getString("status"), row.getLong("amount"),
                    row.getString("currency"), row.getString("reference"), row.getBoolean("refunded")));
        }
        return charges;
    }

    private static Refund refund(RowSet<Row> rows) {
        Row row = rows.iterator().next();
        return new Refund(row.getString("id"), row.getString("charge_id"), row.getLong("amount"));
    }

    private static Response unavailable() {
        return Response.status(503).entity(Map.of("error", "service_unavailable")).build();
    }
}
