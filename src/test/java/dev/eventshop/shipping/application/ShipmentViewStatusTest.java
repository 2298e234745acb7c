package dev.eventshop.shipping.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;

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
        Map<String, String> status = new LinkedHashMap<>();
        for (Object event : EventSamples.of(ShipmentEvent.class)) {
            status.put(event.getClass().getSimpleName(), Shipments.viewStatus(event));
        }
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("ShipmentScheduled", "SCHEDULED");
        expected.put("ShipmentDispatched", "DISPATCHED");
        expected.put("ShipmentDelivered", "DELIVERED");
        expected.put("ShipmentCancelled", "CANCELLED");
        expected.put("ShipmentCancellationRefused", null); // the shipment goes on as it was
        assertThat(status).isEqualTo(expected);
    }

    @Test
    void anEventOutsideTheListIsNot() {
        assertThatThrownBy(() -> Shipments.viewStatus(new Unlisted("o-1"))).isInstanceOf(IllegalArgumentException.class);
    }
}
