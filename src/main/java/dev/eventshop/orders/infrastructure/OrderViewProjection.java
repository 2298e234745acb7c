package dev.eventshop.orders.infrastructure;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.eventshop.orders.api.OrderPlaced;
import dev.eventshop.platform.money.Money;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** The order as shoppers see it, in {@code orders.order_view}, written in the same transaction as the order's events. */
@ApplicationScoped
public class OrderViewProjection {

    public record ItemView(String sku, int quantity, Money unitPrice) {
    }

    public record HistoryEntry(String type, Instant occurredAt) {
    }

    public record OrderView(String orderId, String customerId, String status, List<ItemView> items, Money total,
            String cancellationReason, String trackingNumber, List<HistoryEntry> history) {
    }

    private static final String COLUMNS = """
            order_id, customer_id, status, items::text AS items, total_amount, currency, cancellation_reason,
            tracking_number, history::text AS history""";

    private final Pool pool;
    private final ObjectMapper mapper;
    /** placed → CONFIRMED, recorded as the confirmation is written */
    private final Timer confirmation;

    public OrderViewProjection(Pool pool, ObjectMapper mapper, MeterRegistry registry) {
        this.pool = pool;
        this.mapper = mapper;
        this.confirmation = Timer.builder("eventshop.orders.confirmation")
                .description("Time from an order's placement to its confirmation (stock reserved, payment captured)")
                // up to the confirmation timeout: a slower one is a cancellation, not a confirmation
                .publishPercentileHistogram().maximumExpectedValue(Duration.ofMinutes(15)).register(registry);
    }

    public Uni<Void> placed(SqlClient tx, OrderPlaced placed, Instant occurredAt) {
        List<ItemView> items = placed.lines().stream().map(l -> new ItemView(l.sku(), l.quantity(), l.unitPrice()))
                .toList();
        return tx.preparedQuery("""
                INSERT INTO orders.order_view (order_id, customer_id, status, items, total_amount, currency, history,
                                               deadline, placed_at, updated_at)
                VALUES ($1, $2, 'PENDING', $3::text::jsonb, $4, $5, $6::text::jsonb, $7, $8, $8)""")
                .execute(Tuple.tuple().addString(placed.orderId()).addString(placed.customerId())
                        .addString(json(items)).addLong(placed.total().amount()).addString(placed.total().currency())
                        .addString(json(List.of(new HistoryEntry("OrderPlaced", occurredAt))))
                        .addOffsetDateTime(utc(placed.deadline())).addOffsetDateTime(utc(occurredAt)))
                .replaceWithVoid();
    }

    /** Records a step in the order's history and, when given, its new status and cancellation reason. */
    public Uni<Void> step(SqlClient tx, String orderId, String eventType, Instant occurredAt, String status,
            String cancellationReason, String trackingNumber) {
        return step(tx, orderId, eventType, occurredAt, status, cancellationReason, trackingNumber, Deadline.KEEP, null);
    }

    /** What a step does to the order's next deadline. */
    public enum Deadline {
        KEEP, SET, CLEAR
    }

    /** A step that also sets or clears (no deadline: 'infinity') the order's next deadline. */
    public Uni<Void> step(SqlClient tx, String orderId, String eventType, Instant occurredAt, String status,
            String cancellationReason, String trackingNumber, Deadline deadline, Instant due) {
        return tx.preparedQuery("""
                UPDATE orders.order_view
                   SET history = history || jsonb_build_array(jsonb_build_object('type', $2::text, 'occurredAt', $3::text)),
                       status = coalesce($4, status),
                       cancellation_reason = coalesce($5, cancellation_reason),
                       tracking_number = coalesce($6, tracking_number),
                       deadline = CASE $7::text WHEN 'SET' THEN $8 WHEN 'CLEAR' THEN 'infinity' ELSE deadline END,
                       updated_at = now()
                 WHERE order_id = $1
                RETURNING placed_at""")
                .execute(Tuple.tuple().addString(orderId).addString(eventType).addString(occurredAt.toString())
                        .addString(status).addString(cancellationReason).addString(trackingNumber)
                        .addString(deadline.name()).addOffsetDateTime(due == null ? null : utc(due)))
                .invoke(rows -> {
                    if ("CONFIRMED".equals(status) && rows.size() == 1) {
                        confirmation.record(Duration.between(
                                rows.iterator().next().getOffsetDateTime("placed_at").toInstant(), occurredAt));
                    }
                })
                .replaceWithVoid();
    }

    /** Clears a deadline that passed with nothing due; one set meanwhile (the order moved on) stays. */
    public Uni<Void> clearDeadlineIfDue(String orderId) {
        return pool.preparedQuery("UPDATE orders.order_view SET deadline = 'infinity' WHERE order_id = $1"
                + " AND deadline <= now()").execute(Tuple.of(orderId)).replaceWithVoid();
    }

    /** Sets or clears the order's next deadline alone (a step that shows nothing new in the view). */
    public Uni<Void> deadline(SqlClient tx, String orderId, Deadline deadline, Instant due) {
        return tx.preparedQuery("UPDATE orders.order_view SET deadline = CASE $2::text WHEN 'SET' THEN $3"
                + " WHEN 'CLEAR' THEN 'infinity' ELSE deadline END WHERE order_id = $1")
                .execute(Tuple.tuple().addString(orderId).addString(deadline.name())
                        .addOffsetDateTime(due == null ? null : utc(due)))
                .replaceWithVoid();
    }

    public Uni<Optional<OrderView>> find(String orderId) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM orders.order_view WHERE order_id = $1")
                .execute(Tuple.of(orderId)).map(rows -> views(rows).stream().findFirst());
    }

    /** A customer's orders, newest first; only those in {@code status} unless it is null. */
    public Uni<List<OrderView>> ofCustomer(String customerId, String status) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM orders.order_view WHERE customer_id = $1"
                + " AND ($2::text IS NULL OR status = $2::text) ORDER BY placed_at DESC, order_id")
                .execute(Tuple.of(customerId, status)).map(this::views);
    }

    private List<OrderView> views(RowSet<Row> rows) {
        List<OrderView> views = new ArrayList<>(rows.size());
        for (Row row : rows) {
            views.add(new OrderView(row.getString("order_id"), row.getString("customer_id"), row.getString("status"),
                    read(row.getString("items"), new TypeReference<List<ItemView>>() {
                    }),
                    new Money(row.getLong("total_amount"), row.getString("currency")),
                    row.getString("cancellation_reason"), row.getString("tracking_number"),
                    read(row.getString("history"), new TypeReference<List<HistoryEntry>>() {
                    })));
        }
        return views;
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T read(String json, TypeReference<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
