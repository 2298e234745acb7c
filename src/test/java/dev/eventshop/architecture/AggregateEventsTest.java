package dev.eventshop.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import dev.eventshop.inventory.api.ProductEvent;
import dev.eventshop.inventory.api.ReservationEvent;
import dev.eventshop.inventory.domain.Product;
import dev.eventshop.inventory.domain.Reservation;
import dev.eventshop.orders.api.OrderEvent;
import dev.eventshop.orders.domain.Order;
import dev.eventshop.payments.api.PaymentEvent;
import dev.eventshop.payments.domain.Payment;
import dev.eventshop.platform.eventstore.EventType;
import dev.eventshop.shipping.api.ShipmentEvent;
import dev.eventshop.shipping.domain.Shipment;
import dev.eventshop.testing.EventSamples;

/**
 * Rule: an aggregate's events are one sealed list (its {@code *Event} interface in the module's api); the aggregate
 * folds every one of them, its stream holds exactly them (and, for an order, its requests to other modules), and an
 * event outside the list is refused rather than ignored.
 */
class AggregateEventsTest {

    /** The fixture: an event no aggregate lists. */
    record Unlisted(String orderId) {
    }

    record Aggregate(String name, Class<?> events, List<Class<?>> stream, Consumer<Object> apply) {
    }

    static final List<Aggregate> AGGREGATES = List.of(
            new Aggregate("Order", OrderEvent.class, Order.EVENTS, event -> Order.empty().apply(event)),
            new Aggregate("Payment", PaymentEvent.class, Payment.EVENTS, event -> Payment.empty().apply(event)),
            new Aggregate("Shipment", ShipmentEvent.class, Shipment.EVENTS, event -> Shipment.empty().apply(event)),
            new Aggregate("Reservation", ReservationEvent.class, Reservation.EVENTS,
                    event -> Reservation.empty().apply(event)),
            new Aggregate("Product", ProductEvent.class, Product.EVENTS, event -> Product.empty().apply(event)));

    @Test
    void everyListedEventIsFoldedByItsAggregate() {
        for (Aggregate aggregate : AGGREGATES) {
            List<Object> samples = EventSamples.of(aggregate.events());
            assertThat(samples).as(aggregate.name()).isNotEmpty();
            for (Object event : samples) {
                assertThatCode(() -> aggregate.apply().accept(event))
                        .as(aggregate.name() + " folds " + event.getClass().getSimpleName()).doesNotThrowAnyException();
            }
        }
    }

    /**
     * An event record in an api package that no aggregate's list names would be stored by nobody and folded by nobody:
     * every {@code @EventType} class of the application is in exactly one list, or is a command (a module's input),
     * or is one of the platform's operator records.
     */
    @Test
    void everyEventClassIsInExactlyOneAggregatesList() {
        List<Class<?>> listed = AGGREGATES.stream()
                .<Class<?>>flatMap(aggregate -> Arrays.stream(aggregate.events().getPermittedSubclasses())).toList();
        assertThat(listed).doesNotHaveDuplicates();
        List<Class<?>> events = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.eventshop").stream()
                .filter(type -> type.isAnnotatedWith(EventType.class))
                .filter(type -> !type.getPackageName().startsWith("dev.eventshop.platform."))
                .<Class<?>>map(type -> type.reflect())
                .filter(type -> !type.getSimpleName().endsWith("Command"))
                .toList();
        assertThat(events).hasSizeGreaterThan(20);
        assertThat(listed).as("event classes vs the aggregates' sealed lists")
                .containsExactlyInAnyOrderElementsOf(events);
        assertThat(Order.EVENTS).containsAll(Order.REQUESTS).containsAll(listed.stream()
                .filter(OrderEvent.class::isAssignableFrom).toList());
    }

    /** The fixture: a list that kept version 1 of an event beside version 2 (modules.md, "Evolving an event"). */
    sealed interface EvolvedEvent permits WavedV1, WavedV2 {
    }

    @EventType("archfixture.Waved.v1")
    record WavedV1(String orderId) implements EvolvedEvent {
    }

    @EventType("archfixture.Waved.v2")
    record WavedV2(String orderId, String hand) implements EvolvedEvent {
    }

    /** An aggregate folds the newest version only: the older one reaches it through an upcaster, as the newest. */
    @Test
    void aVersionKeptBesideANewerOneIsNotFolded() {
        assertThat(EventSamples.of(EvolvedEvent.class)).singleElement().isInstanceOf(WavedV2.class);
    }

    @Test
    void anEventOutsideTheListIsRefused() {
        for (Aggregate aggregate : AGGREGATES) {
            assertThatThrownBy(() -> aggregate.apply().accept(new Unlisted("o-1"))).as(aggregate.name())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Unlisted");
        }
    }
}
