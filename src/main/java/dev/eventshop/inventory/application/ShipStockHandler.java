package dev.eventshop.inventory.application;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.eventshop.inventory.InventoryModule;
import dev.eventshop.inventory.api.InventoryStreams;
import dev.eventshop.inventory.api.ShipStockCommand;
import dev.eventshop.inventory.api.StockShipped;
import dev.eventshop.inventory.domain.Reservation;
import dev.eventshop.inventory.infrastructure.ProductCatalogProjection;
import dev.eventshop.platform.eventstore.EventMetadata;
import dev.eventshop.platform.eventstore.EventStore;
import dev.eventshop.platform.eventstore.NewEvent;
import dev.eventshop.platform.eventstore.RecordedEvent;
import dev.eventshop.platform.eventstore.StreamAppend;
import io.smallrye.mutiny.Uni;

/** Lets an order's reserved stock leave for good once its parcel is dispatched. */
@ApplicationScoped
public class ShipStockHandler {

    private final EventStore store;
    private final ProductCatalogProjection catalog;

    public ShipStockHandler(EventStore store, ProductCatalogProjection catalog) {
        this.store = store;
        this.catalog = catalog;
    }

    public Uni<Void> handle(ShipStockCommand command, RecordedEvent cause, EventStore.Tx tx) {
        String stream = InventoryStreams.reservationStream(command.orderId());
        return store.load(stream, Reservation.empty(), Reservation.EVENTS, Reservation::apply).chain(reservation -> {
            if (reservation.state().status() != Reservation.Status.RESERVED) {
                return Uni.createFrom().voidItem();
            }
            return tx.append(new StreamAppend(stream, InventoryStreams.RESERVATION, reservation.version(),
                    List.of(NewEvent.of(new StockShipped(command.orderId())))),
                    EventMetadata.causedBy(cause, InventoryModule.NAME))
                    .chain(() -> catalog.move(tx.connection(), reservation.state().lines(),
                            ProductCatalogProjection.Movement.SHIP));
        });
    }
}
