package dev.eventshop.orders.application;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.eventshop.orders.OrdersModule;
import dev.eventshop.orders.infrastructure.OrderViewProjection;
import dev.eventshop.orders.infrastructure.OrdersConfig;
import dev.eventshop.platform.eventstore.ConcurrencyConflictException;
import dev.eventshop.platform.eventstore.EventMetadata;
import dev.eventshop.platform.eventstore.EventStore;
import dev.eventshop.platform.modules.ModulesConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Acts on every order whose next deadline passed (see {@code Order.deadlinePassed}): a pending order is cancelled
 * TIMED_OUT, a confirmed order whose shipment was not booked is called off (SHIPMENT_NOT_SCHEDULED), and an order
 * waiting for what nobody here can force (dispatch, delivery, shipping's answer to a cancellation) is flagged overdue.
 * A deadline is the {@code deadline} of the order's view
 * row, written with the order in one transaction, so it survives restarts. With several instances each order times
 * out once: the cancellation appends at the version it decided on.
 */
@ApplicationScoped
public class OrderDeadlines {

    private static final Logger LOG = Logger.getLogger(OrderDeadlines.class);

    private final Vertx vertx;
    private final Pool pool;
    private final EventStore store;
    private final OrderWriter writer;
    private final OrderViewProjection views;
    private final OrdersConfig config;
    private final ModulesConfig modules;
    private long timer = -1;
    private volatile boolean checking;

    public OrderDeadlines(Vertx vertx, Pool pool, EventStore store, OrderWriter writer, OrderViewProjection views,
            OrdersConfig config,
            ModulesConfig modules) {
        this.vertx = vertx;
        this.pool = pool;
        this.store = store;
        this.writer = writer;
        this.views = views;
        this.config = config;
        this.modules = modules;
    }

    void start(@Observes StartupEvent event) {
        if (!modules.runs(OrdersModule.NAME)) {
            return;
        }
        timer = vertx.setPeriodic(config.deadlineCheckInterval().toMillis(), id -> check());
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
    }

    private void check() {
        if (checking) {
            return;
        }
        checking = true;
        expireDue().subscribe().with(count -> checking = false, failure -> {
            checking = false;
            LOG.warnf("Checking order deadlines failed: %s", failure.toString());
        });
    }

    /** @return how many orders were acted on */
    public Uni<Integer> expireDue() {
        return pool.query("""
                (SELECT order_id, deadline FROM orders.order_view WHERE status = 'PENDING' AND deadline <= now()
                  ORDER BY deadline LIMIT 100)
                UNION ALL
                (SELECT order_id, deadline FROM orders.order_view WHERE status = 'CONFIRMED' AND deadline <= now()
                  ORDER BY deadline LIMIT 100)
                UNION ALL
                (SELECT order_id, deadline FROM orders.order_view WHERE status = 'SHIPPED' AND deadline <= now()
                  ORDER BY deadline LIMIT 100)""")
                .execute()
                .map(rows -> {
                    List<String> ids = new ArrayList<>();
                    rows.forEach(row -> ids.add(row.getString("order_id")));
                    return ids;
                })
                .chain(ids -> Multi.createFrom().iterable(ids)
                        .onItem().transformToUniAndConcatenate(this::expire)
                        .collect().asList()
                        .map(results -> (int) results.stream().filter(Boolean::booleanValue).count()));
    }

    /**
     * The append at the loaded version is the claim: of two instances expiring the same order, or of the deadline and
     * an answer arriving at once, one appends and the other conflicts. Nothing is locked before the append, so this
     * takes its locks in the same order as every other write of an order (the stream's next version, then the view
     * row) and cannot deadlock with them.
     */
    private Uni<Boolean> expire(String orderId) {
        return writer.load(orderId).chain(order -> {
            if (!order.exists()) {
                return Uni.createFrom().item(false);
            }
            List<Object> events = order.state().deadlinePassed();
            if (events.isEmpty()) {
                // nothing is due after all (flagged for this step before): no deadline until the order's next step
                return views.clearDeadlineIfDue(orderId).replaceWith(false);
            }
            return store.inTransaction(tx -> writer.write(tx, orderId, order.version(), order.state(), events,
                    EventMetadata.startIn(orderId, OrdersModule.NAME))).replaceWith(true);
        }).onFailure(ConcurrencyConflictException.class).recoverWithItem(false)
                // one order that cannot be expired now must not hold up the others: it is due again next check
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("Expiring order %s failed: %s", orderId, failure.toString());
                    return false;
                });
    }
}
