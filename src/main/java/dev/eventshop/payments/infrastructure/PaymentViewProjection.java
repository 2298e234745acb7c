package dev.eventshop.payments.infrastructure;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.eventshop.platform.money.Money;
import dev.eventshop.platform.eventstore.OneStatement;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Writes payments as operators and shoppers see them, in {@code payments.payment_view} (read by PaymentQueries), and
 * answers payments' own questions about them. {@code status}: PENDING, CAPTURED, DECLINED, REFUNDED, or VOIDED
 * (called off before any capture).
 */
@ApplicationScoped
public class PaymentViewProjection {

    private final Pool pool;

    public PaymentViewProjection(Pool pool) {
        this.pool = pool;
    }

    /**
     * A capture is about to be sent to the provider: the payment exists, pending, and {@code updated_at} says when
     * the last attempt left (see {@link #lastAttempt}).
     */
    public Uni<Void> requested(String orderId, Money amount, String customerId) {
        return pool.preparedQuery("""
                INSERT INTO payments.payment_view (order_id, status, amount, currency, customer_id)
                VALUES ($1, 'PENDING', $2, $3, $4)
                ON CONFLICT (order_id) DO UPDATE SET updated_at = now() WHERE payment_view.status = 'PENDING'""")
                .execute(Tuple.of(orderId, amount.amount(), amount.currency(), customerId)).replaceWithVoid();
    }

    /** When the last capture attempt was sent, while no outcome is recorded; empty when none was ever sent. */
    public Uni<Optional<java.time.Instant>> lastAttempt(String orderId) {
        return pool.preparedQuery("SELECT updated_at FROM payments.payment_view WHERE order_id = $1 AND status = 'PENDING'")
                .execute(Tuple.of(orderId))
                .map(rows -> rows.size() == 0 ? Optional.empty()
                        : Optional.of(rows.iterator().next().getOffsetDateTime("updated_at").toInstant()));
    }

    private static final String STATUS = """
            UPDATE payments.payment_view SET status = $2, charge_id = coalesce($3, charge_id), updated_at = now()
             WHERE order_id = $1 AND %s""".formatted(OneStatement.GUARD);


    /** Records the payment's outcome (its status, and the charge when there is one), as a write of {@code statement}. */
    public void status(OneStatement statement, String orderId, String status, String chargeId) {
        statement.write(STATUS, Tuple.of(orderId, status, chargeId));
    }

    /** A payment that should hold no money at the provider (or still waits for its capture's answer). */
    public record Unheld(String orderId, String status) {
    }

    /**
     * The payments that last changed between {@code since} and {@code before} and should hold no money at the
     * provider — voided, declined, refunded — or are still waiting for their capture's answer: oldest first.
     */
    public Uni<List<Unheld>> unheld(Instant since, Instant before, int limit) {
        return pool.preparedQuery("""
                SELECT order_id, status FROM payments.payment_view
                 WHERE status IN ('PENDING', 'VOIDED', 'DECLINED', 'REFUNDED') AND updated_at >= $1 AND updated_at < $2
                 ORDER BY updated_at LIMIT $3""")
                .execute(Tuple.of(since.atOffset(ZoneOffset.UTC), before.atOffset(ZoneOffset.UTC), limit))
                .map(rows -> {
                    List<Unheld> unheld = new ArrayList<>();
                    rows.forEach(row -> unheld.add(new Unheld(row.getString("order_id"), row.getString("status"))));
                    return unheld;
                });
    }
}
