package dev.eventshop.orders.infrastructure;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.eventshop.orders.OrdersModule;
import dev.eventshop.platform.modules.ModulesConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Orders still open by status ({@code eventshop.orders.open}) and the stuck ones ({@code eventshop.orders.stuck}:
 * by the rule OrderQueries.stuck lists them with, here on the database's clock, there on the application's), counted every {@code metrics-interval} rather than on each
 * scrape, through the partial indexes on the open statuses (an OR of the three, which PostgreSQL can combine;
 * terminal orders, most of the table, are not read).
 */
@ApplicationScoped
public class OrderMetrics {

    private static final Logger LOG = Logger.getLogger(OrderMetrics.class);

    private final Vertx vertx;
    private final Pool pool;
    private final OrdersConfig config;
    private final ModulesConfig modules;
    private final Map<String, AtomicLong> open = Map.of("PENDING", new AtomicLong(), "CONFIRMED", new AtomicLong(),
            "SHIPPED", new AtomicLong());
    private final AtomicLong stuck = new AtomicLong();
    private final MeterRegistry registry;
    private final AtomicBoolean counting = new AtomicBoolean();
    private long timer = -1;

    public OrderMetrics(Vertx vertx, Pool pool, OrdersConfig config, ModulesConfig modules, MeterRegistry registry) {
        this.vertx = vertx;
        this.pool = pool;
        this.config = config;
        this.modules = modules;
        this.registry = registry;
    }

    void start(@Observes StartupEvent event) {
        if (!modules.runs(OrdersModule.NAME)) {
            return; // a process without orders exports none: its zeros would mislead a sum over instances
        }
        open.forEach((status, count) -> Gauge.builder("eventshop.orders.open", count, AtomicLong::get)
                .description("Orders not yet delivered or cancelled, by status").tag("status", status)
                .register(registry));
        Gauge.builder("eventshop.orders.stuck", stuck, AtomicLong::get)
                .description("Orders PENDING for longer than eventshop.orders.stuck-after, or open with their next"
                        + " deadline passed by that much").register(registry);
        timer = vertx.setPeriodic(config.metricsInterval().toMillis(), id -> {
            if (counting.compareAndSet(false, true)) {
                count().onTermination().invoke(() -> counting.set(false)).subscribe().with(counted -> { },
                        failure -> LOG.warnf("Counting open orders failed: %s", failure.getMessage()));
            }
        });
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
    }

    Uni<Void> count() {
        return pool.preparedQuery("""
                SELECT count(*) FILTER (WHERE status = 'PENDING') AS pending,
                       count(*) FILTER (WHERE status = 'CONFIRMED') AS confirmed,
                       count(*) FILTER (WHERE status = 'SHIPPED') AS shipped,
                       count(*) FILTER (WHERE (status = 'PENDING'
                                               AND placed_at < now() - make_interval(secs => $1::bigint / 1000.0))
                                           OR deadline < now() - make_interval(secs => $1::bigint / 1000.0)) AS stuck
                  FROM orders.order_view
                 WHERE status = 'PENDING' OR status = 'CONFIRMED' OR status = 'SHIPPED'""")
                .execute(Tuple.of(config.stuckAfter().toMillis()))
                .invoke(rows -> {
                    Row row = rows.iterator().next();
                    open.get("PENDING").set(row.getLong("pending"));
                    open.get("CONFIRMED").set(row.getLong("confirmed"));
                    open.get("SHIPPED").set(row.getLong("shipped"));
                    stuck.set(row.getLong("stuck"));
                })
                .replaceWithVoid();
    }
}
