package dev.eventshop.inventory.application;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.eventshop.inventory.InventoryModule;
import dev.eventshop.inventory.api.InventoryStreams;
import dev.eventshop.inventory.api.ReserveStockCommand;
import dev.eventshop.inventory.api.StockLine;
import dev.eventshop.inventory.api.StockReservationRejected;
import dev.eventshop.inventory.api.StockReserved;
import dev.eventshop.inventory.domain.Reservation;
import dev.eventshop.inventory.infrastructure.ProductCatalogProjection;
import dev.eventshop.platform.eventstore.EventMetadata;
import dev.eventshop.platform.eventstore.EventStore;
import dev.eventshop.platform.eventstore.ExpectedVersion;
import dev.eventshop.platform.eventstore.NewEvent;
import dev.eventshop.platform.eventstore.OneStatement;
import dev.eventshop.platform.eventstore.RecordedEvent;
import dev.eventshop.platform.eventstore.StreamAppend;
import io.smallrye.mutiny.Uni;

/**
 * Reserves every line of an order, or none. The products' stock rows are locked for the decision and changed in the
 * same transaction that appends the order's reservation event, so two reservations can never both take the last
 * unit, and stock never goes negative.
 * <p>
 * An order of one product, the common case, is first tried as one statement ({@link #asOneStatement}), which needs
 * no lock taken ahead and no read: the stock update takes the unit only where it is available, and the reservation
 * is appended as the stream's first event. Anything else (stock short, an unknown product, a reservation stream
 * that has events already) fails that statement as a whole, and the transaction above decides.
 */
@ApplicationScoped
public class ReserveStockHandler {

    private final ProductCatalogProjection catalog;

    public ReserveStockHandler(ProductCatalogProjection catalog) {
        this.catalog = catalog;
    }

    /**
     * The reservation of an order of one product as one statement: the stock taken if available, and
     * {@link StockReserved} as the first event of the order's reservation stream. Empty for an order of several
     * products, which locks its rows in sku order in a transaction ({@link #handle}). The statement fails with a
     * {@link OneStatement.MissingRowException} when the stock is short or the product unknown, and with a
     * {@link dev.eventshop.platform.eventstore.ConcurrencyConflictException} when the reservation stream has events
     * (decided before, or released before it was reserved): then nothing of it committed, and {@link #handle}
     * decides.
     */
    public Optional<OneStatement> asOneStatement(ReserveStockCommand command, RecordedEvent cause) {
        Map<String, Integer> wanted = wanted(command);
        if (wanted.size() != 1) {
            return Optional.empty();
        }
        Map.Entry<String, Integer> line = wanted.entrySet().iterator().next();
        OneStatement statement = new OneStatement().append(
                new StreamAppend(InventoryStreams.reservationStream(command.orderId()), InventoryStreams.RESERVATION,
                        ExpectedVersion.NO_STREAM,
                        List.of(NewEvent.of(new StockReserved(command.orderId(),
                                List.of(new StockLine(line.getKey(), line.getValue())))))),
                EventMetadata.causedBy(cause, InventoryModule.NAME));
        catalog.reserveIfAvailable(statement, line.getKey(), line.getValue());
        return Optional.of(statement);
    }

    private static Map<String, Integer> wanted(ReserveStockCommand command) {
        Map<String, Integer> wanted = new LinkedHashMap<>();
        for (StockLine line : command.lines()) {
            wanted.merge(line.sku(), line.quantity(), Integer::sum);
        }
        return wanted;
    }

    public Uni<Void> handle(ReserveStockCommand command, RecordedEvent cause, EventStore.Tx tx) {
        String stream = InventoryStreams.reservationStream(command.orderId());
        return tx.load(stream, Reservation.empty(), Reservation.EVENTS, Reservation::apply).chain(reservation -> {
            if (!reservation.state().awaitsReservation()) {
                return Uni.createFrom().voidItem(); // decided before, or released before it was reserved
            }
            Map<String, Integer> wanted = wanted(command);
            return catalog.lockAvailable(tx.connection(), wanted.keySet()).chain(available -> {
                List<String> unavailable = new ArrayList<>();
                wanted.forEach((sku, quantity) -> {
                    if (available.getOrDefault(sku, 0) < quantity) {
                        unavailable.add(sku);
                    }
                });
                EventMetadata metadata = EventMetadata.causedBy(cause, InventoryModule.NAME);
                if (!unavailable.isEmpty()) {
                    return tx.append(new StreamAppend(stream, InventoryStreams.RESERVATION, reservation.version(),
                            List.of(NewEvent.of(new StockReservationRejected(command.orderId(), unavailable)))),
                            metadata).replaceWithVoid();
                }
                List<StockLine> lines = wanted.entrySet().stream()
                        .map(e -> new StockLine(e.getKey(), e.getValue())).toList();
                return tx.append(new StreamAppend(stream, InventoryStreams.RESERVATION, reservation.version(),
                        List.of(NewEvent.of(new StockReserved(command.orderId(), lines)))), metadata)
                        .chain(() -> catalog.move(tx.connection(), lines, ProductCatalogProjection.Movement.RESERVE));
            });
        });
    }
}
