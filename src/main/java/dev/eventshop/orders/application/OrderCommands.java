package dev.eventshop.orders.application;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.eventshop.orders.OrdersModule;
import dev.eventshop.orders.api.OrderLine;
import dev.eventshop.orders.api.OrderPlaced;
import dev.eventshop.orders.api.ShippingAddress;
import dev.eventshop.orders.domain.CancellationReason;
import dev.eventshop.orders.domain.Order;
import dev.eventshop.orders.domain.OrderException;
import dev.eventshop.orders.domain.OrderStatus;
import dev.eventshop.orders.infrastructure.OrdersConfig;
import dev.eventshop.orders.infrastructure.PriceListProjection;
import dev.eventshop.platform.eventstore.ConcurrencyConflictException;
import dev.eventshop.platform.eventstore.EventMetadata;
import dev.eventshop.platform.eventstore.EventStore;
import dev.eventshop.platform.eventstore.ExpectedVersion;
import dev.eventshop.platform.eventstore.OneStatement;
import dev.eventshop.platform.money.Money;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;

/** The shopper's commands on orders. */
@ApplicationScoped
public class OrderCommands {

    public record LineRequest(String sku, int quantity) {
    }

    /**
     * @param idempotencyKey optional; the same key with the same {@code requestHash} gives the same order
     */
    public record PlaceOrderCommand(String idempotencyKey, String requestHash, String customerId,
            List<LineRequest> items, ShippingAddress shippingAddress, String paymentToken) {
    }

    /**
     * @param created false when an earlier request with the same idempotency key placed this order
     * @param view the order as this request's transaction wrote its view, when {@code created}; else null (read it)
     */
    public record Placement(String orderId, boolean created, OrderView view) {
    }

    private final EventStore store;
    private final OrderWriter writer;
    private final PriceListProjection prices;
    private final OrdersConfig config;

    public OrderCommands(EventStore store, OrderWriter writer, PriceListProjection prices, OrdersConfig config) {
        this.store = store;
        this.writer = writer;
        this.prices = prices;
        this.config = config;
    }

    public Uni<Placement> handle(PlaceOrderCommand command) {
        Set<String> skus = new LinkedHashSet<>();
        command.items().forEach(item -> skus.add(item.sku()));
        return prices.prices(skus).chain(known -> {
            List<OrderLine> lines = priced(command.items(), known);
            String orderId = UUID.randomUUID().toString();
            Instant now = Instant.now();
            List<Object> events = Order.place(orderId, command.customerId(), lines, command.shippingAddress(),
                    command.paymentToken(), now.plus(config.confirmationTimeout()));
            EventMetadata metadata = new EventMetadata(orderId, command.idempotencyKey(),
                    EventMetadata.start(OrdersModule.NAME).traceparent(), OrdersModule.NAME, now);
            if (command.idempotencyKey() == null) {
                // nothing to look up first: the events and the view row as one statement
                OneStatement placement = writer.asOneStatement(orderId, ExpectedVersion.NO_STREAM, Order.empty(),
                        events, metadata).orElseThrow();
                return store.inOneStatement(EventStore.Guard.NONE, placement)
                        .replaceWith(new Placement(orderId, true, placedView(events, metadata.occurredAt())));
            }
            return store.inTransaction(tx -> claimKey(tx, command, orderId).chain(existing -> existing != null
                    ? Uni.createFrom().item(new Placement(existing, false, null))
                    : writer.write(tx, orderId, ExpectedVersion.NO_STREAM, Order.empty(), events, metadata)
                            .replaceWith(new Placement(orderId, true, placedView(events, metadata.occurredAt())))));
        });
    }

    /** Cancels on the shopper's request; refused for an unknown order, and once shipped, delivered or cancelled. */
    public Uni<Void> cancel(String orderId) {
        return writer.load(orderId).chain(order -> {
            if (!order.exists()) {
                throw new OrderRejected.UnknownOrder(orderId);
            }
            List<Object> events;
            try {
                events = order.state().cancel(CancellationReason.CUSTOMER_CANCELLED);
            } catch (OrderException.NotCancellable notCancellable) {
                throw new OrderRejected.NotNow(notCancellable.getMessage());
            }
            if (events.isEmpty()) {
                throw new OrderRejected.NotNow("Order " + orderId + " is already cancelled");
            }
            return store.inTransaction(tx -> writer.write(tx, orderId, order.version(), order.state(), events,
                    EventMetadata.startIn(orderId, OrdersModule.NAME)));
        }).onFailure(ConcurrencyConflictException.class).retry().atMost(5);
    }

