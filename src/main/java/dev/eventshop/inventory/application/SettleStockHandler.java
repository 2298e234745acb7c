package dev.eventshop.inventory.application;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.eventshop.inventory.InventoryModule;
import dev.eventshop.inventory.api.InventoryStreams;
import dev.eventshop.inventory.api.ReleaseStockCommand;
import dev.eventshop.inventory.api.ShipStockCommand;
import dev.eventshop.inventory.api.StockShipped;
import dev.eventshop.inventory.domain.Reservation;
import dev.eventshop.inventory.infrastructure.ProductCatalogProjection;
import dev.eventshop.inventory.infrastructure.ProductCatalogProjection.Movement;
import dev.eventshop.platform.eventstore.EventMetadata;
import dev.eventshop.platform.eventstore.EventStore;
import dev.eventshop.platform.eventstore.NewEvent;
import dev.eventshop.platform.eventstore.RecordedEvent;
import dev.eventshop.platform.eventstore.StreamAppend;
import io.smallrye.mutiny.Uni;

/**
 * Settles a reservation once: released back to available stock (the order was cancelled) or shipped for good (its
 * parcel left). A reservation that was rejected or already settled needs nothing.
 */
@ApplicationScoped
public class SettleStockHandler {

    private final ProductCatalogProjection catalog;

    public SettleStockHandler(ProductCatalogProjection catalog) {
        this.catalog = catalog;
    }

    /**
     * Releases the order's reserved stock; before any reservation, remembers the release so that a reservation
     * asked for or replayed later reserves nothing for a cancelled order.
     */
    public Uni<Void> handle(ReleaseStockCommand command, RecordedEvent cause, EventStore.Tx tx) {
        String stream = InventoryStreams.reservationStream(command.orderId());
        return tx.load(stream, Reservation.empty(), Reservation.EVENTS, Reservation::apply).chain(reservation -> {
            List<Object> events = reservation.state().release(command.orderId());
            if (events.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            return tx.append(new StreamAppend(stream, InventoryStreams.RESERVATION, reservation.version(),
                    events.stream().map(NewEvent::of).toList()), EventMetadata.causedBy(cause, InventoryModule.NAME))
                    .chain(() -> reservation.state().status() == Reservation.Status.RESERVED
                            ? catalog.move(tx.connection(), reservation.state().lines(), Movement.RELEASE)
                            : Uni.createFrom().voidItem());
        });
    }

    public Uni<Void> handle(ShipStockCommand command, RecordedEvent cause, EventStore.Tx tx) {
        return settle(command.orderId(), new StockShipped(command.orderId()), Movement.SHIP, cause, tx);
    }

    private Uni<Void> settle(String orderId, Object settled, Movement movement, RecordedEvent cause, EventStore.Tx tx) {
        String stream = InventoryStreams.reservationStream(orderId);
        return tx.load(stream, Reservation.empty(), Reservation.EVENTS, Reservation::apply).chain(reservation -> {
            if (reservation.state().status() != Reservation.Status.RESERVED) {
                return Uni.createFrom().voidItem();
            }
            return tx.append(new StreamAppend(stream, InventoryStreams.RESERVATION, reservation.version(),
                    List.of(NewEvent.of(settled))), EventMetadata.causedBy(cause, InventoryModule.NAME))
                    .chain(() -> catalog.move(tx.connection(), reservation.state().lines(), movement));
        });
    }
}
