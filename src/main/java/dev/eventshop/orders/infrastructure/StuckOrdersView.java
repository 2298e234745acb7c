package dev.eventshop.orders.infrastructure;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The orders an operator should look at: PENDING for longer than {@code eventshop.orders.stuck-after} (what the
 * {@code eventshop.orders.stuck} metric counts), or still open with their next deadline passed by that much (the
 * deadline check should have moved them on). Oldest first, each with its last step.
 */
@ApplicationScoped
public class StuckOrdersView {

    /** A stuck order, why it counts as stuck, and the last step its history shows. */
    public record StuckOrder(String orderId, String customerId, String status, Instant placedAt, Instant deadline,
            String reason, String lastEventType, Instant lastEventAt) {
    }

    private final Pool pool;
    private final OrdersConfig config;

    public StuckOrdersView(Pool pool, OrdersConfig config) {
        this.pool = pool;
        this.config = config;
    }

    public Uni<List<StuckOrder>> stuck(int limit) {
        return pool.preparedQuery("""
                SELECT order_id, customer_id, status, placed_at,
                       CASE WHEN deadline = 'infinity' THEN NULL ELSE deadline END AS deadline,
                       status = 'PENDING' AND placed_at < now() - make_interval(secs => $1::bigint / 1000.0) AS pending_too_long,
                       history -> -1 ->> 'type' AS last_type, history -> -1 ->> 'occurredAt' AS last_at
                  FROM orders.order_view
                 WHERE (status = 'PENDING' OR status = 'CONFIRMED' OR status = 'SHIPPED')
                   AND ((status = 'PENDING' AND placed_at < now() - make_interval(secs => $1::bigint / 1000.0))
                        OR deadline < now() - make_interval(secs => $1::bigint / 1000.0))
                 ORDER BY placed_at LIMIT $2""")
                .execute(Tuple.of(config.stuckAfter().toMillis(), limit))
                .map(rows -> {
                    List<StuckOrder> stuck = new ArrayList<>();
                    for (Row row : rows) {
                        Instant deadline = row.getOffsetDateTime("deadline") == null ? null
                                : row.getOffsetDateTime("deadline").toInstant();
                        String reason = row.getBoolean("pending_too_long")
                                ? "PENDING for longer than " + config.stuckAfter()
                                : "its deadline passed at " + deadline + " and it did not move on";
                        String lastAt = row.getString("last_at");
                        stuck.add(new StuckOrder(row.getString("order_id"), row.getString("customer_id"),
                                row.getString("status"), row.getOffsetDateTime("placed_at").toInstant(), deadline,
                                reason, row.getString("last_type"), lastAt == null ? null : Instant.parse(lastAt)));
                    }
                    return stuck;
                });
    }
}
