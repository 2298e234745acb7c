package dev.eventshop.inventory.application;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.eventshop.inventory.api.ReleaseStockCommand;
import dev.eventshop.inventory.api.ReserveStockCommand;
import dev.eventshop.inventory.api.ShipStockCommand;
import dev.eventshop.platform.eventstore.ConcurrencyConflictException;
import dev.eventshop.platform.eventstore.EventCodec;
import dev.eventshop.platform.eventstore.OneStatement;
import dev.eventshop.platform.eventstore.RecordedEvent;
import dev.eventshop.platform.messaging.Inbox;
import io.smallrye.mutiny.Uni;

/**
 * Inventory's subscription to the commands addressed to it. Which streams carry them is configuration
 * ({@code stream-types}); one channel, so an order's reserve and release arrive in order. Each command is applied
 * once, inside the inbox transaction; anything else on those streams is none of inventory's business.
 */
@ApplicationScoped
public class InventoryCommandMessages {

    private final Inbox inbox;
    private final EventCodec codec;
    private final ReserveStockHandler reserve;
    private final SettleStockHandler settle;

    public InventoryCommandMessages(Inbox inbox, EventCodec codec, ReserveStockHandler reserve,
            SettleStockHandler settle) {
        this.inbox = inbox;
        this.codec = codec;
        this.reserve = reserve;
        this.settle = settle;
    }

    @Incoming(InventoryChannels.COMMANDS)
    public Uni<Void> on(RecordedEvent event) {
        if (event.type().equals(codec.typeOf(ReserveStockCommand.class))) {
            ReserveStockCommand command = codec.decode(event, ReserveStockCommand.class);
            Uni<Boolean> inTransaction = Uni.createFrom().deferred(
                    () -> inbox.once(InventoryChannels.COMMANDS, event, tx -> reserve.handle(command, event, tx)));
            return reserve.asOneStatement(command, event)
                    .map(statement -> inbox.once(InventoryChannels.COMMANDS, event, statement)
                            // stock short, an unknown product or a stream with events: nothing of it committed
                            .onFailure(failure -> failure instanceof OneStatement.MissingRowException
                                    || failure instanceof ConcurrencyConflictException)
                            .recoverWithUni(() -> inTransaction))
                    .orElse(inTransaction)
                    .replaceWithVoid();
        }
        if (event.type().equals(codec.typeOf(ReleaseStockCommand.class))) {
            ReleaseStockCommand command = codec.decode(event, ReleaseStockCommand.class);
            return inbox.once(InventoryChannels.COMMANDS, event, tx -> settle.handle(command, event, tx))
                    .replaceWithVoid();
        }
        if (event.type().equals(codec.typeOf(ShipStockCommand.class))) {
            ShipStockCommand command = codec.decode(event, ShipStockCommand.class);
            return inbox.once(InventoryChannels.COMMANDS, event, tx -> settle.handle(command, event, tx))
                    .replaceWithVoid();
        }
        return Uni.createFrom().voidItem();
    }
}
