package dev.eventshop.payments.infrastructure;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.eventshop.platform.money.Money;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Payments as operators and shoppers see them, in {@code payments.payment_view}. */
@ApplicationScoped
public class PaymentViewProjection {

    /** {@code status}: PENDING, CAPTURED, DECLINED, REFUNDED, or VOIDED (called off before any capture). */
    public record PaymentView(String orderId, String status, Money amount) {
    }

    private final Pool pool;

    public PaymentViewProjection(Pool pool) {
        this.pool = pool;
    }

    /** The capture request arrived: the payment exists, pending. */
    public Uni<Void> requested(String orderId, Money amount) {
        return pool.preparedQuery("""
                INSERT INTO payments.payment_view (order_id, status, amount, currency) VALUES ($1, 'PENDING', $2, $3)
                ON CONFLICT (order_id) DO NOTHING""")
                .execute(Tuple.of(orderId, amount.amount(), amount.currency())).replaceWithVoid();
    }

    public Uni<Void> status(SqlClient tx, String orderId, String status, String chargeId) {
        return tx.preparedQuery("""
                UPDATE payments.payment_view SET status = $2, charge_id = coalesce($3, charge_id), updated_at = now()
                 WHERE order_id = $1""")
                .execute(Tuple.of(orderId, status, chargeId)).replaceWithVoid();
    }

    public Uni<Optional<PaymentView>> find(String orderId) {
        return pool.preparedQuery("SELECT order_id, status, amount, currency FROM payments.payment_view WHERE order_id = $1")
                .execute(Tuple.of(orderId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next()).map(row ->
                        new PaymentView(row.getString("order_id"), row.getString("status"),
                                new Money(row.getLong("amount"), row.getString("currency")))));
    }
}
