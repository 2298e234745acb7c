package dev.eventshop.orders.infrastructure;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The orders module's settings. */
@ConfigMapping(prefix = "eventshop.orders")
public interface OrdersConfig {

    /** An order not CONFIRMED this long after placement is cancelled TIMED_OUT, with compensation. */
    @WithDefault("15m")
    Duration confirmationTimeout();

    /**
     * A PENDING order older than this counts as stuck ({@code eventshop.orders.stuck} metric, {@code GET
     * /admin/orders/stuck}), as does an open order whose next deadline passed this long ago: a healthy order is
     * confirmed or cancelled within seconds and moved on at its deadline, so minutes mean a module or channel is not
     * doing its part.
     */
    @WithDefault("5m")
    Duration stuckAfter();

    /** How often the open and stuck orders are counted for the metrics. */
    @WithDefault("15s")
    Duration metricsInterval();

    /** How often due deadlines are looked for. */
    @WithDefault("1s")
    Duration deadlineCheckInterval();

    /**
     * How long an {@code Idempotency-Key} of {@code POST /orders} is remembered: a retry within it gets the same
     * order, the same key after it places a new one. Expired keys are deleted.
     */
    @WithDefault("24h")
    Duration idempotencyKeyTtl();

    /**
     * A CONFIRMED order whose shipment is not booked this long after confirmation (the booking failed until parked,
     * an operator skipped it) is called off as SHIPMENT_NOT_SCHEDULED: shipping is asked to cancel, and the refund and
     * release follow its answer. So no confirmed order waits silently for ever. A cancellation shipping has not
     * answered this long after it was asked is asked again, and the order flagged overdue in its history.
     */
    @WithDefault("1h")
    Duration shipmentTimeout();

    /** A booked parcel the carrier has not picked up this long after booking is flagged overdue in the order's history. */
    @WithDefault("3d")
    Duration dispatchTimeout();

    /** A shipped parcel not delivered this long after dispatch is flagged overdue in the order's history. */
    @WithDefault("14d")
    Duration deliveryTimeout();
}
