package dev.eventshop.orders.domain;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import dev.eventshop.inventory.api.ReleaseStockCommand;
import dev.eventshop.inventory.api.ReserveStockCommand;
import dev.eventshop.inventory.api.ShipStockCommand;
import dev.eventshop.inventory.api.StockLine;
import dev.eventshop.orders.api.OrderCancellationRefused;
import dev.eventshop.orders.api.OrderCancellationRequested;
import dev.eventshop.orders.api.OrderCancelled;
import dev.eventshop.orders.api.OrderConfirmed;
import dev.eventshop.orders.api.OrderDelivered;
import dev.eventshop.orders.api.OrderEvent;
import dev.eventshop.orders.api.OrderFlaggedOverdue;
import dev.eventshop.orders.api.OrderLine;
import dev.eventshop.orders.api.OrderPlaced;
import dev.eventshop.orders.api.OrderShipmentScheduled;
import dev.eventshop.orders.api.OrderShipped;
import dev.eventshop.orders.api.OrderStockReserved;
import dev.eventshop.orders.api.ShippingAddress;
import dev.eventshop.payments.api.CapturePaymentCommand;
import dev.eventshop.payments.api.RefundPaymentCommand;
import dev.eventshop.platform.money.Money;
import dev.eventshop.shipping.api.Address;
import dev.eventshop.shipping.api.CancelShipmentCommand;
import dev.eventshop.shipping.api.ScheduleShipmentCommand;

/**
 * An order and the state of its process. Commands (and reactions to other modules' events) validate and return the
 * events they cause, together with the commands for other modules that the step calls for (appended to the same
 * stream, so decision and request commit together); state changes only in {@link #apply(Object)}. Once cancelled,
 * an order stays cancelled: late replies cause no new events here, and the compensating commands sent with the
 * cancellation undo whatever a late reply did.
 */
public final class Order {

    /**
     * The other modules' commands the order's stream holds: the requests a step calls for, committed with it. Their
     * answers, not the requests, move the order on.
     */
    public static final List<Class<?>> REQUESTS = List.of(ReserveStockCommand.class, ReleaseStockCommand.class,
            ShipStockCommand.class, CapturePaymentCommand.class, RefundPaymentCommand.class,
            ScheduleShipmentCommand.class, CancelShipmentCommand.class);

    /** Everything the order's stream holds: the order's own events ({@link OrderEvent}) and its requests. */
    public static final List<Class<?>> EVENTS = Stream.concat(
            Arrays.stream(OrderEvent.class.getPermittedSubclasses()), REQUESTS.stream()).toList();

    private String orderId;
    private String customerId;
    private OrderStatus status;
    private boolean stockReserved;
    private Money total;
    private String paymentToken;
    private ShippingAddress address;
    private String trackingNumber;
    /** Why the customer asked to cancel this confirmed order, while shipping has not answered yet. */
    private String cancellationRequested;
    /** Flagged overdue for what it waits for now: each new wait may be flagged once. */
    private boolean flaggedOverdue;

    public static Order empty() {
        return new Order();
    }

