package dev.eventshop.orders.infrastructure;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.eventshop.orders.api.OrderPlaced;
import dev.eventshop.platform.eventstore.OneStatement;
import dev.eventshop.platform.money.Money;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Writes the order as shoppers see it, in {@code orders.order_view}, in the same transaction as the order's events
 * (OrderQueries reads it).
 */
@ApplicationScoped
public class OrderViewProjection {

    // what the items and history columns hold: the same JSON shape OrderQueries reads into OrderView
    public record ItemView(String sku, int quantity, Money unitPrice) {
    }

    public record HistoryEntry(String type, Instant occurredAt) {
    }

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

    private static final String PLACED = """
            INSERT INTO orders.order_view (order_id, customer_id, status, items, total_amount, currency, history,
                                           deadline, placed_at, updated_at)
            SELECT $1::text, $2::text, 'PENDING', $3::text::jsonb, $4::bigint, $5::text, $6::text::jsonb,
                   $7::timestamptz, $8::timestamptz, $8::timestamptz%s""";
    private static final String PLACED_ALONE = PLACED.formatted("");
    private static final String PLACED_GUARDED = PLACED.formatted(" WHERE " + OneStatement.GUARD);

    public Uni<Void> placed(SqlClient tx, OrderPlaced placed, Instant occurredAt) {
        return tx.preparedQuery(PLACED_ALONE).execute(placedArgs(placed, occurredAt)).replaceWithVoid();
    }

    /** As {@link #placed(SqlClient, OrderPlaced, Instant)}, as a write of {@code statement}. */
    public void placed(OneStatement statement, OrderPlaced placed, Instant occurredAt) {
        statement.write(PLACED_GUARDED, placedArgs(placed, occurredAt));
    }

    private Tuple placedArgs(OrderPlaced placed, Instant occurredAt) {
        return Tuple.tuple().addString(placed.orderId()).addString(placed.customerId())
                .addString(json(itemsOf(placed))).addLong(placed.total().amount()).addString(placed.total().currency())
                .addString(json(List.of(new HistoryEntry("OrderPlaced", occurredAt))))
                .addOffsetDateTime(utc(placed.deadline())).addOffsetDateTime(utc(occurredAt));
    }

    /**
     * What one of the order's events shows: its entry in the history and, when not null, the order's new status,
     * cancellation reason or tracking number.
     */
    public record Step(String type, String status, String cancellationReason, String trackingNumber) {
    }

    /** What a step does to the order's next deadline. */
    public enum Deadline {
        KEEP, SET, CLEAR
    }

    private static final String STEP = """
            UPDATE orders.order_view
               SET history = history || jsonb_build_array(jsonb_build_object('type', $2::text, 'occurredAt', $3::text)),
                   status = coalesce($4, status),
                   cancellation_reason = coalesce($5, cancellation_reason),
                   tracking_number = coalesce($6, tracking_number),
                   deadline = CASE $7::text WHEN 'SET' THEN $8 WHEN 'CLEAR' THEN 'infinity' ELSE deadline END,
                   updated_at = now()
             WHERE order_id = $1%s
            RETURNING placed_at""";

    private static final String DEADLINE = "UPDATE orders.order_view SET deadline = CASE $2::text WHEN 'SET' THEN $3"
            + " WHEN 'CLEAR' THEN 'infinity' ELSE deadline END WHERE order_id = $1%s";

    /*
     * In one statement, a step must find the order's row: one a rebuild put back after the statement began is not
     * there for it (a transaction's next statement would see it), so none found fails the statement and the order
     * process writes in a transaction instead.
     */
    private static final String STEP_ALONE = STEP.formatted("");
    private static final String DEADLINE_ALONE = DEADLINE.formatted("");
    private static final String STEP_GUARDED = STEP.formatted(" AND " + OneStatement.GUARD);
    private static final String DEADLINE_GUARDED = DEADLINE.formatted(" AND " + OneStatement.GUARD + " RETURNING 1");

    /** Records a step in the order's history, with what it changes, and sets or clears the next deadline. */
    public Uni<Void> step(SqlClient tx, String orderId, Step step, Instant occurredAt, Deadline deadline, Instant due) {
        return tx.preparedQuery(STEP_ALONE)
                .execute(stepArgs(orderId, step, occurredAt, deadline, due))
                .invoke(rows -> confirmed(step, occurredAt,
                        rows.size() == 1 ? rows.iterator().next().getValue(0) : null))
                .replaceWithVoid();
    }

    /** As {@link #step}, as a write of {@code statement}. */
    public void step(OneStatement statement, String orderId, Step step, Instant occurredAt, Deadline deadline,
            Instant due) {
        statement.writeRow(STEP_GUARDED, stepArgs(orderId, step, occurredAt, deadline, due), "placed_at",
                placedAt -> confirmed(step, occurredAt, placedAt));
    }

    private static Tuple stepArgs(String orderId, Step step, Instant occurredAt, Deadline deadline, Instant due) {
        return Tuple.tuple().addString(orderId).addString(step.type()).addString(occurredAt.toString())
                .addString(step.status()).addString(step.cancellationReason())
                .addString(step.trackingNumber()).addString(deadline.name())
                .addOffsetDateTime(due == null ? null : utc(due));
    }

    private void confirmed(Step step, Instant occurredAt, Object placedAt) {
        if ("CONFIRMED".equals(step.status()) && placedAt instanceof OffsetDateTime placed) {
            confirmation.record(Duration.between(placed.toInstant(), occurredAt));
        }
    }

