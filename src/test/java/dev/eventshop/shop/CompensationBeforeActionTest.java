package dev.eventshop.shop;

import static dev.eventshop.shop.Shop.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.eventshop.inventory.api.ReleaseStockCommand;
import dev.eventshop.inventory.api.ReserveStockCommand;
import dev.eventshop.inventory.api.StockLine;
import dev.eventshop.inventory.application.InventoryCommandMessages;
import dev.eventshop.platform.eventstore.EventCodec;
import dev.eventshop.platform.eventstore.EventMetadata;
import dev.eventshop.platform.eventstore.EventStore;
import dev.eventshop.platform.eventstore.RecordedEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * A participant remembers a compensation that arrived before the action it undoes: inventory's release of an order
 * it never reserved for, followed by the reservation itself (replayed by an operator, or redelivered), reserves
 * nothing for the cancelled order.
 */
@QuarkusTest
class CompensationBeforeActionTest {

    @Inject
    InventoryCommandMessages inventory;

    @Inject
    EventCodec codec;

    @Inject
    EventStore store;

    @Inject
    Pool pool;

    @Test
    void aReservationAfterItsReleaseReservesNothing() {
        String sku = Shop.newSku();
        Shop.addProduct(pool, sku, 800, 5);
        String orderId = UUID.randomUUID().toString();

        inventory.on(command(orderId, 1, new ReleaseStockCommand(orderId))).await().atMost(TIMEOUT);
        inventory.on(command(orderId, 2, new ReserveStockCommand(orderId, List.of(new StockLine(sku, 2)))))
                .await().atMost(TIMEOUT);

        assertThat(Shop.available(sku)).as("stock reserved for an order released before").isEqualTo(5);
        assertThat(store.readStream("reservation-" + orderId).await().atMost(TIMEOUT))
                .extracting(RecordedEvent::type).containsExactly("inventory.ReservationVoided.v1");
        ShopInvariants.awaitHold(pool);
    }

    /** A command on an order's stream as inventory's subscription would hand it over. */
    private RecordedEvent command(String orderId, long version, Object command) {
        return new RecordedEvent(UUID.randomUUID(), "order-" + orderId, "orders.order", version,
                codec.typeOf(command.getClass()), codec.encode(command), EventMetadata.start("orders"), 0, 0,
                Instant.now());
    }
}
