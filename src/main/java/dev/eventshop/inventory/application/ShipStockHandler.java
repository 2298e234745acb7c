package dev.eventshop.inventory.application;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.eventshop.inventory.InventoryModule;
import dev.eventshop.inventory.api.InventoryStreams;
import dev.eventshop.inventory.api.StockLine;
import dev.eventshop.inventory.api.StockShipped;
import dev.eventshop.inventory.domain.Product;
import dev.eventshop.inventory.domain.Reservation;
import dev.eventshop.inventory.infrastructure.ProductCatalogProjection;
import dev.eventshop.inventory.api.ShipStockCommand;
import dev.eventshop.platform.eventstore.EventMetadata;
import dev.eventshop.platform.eventstore.EventStore;
import dev.eventshop.platform.eventstore.NewEvent;
import dev.eventshop.platform.eventstore.RecordedEvent;
import dev.eventshop.platform.eventstore.StreamAppend;
import io.smallrye.mutiny.Multi;
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

    public Uni<Void> handle(ShipStockCommand shipped, RecordedEvent cause, EventStore.Tx tx) {
        String reservationStream = InventoryStreams.reservationStream(shipped.orderId());
        return store.load(reservationStream, Reservation.empty(), Reservation.EVENTS, Reservation::apply)
                .chain(reservation -> {
                    if (reservation.state().status() != Reservation.Status.RESERVED) {
                        return Uni.createFrom().voidItem();
                    }
                    List<StockLine> lines = reservation.state().lines();
                    return Multi.createFrom().iterable(lines)
                            .onItem().transformToUniAndConcatenate(line -> store.load(
                                    InventoryStreams.productStream(line.sku()), Product.empty(), Product.EVENTS,
                                    Product::apply)
                                    .map(product -> new StreamAppend(InventoryStreams.productStream(line.sku()),
                                            InventoryStreams.PRODUCT, product.version(),
                                            product.state().ship(shipped.orderId()).stream().map(NewEvent::of)
                                                    .toList())))
                            .collect().asList()
                            .chain(productAppends -> {
                                List<StreamAppend> appends = new ArrayList<>(productAppends);
                                appends.add(new StreamAppend(reservationStream, InventoryStreams.RESERVATION,
                                        reservation.version(),
                                        List.of(NewEvent.of(new StockShipped(shipped.orderId())))));
                                return tx.append(appends, EventMetadata.causedBy(cause, InventoryModule.NAME));
                            })
                            .chain(() -> Multi.createFrom().iterable(lines)
                                    .onItem().transformToUniAndConcatenate(line -> catalog.shipped(tx.connection(),
                                            line.sku(), line.quantity()))
                                    .collect().last())
                            .replaceWithVoid();
                });
    }
}
