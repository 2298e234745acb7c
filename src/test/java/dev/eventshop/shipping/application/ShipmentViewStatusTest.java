package dev.eventshop.shipping.application;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.eventshop.shipping.api.ShipmentEvent;
import dev.eventshop.testing.EventSamples;

/** The shipment's view knows what every event of its list ({@link ShipmentEvent}) does to it. */
class ShipmentViewStatusTest {

    /** The fixture: an event the shipment's list does not name. */
    record Unlisted(String orderId) {
    }

    @Test
    void everyEventOfTheListIsProjected() {
        for (Object event : EventSamples.of(ShipmentEvent.class)) {
            assertThatCode(() -> Shipments.viewStatus(event)).as(event.getClass().getSimpleName())
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void anEventOutsideTheListIsNot() {
        assertThatThrownBy(() -> Shipments.viewStatus(new Unlisted("o-1"))).isInstanceOf(IllegalArgumentException.class);
    }
}
