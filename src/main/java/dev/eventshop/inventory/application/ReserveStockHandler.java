package dev.eventshop.inventory.application;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.eventshop.inventory.InventoryModule;
import dev.eventshop.inventory.api.InventoryStreams;
import dev.eventshop.inventory.api.StockLine;
import dev.eventshop.inventory.api.StockReservationRejected;
import dev.eventshop.inventory.api.StockReserved;
import dev.eventshop.inventory.domain.Product;
import dev.eventshop.inventory.domain.Reservation;
import dev.eventshop.inventory.infrastructure.ProductCatalogProjection;
import dev.eventshop.inventory.api.ReserveStockCommand;
import dev.eventshop.platform.eventstore.EventMetadata;
import dev.eventshop.platform.eventstore.EventStore;
import dev.eventshop.platform.eventstore.Loaded;
import dev.eventshop.platform.eventstore.NewEvent;
import dev.eventshop.platform.eventstore.RecordedEvent;
import dev.eventshop.platform.eventstore.StreamAppend;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Reserves every line of an order, or none: the product streams and the order's reservation stream are
 * appended in one transaction, each at the version it was decided on, so a concurrent restock or reservation makes
 * the whole decision run again rather than oversell.
 */
@ApplicationScoped
public class ReserveStockHandler {

    private final EventStore store;
    private final ProductCatalogProjection catalog;

    public ReserveStockHandler(EventStore store, ProductCatalogProjection catalog) {
        this.store = store;
        this.catalog = catalog;
    }

    public Uni<Void> handle(ReserveStockCommand placed, RecordedEvent cause, EventStore.Tx tx) {
        String reservationStream = InventoryStreams.reservationStream(placed.orderId());
        return store.load(reservationStream, Reservation.empty(), Reservation.EVENTS, Reservation::apply)
                .chain(reservation -> {
                    if (reservation.state().status() != Reservation.Status.NONE) {
                        return Uni.createFrom().voidItem();
                    }
                    Map<String, Integer> wanted = new LinkedHashMap<>();
                    for (StockLine line : placed.lines()) {
                        wanted.merge(line.sku(), line.quantity(), Integer::sum);
                    }
                    return Multi.createFrom().iterable(wanted.keySet())
                            .onItem().transformToUniAndConcatenate(sku -> store.load(
                                    InventoryStreams.productStream(sku), Product.empty(), Product.EVENTS, Product::apply))
                            .collect().asList()
                            .chain(products -> decide(placed, cause, tx, reservation, wanted, products));
                });
    }

    private Uni<Void> decide(ReserveStockCommand placed, RecordedEvent cause, EventStore.Tx tx, Loaded<Reservation> reservation,
            Map<String, Integer> wanted, List<Loaded<Product>> products) {
        EventMetadata metadata = EventMetadata.causedBy(cause, InventoryModule.NAME);
        String reservationStream = InventoryStreams.reservationStream(placed.orderId());
        List<String> unavailable = new ArrayList<>();
        List<String> skus = new ArrayList<>(wanted.keySet());
        for (int i = 0; i < skus.size(); i++) {
            if (!products.get(i).state().canReserve(placed.orderId(), wanted.get(skus.get(i)))) {
                unavailable.add(skus.get(i));
            }
        }
        if (!unavailable.isEmpty()) {
            return tx.append(new StreamAppend(reservationStream, InventoryStreams.RESERVATION, reservation.version(),
                    List.of(NewEvent.of(new StockReservationRejected(placed.orderId(), unavailable)))), metadata)
                    .replaceWithVoid();
        }
        List<StreamAppend> appends = new ArrayList<>();
        List<StockLine> lines = new ArrayList<>();
        for (int i = 0; i < skus.size(); i++) {
            Loaded<Product> product = products.get(i);
            int quantity = wanted.get(skus.get(i));
            List<NewEvent> events = product.state().reserve(placed.orderId(), quantity).stream().map(NewEvent::of)
                    .toList();
            appends.add(new StreamAppend(InventoryStreams.productStream(skus.get(i)), InventoryStreams.PRODUCT,
                    product.version(), events));
            lines.add(new StockLine(skus.get(i), quantity));
        }
        appends.add(new StreamAppend(reservationStream, InventoryStreams.RESERVATION, reservation.version(),
                List.of(NewEvent.of(new StockReserved(placed.orderId(), lines)))));
        return tx.append(appends, metadata)
                .chain(() -> Multi.createFrom().iterable(lines)
                        .onItem().transformToUniAndConcatenate(line -> catalog.reserved(tx.connection(), line.sku(),
                                line.quantity()))
                        .collect().last())
                .replaceWithVoid();
    }

}
