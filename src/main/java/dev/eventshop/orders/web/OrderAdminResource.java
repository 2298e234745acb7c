package dev.eventshop.orders.web;

import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import dev.eventshop.inventory.api.InventoryStreams;
import dev.eventshop.orders.api.OrderStreams;
import dev.eventshop.orders.application.OrderQueries;
import dev.eventshop.orders.application.StuckOrder;
import dev.eventshop.payments.api.PaymentStreams;
import dev.eventshop.platform.eventstore.EventStore;
import dev.eventshop.platform.eventstore.RecordedEvent;
import dev.eventshop.platform.security.Roles;
import dev.eventshop.platform.web.Paging;
import dev.eventshop.shipping.api.ShippingStreams;
import io.smallrye.mutiny.Uni;

/** What an operator asks about orders: which are stuck, and everything that happened to one, across modules. */
@Path("/admin/orders")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Operations")
public class OrderAdminResource {

    /**
     * One event of an order's flow: which module recorded it, in which stream, where (the log it was read from and its
     * position there: {@code events} for this store's own, {@code received} for what came from Kafka), when, and the
     * trace it belongs to.
     */
    @Schema(example = """
            {"module": "payments", "streamId": "payment-6f1c2a9e-3b7d-4e21-9a4f-0c8d5e7b1a23", "streamVersion": 1,
            "type": "payments.PaymentCaptured.v1", "eventId": "9d2b7e4a-1c3f-4a8e-b5d6-0e7f8a9b1c2d", "log": "events",
            "position": 48212, "occurredAt": "2026-12-06T09:15:02.160Z", "recordedAt": "2026-12-06T09:15:02.161Z",
            "traceId": "4bf92f3577b34da6a3ce929d0e0e4736", "correlationId": "6f1c2a9e-3b7d-4e21-9a4f-0c8d5e7b1a23",
            "causationId": "0b6e4c1d-8f2a-4a57-b3c9-71e0d2a4f6b8"}""")
    public record TimelineEntry(String module, String streamId, long streamVersion, String type, String eventId,
            String log, long position, Instant occurredAt, Instant recordedAt, String traceId, String correlationId,
            String causationId) {
    }

    private final OrderQueries stuck;
    private final EventStore store;

    public OrderAdminResource(OrderQueries stuck, EventStore store) {
        this.stuck = stuck;
        this.store = store;
    }

    @GET
    @Path("/stuck")
    @Operation(summary = "Orders PENDING past eventshop.orders.stuck-after, or open past their deadline by as much; "
            + "oldest first, each with its last step")
    @APIResponse(responseCode = "200", description = "The stuck orders",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = StuckOrder.class)))
    @APIResponse(responseCode = "422", description = "limit is not 1 to 1,000")
    public Uni<List<StuckOrder>> stuck(
            @QueryParam("limit") @Parameter(description = "At most this many, 1 to 1,000 (default 100)") String limit) {
        return stuck.stuck(Paging.limit(limit, 100, 1000));
    }

    @GET
    @Path("/{id}/timeline")
    @Operation(summary = "Every event of the order's flow in every module (order, reservation, payment, shipment), "
            + "in the order they were recorded, each with its trace id")
    @APIResponse(responseCode = "200", description = "The order's flow, event by event",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = TimelineEntry.class)))
    @APIResponse(responseCode = "404", description = "No order with this id")
    public Uni<List<TimelineEntry>> timeline(@PathParam("id") String orderId) {
        return store.readStreams(List.of(OrderStreams.orderStream(orderId),
                InventoryStreams.reservationStream(orderId), PaymentStreams.paymentStream(orderId),
                ShippingStreams.shipmentStream(orderId)))
                .map(events -> {
                    if (events.isEmpty()) {
                        throw new NotFoundException("No order " + orderId);
                    }
                    return events.stream().map(OrderAdminResource::entry).toList();
                });
    }

    private static TimelineEntry entry(RecordedEvent event) {
        var metadata = event.metadata();
        String traceparent = metadata == null ? null : metadata.traceparent();
        String traceId = traceparent != null && traceparent.split("-").length >= 3 ? traceparent.split("-")[1] : null;
        return new TimelineEntry(metadata == null ? null : metadata.module(), event.streamId(), event.streamVersion(),
                event.type(), event.eventId().toString(), event.origin() == null ? "events" : "received",
                event.globalPosition(), metadata == null ? null : metadata.occurredAt(), event.recordedAt(), traceId,
                metadata == null ? null : metadata.correlationId(), metadata == null ? null : metadata.causationId());
    }
}
