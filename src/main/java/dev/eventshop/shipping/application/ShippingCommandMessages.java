package dev.eventshop.shipping.application;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.eventshop.platform.eventstore.EventCodec;
import dev.eventshop.platform.eventstore.EventMetadata;
import dev.eventshop.platform.eventstore.RecordedEvent;
import dev.eventshop.platform.messaging.Inbox;
import dev.eventshop.shipping.ShippingModule;
import dev.eventshop.shipping.api.CancelShipmentCommand;
import dev.eventshop.shipping.api.ScheduleShipmentCommand;
import dev.eventshop.shipping.api.ShipmentCancellationRefused;
import dev.eventshop.shipping.api.ShipmentScheduled;
import dev.eventshop.shipping.infrastructure.Carrier;
import io.smallrye.mutiny.Uni;

/**
 * Shipping's subscription to the commands addressed to it. The carrier is called before the transaction that records
 * the booking; its idempotency key ({@code shipment-<orderId>}) makes a repeated call return the same booking.
 */
@ApplicationScoped
public class ShippingCommandMessages {

    private final Inbox inbox;
    private final EventCodec codec;
    private final Shipments shipments;
    private final Carrier carrier;

    public ShippingCommandMessages(Inbox inbox, EventCodec codec, Shipments shipments, Carrier carrier) {
        this.inbox = inbox;
        this.codec = codec;
        this.shipments = shipments;
        this.carrier = carrier;
    }

    @Incoming(ShippingChannels.COMMANDS)
    public Uni<Void> on(RecordedEvent event) {
        if (event.type().equals(codec.typeOf(ScheduleShipmentCommand.class))) {
            ScheduleShipmentCommand command = codec.decode(event, ScheduleShipmentCommand.class);
            return shipments.load(command.orderId()).chain(shipment -> !shipment.state().awaitsBooking()
                    ? Uni.createFrom().voidItem()
                    : carrier.book(command.orderId(), command.address())
                            .chain(booking -> record(event, command.orderId(), shipment.version(),
                                    List.of(new ShipmentScheduled(command.orderId(), booking.carrier(),
                                            booking.trackingNumber(), command.customerId())))));
        }
        if (event.type().equals(codec.typeOf(CancelShipmentCommand.class))) {
            CancelShipmentCommand command = codec.decode(event, CancelShipmentCommand.class);
            return shipments.load(command.orderId()).chain(shipment -> {
                List<Object> events = shipment.state().cancel(command.orderId());
                if (!shipment.state().bookedWithCarrier()) {
                    return record(event, command.orderId(), shipment.version(), events);
                }
                // the carrier has the last word: a parcel it has already picked up is not called back
                return carrier.cancel(shipment.state().trackingNumber())
                        .replaceWith(events)
                        .onFailure(Carrier.AlreadyDispatchedException.class)
                        .recoverWithItem(refused -> List.of(new ShipmentCancellationRefused(command.orderId(),
                                refused.getMessage())))
                        .chain(outcome -> record(event, command.orderId(), shipment.version(), outcome));
            });
        }
        return Uni.createFrom().voidItem();
    }

    /** Once per command: as one statement when the write can be one, else in a transaction. */
    private Uni<Void> record(RecordedEvent cause, String orderId, long version, List<Object> events) {
        EventMetadata metadata = EventMetadata.causedBy(cause, ShippingModule.NAME);
        return shipments.asOneStatement(orderId, version, events, metadata)
                .map(one -> inbox.once(ShippingChannels.COMMANDS, cause, one))
                .orElseGet(() -> inbox.once(ShippingChannels.COMMANDS, cause,
                        tx -> shipments.write(tx, orderId, version, events, metadata)))
                .replaceWithVoid();
    }
}