    public static List<Object> place(String orderId, String customerId, List<OrderLine> lines,
            ShippingAddress address, String paymentToken, Instant deadline) {
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("an order needs at least one line");
        }
        Money total = lines.get(0).unitPrice().times(0);
        for (OrderLine line : lines) {
            total = total.plus(line.unitPrice().times(line.quantity()));
        }
        return List.of(new OrderPlaced(orderId, customerId, List.copyOf(lines), total, address, paymentToken,
                deadline),
                new ReserveStockCommand(orderId, lines.stream().map(l -> new StockLine(l.sku(), l.quantity())).toList()));
    }

    public boolean exists() {
        return orderId != null;
    }

    /** What an order waits for next: each has a deadline (see {@link #deadlinePassed()}); NONE once terminal. */
    public enum Awaiting {
        CONFIRMATION, BOOKING, DISPATCH, CANCELLATION_ANSWER, DELIVERY, NONE
    }

    public Awaiting awaiting() {
        if (status == null) {
            return Awaiting.NONE;
        }
        return switch (status) {
            case PENDING -> Awaiting.CONFIRMATION;
            case CONFIRMED -> cancellationRequested != null ? Awaiting.CANCELLATION_ANSWER
                    : trackingNumber == null ? Awaiting.BOOKING : Awaiting.DISPATCH;
            case SHIPPED -> Awaiting.DELIVERY;
            default -> Awaiting.NONE;
        };
    }

    public OrderStatus status() {
        return status;
    }

    /** Inventory reserved the stock: capture the payment next. Ignored once the order is no longer pending. */
    public List<Object> stockReserved() {
        if (status != OrderStatus.PENDING || stockReserved) {
            return List.of();
        }
        return List.of(new OrderStockReserved(orderId),
                new CapturePaymentCommand(orderId, total, paymentToken, customerId));
    }

    /**
     * The payment was captured: the order is confirmed. A capture arriving after a cancellation needs nothing here:
     * the refund command sent with the cancellation follows it in payments' queue.
     */
    public List<Object> paymentCaptured() {
        if (status != OrderStatus.PENDING) {
            return List.of();
        }
        return List.of(new OrderConfirmed(orderId), new ScheduleShipmentCommand(orderId, new Address(address.name(),
                address.line1(), address.city(), address.postalCode(), address.country()), customerId));
    }

    public List<Object> shipmentScheduled(String tracking) {
        return status == OrderStatus.CONFIRMED && trackingNumber == null
                ? List.of(new OrderShipmentScheduled(orderId, tracking))
                : List.of();
    }

    /** The parcel left: the stock leaves inventory for good. */
    public List<Object> shipmentDispatched() {
        return status == OrderStatus.CONFIRMED
                ? List.of(new OrderShipped(orderId, trackingNumber), new ShipStockCommand(orderId))
                : List.of();
    }

    public List<Object> shipmentDelivered() {
        return status == OrderStatus.SHIPPED ? List.of(new OrderDelivered(orderId)) : List.of();
    }

    /**
     * Cancels a pending order at once. A confirmed order's parcel may be leaving right now, so its cancellation is a
     * request to shipping: the order is cancelled, refunded and its stock released only once the shipment is called
     * off ({@link #shipmentCancelled()}); a parcel that already left goes on ({@link #cancellationRefused}). Asked
     * again before shipping answered, it asks shipping again. Nothing happens to an order that is cancelled already.
     */
    public List<Object> cancel(CancellationReason reason) {
        if (status == null || status == OrderStatus.CANCELLED) {
            return List.of(); // no such order, or cancelled already
        }
        if (status == OrderStatus.SHIPPED || status == OrderStatus.DELIVERED) {
            throw new OrderException.NotCancellable(orderId, status);
        }
        if (reason == CancellationReason.OUT_OF_STOCK && status == OrderStatus.PENDING && !stockReserved) {
            return List.of(new OrderCancelled(orderId, reason.name())); // nothing was reserved or charged
        }
        if (status == OrderStatus.CONFIRMED) {
            // asked again while shipping has not answered (its command parked and skipped, say): ask shipping again
            return cancellationRequested != null ? List.of(new CancelShipmentCommand(orderId))
                    : List.of(new OrderCancellationRequested(orderId, reason.name()), new CancelShipmentCommand(orderId));
        }
        return List.of(new OrderCancelled(orderId, reason.name()), new ReleaseStockCommand(orderId),
                new RefundPaymentCommand(orderId));
    }

    /** Whether a cancellation was asked for and shipping has not answered yet. */
    private boolean cancellationUnderWay() {
        return status == OrderStatus.CONFIRMED && cancellationRequested != null;
    }

    /** Shipping called the shipment off: now the order is cancelled, the payment refunded and the stock released. */
    public List<Object> shipmentCancelled() {
        if (!cancellationUnderWay()) {
            return List.of();
        }
        return List.of(new OrderCancelled(orderId, cancellationRequested), new ReleaseStockCommand(orderId),
                new RefundPaymentCommand(orderId));
    }

    /**
     * The parcel had left: the cancellation is refused (recorded for the customer to see), and the parcel's dispatch
     * moves the order on, whichever of the two answers arrives first.
     */
    public List<Object> cancellationRefused(String reason) {
        return cancellationRequested != null && status != OrderStatus.CANCELLED
                ? List.of(new OrderCancellationRefused(orderId, reason))
                : List.of();
    }

    /** A system-side cancellation (out of stock, declined, timed out): only while still pending. */
    public List<Object> abandon(CancellationReason reason) {
        return status == OrderStatus.PENDING ? cancel(reason) : List.of();
    }

    /**
     * The order's deadline passed. A pending one times out; a confirmed one whose shipment was never booked is called
     * off (a request to shipping, as a customer's cancel is). A cancellation shipping has not answered is asked again
     * (and the order flagged the first time). What nobody here can force — a booked parcel not picked up, a shipped
     * one not delivered — is flagged overdue, once for each time the order starts waiting for it.
     */
    public List<Object> deadlinePassed() {
        return switch (awaiting()) {
            case CONFIRMATION -> cancel(CancellationReason.TIMED_OUT);
            case BOOKING -> cancel(CancellationReason.SHIPMENT_NOT_SCHEDULED);
            case CANCELLATION_ANSWER -> flaggedOverdue
                    ? List.of(new CancelShipmentCommand(orderId))
                    : List.of(new OrderFlaggedOverdue(orderId, Awaiting.CANCELLATION_ANSWER.name()),
                            new CancelShipmentCommand(orderId));
            case DISPATCH, DELIVERY -> flaggedOverdue ? List.of()
                    : List.of(new OrderFlaggedOverdue(orderId, awaiting().name()));
            case NONE -> List.of();
        };
    }

    public Order apply(Object event) {
        Awaiting before = awaiting();
        applyEvent(event);
        if (awaiting() != before) {
            flaggedOverdue = false;
        }
        return this;
    }

    private void applyEvent(Object event) {
        if (event instanceof OrderPlaced placed) {
            orderId = placed.orderId();
            customerId = placed.customerId();
            status = OrderStatus.PENDING;
            total = placed.total();
            paymentToken = placed.paymentToken();
            address = placed.shippingAddress();
        } else if (event instanceof OrderStockReserved) {
            stockReserved = true;
        } else if (event instanceof OrderConfirmed) {
            status = OrderStatus.CONFIRMED;
        } else if (event instanceof OrderShipmentScheduled scheduled) {
            trackingNumber = scheduled.trackingNumber();
        } else if (event instanceof OrderShipped) {
            status = OrderStatus.SHIPPED;
        } else if (event instanceof OrderDelivered) {
            status = OrderStatus.DELIVERED;
        } else if (event instanceof OrderCancelled) {
            status = OrderStatus.CANCELLED;
            cancellationRequested = null;
        } else if (event instanceof OrderCancellationRequested requested) {
            cancellationRequested = requested.reason();
            flaggedOverdue = false; // a new request: a new answer to wait for
        } else if (event instanceof OrderCancellationRefused) {
            cancellationRequested = null;
        } else if (event instanceof OrderFlaggedOverdue) {
            flaggedOverdue = true;
        } else if (isCommand(event)) {
            // requests to other modules: their answers, not the requests, move the order on
        } else {
            throw new IllegalArgumentException("Order cannot apply " + event.getClass().getName());
        }
    }

    /** Requests to other modules, kept in the order's stream: their answers, not the requests, move the order on. */
    public static boolean isCommand(Object event) {
        return REQUESTS.contains(event.getClass());
    }
}
