package dev.eventshop.orders.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.eventshop.orders.api.OrderEvent;
import dev.eventshop.orders.api.OrderPlaced;
import dev.eventshop.orders.domain.Order;
import dev.eventshop.orders.infrastructure.OrderViewProjection.Step;
import dev.eventshop.testing.EventSamples;

/** The order's view shows every event of its list ({@link OrderEvent}) as a step, and its requests as none. */
class OrderWriterStepsTest {

    /** The fixture: an event the order's list does not name. */
    record Unlisted(String orderId) {
    }

    @Test
    void everyEventOfTheListButThePlacementIsAStepOfTheView() {
        for (Object event : EventSamples.of(OrderEvent.class)) {
            if (event instanceof OrderPlaced) {
                continue; // written as the view's row itself
            }
            assertThat(OrderWriter.stepOf(event)).as(event.getClass().getSimpleName()).isNotNull()
                    .extracting(step -> step.type())
                    .isEqualTo(event.getClass().getSimpleName());
        }
    }

    /** The order's live stream tells each status change from its history by the same steps. */
    @Test
    void theStatusAfterAHistoryEntryIsTheStatusItsStepSets() {
        assertThat(OrderWriter.statusAfter("OrderPlaced")).hasValue("PENDING");
        for (Object event : EventSamples.of(OrderEvent.class)) {
            if (event instanceof OrderPlaced) {
                continue;
            }
            Step step = OrderWriter.stepOf(event);
            assertThat(OrderWriter.statusAfter(step.type())).as(step.type()).isEqualTo(Optional.ofNullable(step.status()));
        }
    }

    @Test
    void requestsToOtherModulesShowNothingYet() {
        for (Class<?> request : Order.REQUESTS) {
            assertThat(OrderWriter.stepOf(EventSamples.sample(request))).as(request.getSimpleName()).isNull();
        }
    }

    @Test
    void anEventOutsideTheListHasNoStep() {
        assertThatThrownBy(() -> OrderWriter.stepOf(new Unlisted("o-1"))).isInstanceOf(IllegalArgumentException.class);
    }
}