    /**
     * Records the key (or takes over an expired one), or finds who has it. A second request with the key waits on the first one's row until it
     * commits, so racing duplicates end up with the one order.
     *
     * @return the order id placed earlier under this key, or null when this request now owns it
     */
    private Uni<String> claimKey(EventStore.Tx tx, PlaceOrderCommand command, String orderId) {
        if (command.idempotencyKey() == null) {
            return Uni.createFrom().nullItem();
        }
        // a key older than its TTL is free again, as payment APIs forget theirs after a day; each customer has keys of
        // their own, so nobody can learn of, or take, another customer's key (length-prefixed: no two pairs collide)
        String key = command.customerId().length() + ":" + command.customerId() + ":" + command.idempotencyKey();
        return tx.connection().preparedQuery("""
                INSERT INTO orders.idempotency_keys (idempotency_key, request_hash, order_id) VALUES ($1, $2, $3)
                ON CONFLICT (idempotency_key) DO UPDATE
                   SET request_hash = excluded.request_hash, order_id = excluded.order_id, created_at = now()
                 WHERE idempotency_keys.created_at < now() - make_interval(secs => $4::bigint / 1000.0)
                RETURNING order_id""")
                .execute(Tuple.of(key, command.requestHash(), orderId,
                        config.idempotencyKeyTtl().toMillis()))
                .chain(inserted -> inserted.size() == 1 ? Uni.createFrom().nullItem()
                        : tx.connection().preparedQuery(
                                "SELECT request_hash, order_id FROM orders.idempotency_keys WHERE idempotency_key = $1")
                                .execute(Tuple.of(key))
                                .map(rows -> {
                                    var row = rows.iterator().next();
                                    if (!row.getString("request_hash").equals(command.requestHash())) {
                                        throw new OrderRejected.Invalid("Idempotency-Key",
                                                "was used before with a different request");
                                    }
                                    return row.getString("order_id");
                                }));
    }

    /**
     * The view of an order just placed, as the placement's transaction wrote it ({@code OrderViewProjection.placed}):
     * the answer to the POST needs no read after the commit, and a GET right after it reads the same.
     */
    private static OrderView placedView(List<Object> events, Instant at) {
        OrderPlaced placed = events.stream().filter(OrderPlaced.class::isInstance).map(OrderPlaced.class::cast)
                .findFirst().orElseThrow();
        return new OrderView(placed.orderId(), placed.customerId(), OrderStatus.PENDING.name(),
                placed.lines().stream().map(l -> new OrderView.ItemView(l.sku(), l.quantity(), l.unitPrice())).toList(),
                placed.total(), null, null, List.of(new OrderView.HistoryEntry("OrderPlaced", at)));
    }

    private static List<OrderLine> priced(List<LineRequest> items, Map<String, Money> known) {
        List<OrderRejected.Field> errors = new ArrayList<>();
        List<OrderLine> lines = new ArrayList<>();
        String currency = null;
        for (int i = 0; i < items.size(); i++) {
            LineRequest item = items.get(i);
            Money price = known.get(item.sku());
            if (price == null) {
                errors.add(new OrderRejected.Field("items[" + i + "].sku", "unknown sku " + item.sku()));
                continue;
            }
            if (currency != null && !currency.equals(price.currency())) {
                errors.add(new OrderRejected.Field("items[" + i + "].sku", "is priced in " + price.currency()
                        + "; all items of an order must share one currency (" + currency + ")"));
                continue;
            }
            currency = price.currency();
            lines.add(new OrderLine(item.sku(), item.quantity(), price));
        }
        if (!errors.isEmpty()) {
            throw new OrderRejected.Invalid(errors);
        }
        return lines;
    }
}
