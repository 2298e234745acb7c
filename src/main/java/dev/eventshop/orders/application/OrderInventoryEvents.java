package dev.eventshop.orders.application;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.eventshop.inventory.api.ProductAdded;
import dev.eventshop.inventory.api.StockReservationRejected;
import dev.eventshop.inventory.api.StockReserved;
import dev.eventshop.orders.domain.CancellationReason;
import dev.eventshop.orders.domain.Order;
import dev.eventshop.orders.infrastructure.PriceListProjection;
import dev.eventshop.platform.eventstore.EventCodec;
import dev.eventshop.platform.eventstore.EventStore;
import dev.eventshop.platform.eventstore.RecordedEvent;
import dev.eventshop.platform.messaging.Inbox;
import io.smallrye.mutiny.Uni;

/**
 * Orders' subscription to inventory: the price list follows the catalogue, and each order moves on when its stock is
 * reserved or is cancelled OUT_OF_STOCK when it cannot be. Applied once per event, through the inbox.
 */
@ApplicationScoped
public class OrderInventoryEvents {

    private final Inbox inbox;
    private final EventCodec codec;
    private final PriceListProjection prices;
    private final OrderProcess process;

    public OrderInventoryEvents(Inbox inbox, EventCodec codec, PriceListProjection prices, OrderProcess process) {
        this.inbox = inbox;
        this.codec = codec;
        this.prices = prices;
        this.process = process;
    }

    @Incoming(OrdersChannels.INVENTORY)
    public Uni<Void> on(RecordedEvent event) {
        String type = event.type();
        if (type.equals(codec.typeOf(ProductAdded.class))) {
            ProductAdded added = codec.decode(event, ProductAdded.class);
            return once(event, tx -> prices.on(tx.connection(), added));
        }
        if (type.equals(codec.typeOf(StockReserved.class))) {
            String orderId = codec.decode(event, StockReserved.class).orderId();
            return process.decide(OrdersChannels.INVENTORY, event, orderId, Order::stockReserved);
        }
        if (type.equals(codec.typeOf(StockReservationRejected.class))) {
            String orderId = codec.decode(event, StockReservationRejected.class).orderId();
            return process.decide(OrdersChannels.INVENTORY, event, orderId,
                    order -> order.abandon(CancellationReason.OUT_OF_STOCK));
        }
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> once(RecordedEvent event, java.util.function.Function<EventStore.Tx, Uni<?>> effects) {
        return inbox.once(OrdersChannels.INVENTORY, event, effects).replaceWithVoid();
    }
}
