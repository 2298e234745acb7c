package dev.eventshop.shipping.domain;

import java.util.List;

import dev.eventshop.shipping.api.ShipmentCancellationRefused;
import dev.eventshop.shipping.api.ShipmentCancelled;
import dev.eventshop.shipping.api.ShipmentDelivered;
import dev.eventshop.shipping.api.ShipmentDispatched;
import dev.eventshop.shipping.api.ShipmentEvent;
import dev.eventshop.shipping.api.ShipmentScheduled;

/** One order's shipment: SCHEDULED → DISPATCHED → DELIVERED, or CANCELLED before it leaves. */
public final class Shipment {

    public enum Status {
        NONE, SCHEDULED, DISPATCHED, DELIVERED, CANCELLED
    }

    /** A carrier callback that the shipment's state does not allow. */
    public static final class NotAllowedException extends RuntimeException {
        public NotAllowedException(String message) {
            super(message);
        }
    }

    /** Everything the stream holds: the one list of them is {@link ShipmentEvent}. */
    public static final List<Class<?>> EVENTS = List.of(ShipmentEvent.class.getPermittedSubclasses());

    private String orderId;
    private Status status = Status.NONE;
    private String trackingNumber;

    public static Shipment empty() {
        return new Shipment();
    }

    public Status status() {
        return status;
    }

    public String trackingNumber() {
        return trackingNumber;
    }

    public boolean awaitsBooking() {
        return status == Status.NONE;
    }

    public List<Object> dispatch() {
        if (status != Status.SCHEDULED) {
            throw new NotAllowedException("Shipment of order " + orderId + " is " + status + ", not SCHEDULED");
        }
        return List.of(new ShipmentDispatched(orderId, trackingNumber));
    }

    public List<Object> deliver() {
        if (status != Status.DISPATCHED) {
            throw new NotAllowedException("Shipment of order " + orderId + " is " + status + ", not DISPATCHED");
        }
        return List.of(new ShipmentDelivered(orderId));
    }

    /**
     * Calls the shipment off unless it has left; a shipment never booked can no longer be booked. Once the parcel has
     * left, the answer is a refusal, so the order knows the parcel goes on to the customer.
     */
    public List<Object> cancel(String forOrder) {
        return switch (status) {
            case NONE, SCHEDULED -> List.of(new ShipmentCancelled(forOrder));
            case DISPATCHED, DELIVERED -> List.of(new ShipmentCancellationRefused(forOrder,
                    "the parcel was " + status.name().toLowerCase() + " already"));
            // asked again (the order's first request went unanswered): the same answer again
            case CANCELLED -> List.of(new ShipmentCancelled(forOrder));
        };
    }

    /** Whether the carrier has to be asked to call the booking off. */
    public boolean bookedWithCarrier() {
        return status == Status.SCHEDULED;
    }

    public Shipment apply(Object event) {
        if (event instanceof ShipmentScheduled scheduled) {
            orderId = scheduled.orderId();
            trackingNumber = scheduled.trackingNumber();
            status = Status.SCHEDULED;
        } else if (event instanceof ShipmentDispatched) {
            status = Status.DISPATCHED;
        } else if (event instanceof ShipmentDelivered) {
            status = Status.DELIVERED;
        } else if (event instanceof ShipmentCancelled cancelled) {
            orderId = cancelled.orderId();
            status = Status.CANCELLED;
        } else if (event instanceof ShipmentCancellationRefused) {
            // the parcel goes on: nothing changes
        } else {
            throw new IllegalArgumentException("Shipment cannot apply " + event.getClass().getName());
        }
        return this;
    }
}