    /**
     * An order's row worked out from its events alone (by a rebuild), in the order they were written: what
     * {@link #placed} and each {@link #step} would have written.
     */
    public static final class Rebuilt {

        private final String orderId;
        private final String customerId;
        private final List<ItemView> items;
        private final Money total;
        private final Instant placedAt;
        private final List<HistoryEntry> history = new ArrayList<>();
        private String status = "PENDING";
        private String cancellationReason;
        private String trackingNumber;
        private Instant deadline;
        private Instant updatedAt;

        public Rebuilt(OrderPlaced placed, Instant occurredAt) {
            this.orderId = placed.orderId();
            this.customerId = placed.customerId();
            this.items = itemsOf(placed);
            this.total = placed.total();
            this.placedAt = occurredAt;
            this.updatedAt = occurredAt;
            this.deadline = placed.deadline();
            history.add(new HistoryEntry("OrderPlaced", occurredAt));
        }

        public Rebuilt step(Step step, Instant occurredAt) {
            history.add(new HistoryEntry(step.type(), occurredAt));
            status = step.status() != null ? step.status() : status;
            cancellationReason = step.cancellationReason() != null ? step.cancellationReason() : cancellationReason;
            trackingNumber = step.trackingNumber() != null ? step.trackingNumber() : trackingNumber;
            updatedAt = occurredAt;
            return this;
        }

        /** {@code null} for none ({@code 'infinity'} in the table). */
        public Rebuilt deadline(Deadline change, Instant due) {
            deadline = switch (change) {
                case KEEP -> deadline;
                case SET -> due;
                case CLEAR -> null;
            };
            return this;
        }
    }

    /** Locks the order's row (when it has one) against the live writes of the order until the transaction ends. */
    public Uni<Void> lock(SqlClient tx, String orderId) {
        return tx.preparedQuery("SELECT 1 FROM orders.order_view WHERE order_id = $1 FOR UPDATE")
                .execute(Tuple.of(orderId)).replaceWithVoid();
    }

    /**
     * Writes a rebuilt row over the order's row, in place: a live step waiting on the row's lock then applies on top
     * of it (a row deleted and inserted anew would leave that step nothing to update). An existing row keeps its next
     * deadline: that is the order process's timer, set with the timeouts of the day each step was written (and
     * cleared by the deadline check); a row that was lost gets the one its events give with today's timeouts.
     *
     * @param whole write the deadline too: the row is the rebuild's own (it put back a lost row)
     * @return whether the row was missing and is new
     */
    public Uni<Boolean> rewrite(SqlClient tx, Rebuilt row, boolean whole) {
        return tx.preparedQuery("""
                INSERT INTO orders.order_view (order_id, customer_id, status, items, total_amount, currency,
                                               cancellation_reason, tracking_number, history, deadline, placed_at,
                                               updated_at)
                VALUES ($1, $2, $3, $4::text::jsonb, $5, $6, $7, $8, $9::text::jsonb,
                        coalesce($10::timestamptz, 'infinity'), $11, $12)
                ON CONFLICT (order_id) DO UPDATE SET customer_id = excluded.customer_id, status = excluded.status,
                       items = excluded.items, total_amount = excluded.total_amount, currency = excluded.currency,
                       cancellation_reason = excluded.cancellation_reason, tracking_number = excluded.tracking_number,
                       history = excluded.history, placed_at = excluded.placed_at, updated_at = excluded.updated_at,
                       deadline = CASE WHEN $13 THEN excluded.deadline ELSE order_view.deadline END
                RETURNING (xmax = 0) AS inserted""")
                .execute(Tuple.tuple().addString(row.orderId).addString(row.customerId).addString(row.status)
                        .addString(json(row.items)).addLong(row.total.amount()).addString(row.total.currency())
                        .addString(row.cancellationReason).addString(row.trackingNumber).addString(json(row.history))
                        .addOffsetDateTime(row.deadline == null ? null : utc(row.deadline))
                        .addOffsetDateTime(utc(row.placedAt)).addOffsetDateTime(utc(row.updatedAt)).addBoolean(whole))
                .map(rows -> rows.iterator().next().getBoolean("inserted"));
    }

    /** Clears a deadline that passed with nothing due; one set meanwhile (the order moved on) stays. */
    public Uni<Void> clearDeadlineIfDue(String orderId) {
        return pool.preparedQuery("UPDATE orders.order_view SET deadline = 'infinity' WHERE order_id = $1"
                + " AND deadline <= now()").execute(Tuple.of(orderId)).replaceWithVoid();
    }

    /** Sets or clears the order's next deadline alone (a step that shows nothing new in the view). */
    public Uni<Void> deadline(SqlClient tx, String orderId, Deadline deadline, Instant due) {
        return tx.preparedQuery(DEADLINE_ALONE).execute(deadlineArgs(orderId, deadline, due)).replaceWithVoid();
    }

    /** As {@link #deadline}, as a write of {@code statement}. */
    public void deadline(OneStatement statement, String orderId, Deadline deadline, Instant due) {
        statement.writeRow(DEADLINE_GUARDED, deadlineArgs(orderId, deadline, due), null, null);
    }

    private static Tuple deadlineArgs(String orderId, Deadline deadline, Instant due) {
        return Tuple.tuple().addString(orderId).addString(deadline.name())
                .addOffsetDateTime(due == null ? null : utc(due));
    }

    private static List<ItemView> itemsOf(OrderPlaced placed) {
        return placed.lines().stream().map(l -> new ItemView(l.sku(), l.quantity(), l.unitPrice())).toList();
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
