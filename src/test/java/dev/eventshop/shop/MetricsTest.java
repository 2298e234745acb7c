package dev.eventshop.shop;

import static dev.eventshop.shop.Shop.TIMEOUT;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.eventshop.platform.eventstore.EventMetadata;
import dev.eventshop.platform.eventstore.EventStore;
import dev.eventshop.platform.eventstore.ExpectedVersion;
import dev.eventshop.platform.eventstore.NewEvent;
import dev.eventshop.platform.eventstore.StreamAppend;
import dev.eventshop.platform.eventstore.TestEvents.Work;
import dev.eventshop.platform.messaging.PoisonEventConsumer;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** The meters an operator alerts on move as the shop works and fails (README, "Metrics"). */
@QuarkusTest
class MetricsTest {

    @Inject
    Pool pool;

    @Inject
    EventStore store;

    /** The value of a Prometheus sample whose name and labels start as given; 0 when absent. */
    private static double sample(String nameAndLabels) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher line = Pattern.compile("^" + Pattern.quote(nameAndLabels) + "[^\\n]* ([0-9.eE+-]+)$", Pattern.MULTILINE)
                .matcher(metrics);
        return line.find() ? Double.parseDouble(line.group(1)) : 0;
    }

    @Test
    void anOrderMovesTheHandlerAndConfirmationMeters() {
        String handled = "eventshop_subscription_handler_seconds_count{outcome=\"success\",subscription=\"inventory-commands\"";
        String confirmations = "eventshop_orders_confirmation_seconds_count";
        String placed = "eventshop_events_appended_total{type=\"orders.OrderPlaced.v1\"";
        double handledBefore = sample(handled);
        double confirmedBefore = sample(confirmations);
        double placedBefore = sample(placed);
        String sku = Shop.newSku();
        Shop.addProduct(pool, sku, 500, 5);
        String order = Shop.placeOrder(Shop.order("c-" + UUID.randomUUID(), sku, 1));
        await().atMost(TIMEOUT).until(() -> !Shop.status(order).equals("PENDING"));

        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(sample(handled)).isGreaterThan(handledBefore);
            assertThat(sample(confirmations)).isGreaterThan(confirmedBefore);
        });
        assertThat(sample(placed)).isEqualTo(placedBefore + 1);
        assertThat(given().get("/q/metrics").then().extract().asString())
                .contains("eventshop_orders_open{status=\"CONFIRMED\"", "eventshop_orders_confirmation_seconds_bucket");
    }

    @Test
    void aPausedSubscriptionShowsItsLagInEventsAndAge() {
        String lag = "eventshop_subscription_lag{subscription=\"inventory-commands\"";
        String age = "eventshop_subscription_lag_age_seconds{subscription=\"inventory-commands\"";
        String sku = Shop.newSku();
        Shop.addProduct(pool, sku, 500, 5);
        await().atMost(TIMEOUT).until(() -> sample(lag) == 0);
        given().post("/admin/subscriptions/{name}/pause", "inventory-commands").then().statusCode(200);
        try {
            String order = Shop.placeOrder(Shop.order("c-" + UUID.randomUUID(), sku, 1));
            await().atMost(TIMEOUT).untilAsserted(() -> {
                assertThat(sample(lag)).isGreaterThanOrEqualTo(1);
                assertThat(sample(age)).isGreaterThan(0);
            });
            assertThat(Shop.status(order)).isEqualTo("PENDING");
        } finally {
            given().post("/admin/subscriptions/{name}/resume", "inventory-commands").then().statusCode(200);
        }
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(sample(lag)).isZero();
            assertThat(sample(age)).isZero();
        });
    }

    /** Caught up means 0, though the streams it reads hold many events of types it does not deliver. */
    @Test
    void theAdminApiCountsOnlyWhatASubscriptionHasStillToPass() {
        String sku = Shop.newSku();
        Shop.addProduct(pool, sku, 500, 5);
        String order = Shop.placeOrder(Shop.order("c-" + UUID.randomUUID(), sku, 1));
        await().atMost(TIMEOUT).until(() -> given().get("/shipments/{id}", order).statusCode() == 200);
        for (String subscription : List.of("shipping-commands", "payments-commands", "inventory-commands")) {
            await().atMost(TIMEOUT).untilAsserted(() -> given().get("/admin/subscriptions/{name}", subscription)
                    .then().statusCode(200).body("lag", org.hamcrest.Matchers.equalTo(0)));
        }
        given().get("/admin/subscriptions").then().statusCode(200)
                .body("find { it.name == 'shipping-commands' }.lag", org.hamcrest.Matchers.equalTo(0));
    }

    @Test
    void aPendingOrderPastItsAgeCountsAsStuck() {
        String id = "stuck-" + UUID.randomUUID();
        double before = sample("eventshop_orders_stuck");
        // an order the saga lost track of: PENDING for an hour, as no healthy order ever is
        pool.preparedQuery("""
                INSERT INTO orders.order_view (order_id, customer_id, status, items, total_amount, currency, history,
                                               deadline, placed_at, updated_at)
                VALUES ($1, 'c-stuck', 'PENDING', '[]', 100, 'EUR', '[]', 'infinity', now() - interval '1 hour',
                        now() - interval '1 hour')""").execute(Tuple.of(id)).await().atMost(TIMEOUT);
        try {
            await().atMost(TIMEOUT).until(() -> sample("eventshop_orders_stuck") >= before + 1);
        } finally {
            pool.preparedQuery("DELETE FROM orders.order_view WHERE order_id = $1").execute(Tuple.of(id))
                    .await().atMost(TIMEOUT);
        }
        await().atMost(TIMEOUT).until(() -> sample("eventshop_orders_stuck") <= before);
    }

    @Test
    void aFailingEventCountsRetriesThenItsParkedStream() {
        String subscription = "{subscription=\"" + PoisonEventConsumer.CHANNEL + "\"";
        double retries = sample("eventshop_subscription_retries_total" + subscription);
        double parked = sample("eventshop_subscription_parked_total" + subscription);
        double failures = sample("eventshop_subscription_handler_seconds_count{outcome=\"failure\",subscription=\""
                + PoisonEventConsumer.CHANNEL + "\"");
        String run = UUID.randomUUID().toString().substring(0, 8);
        NewEvent poison = NewEvent.of(new Work("poison-" + run, true));
        store.append(new StreamAppend("metrics-" + run, "test.work", ExpectedVersion.NO_STREAM, List.of(poison)),
                EventMetadata.start("test")).await().atMost(TIMEOUT);

        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(sample("eventshop_subscription_parked_total" + subscription)).isEqualTo(parked + 1);
            assertThat(sample("eventshop_subscription_retries_total" + subscription)).isGreaterThan(retries);
            assertThat(sample("eventshop_subscription_handler_seconds_count{outcome=\"failure\",subscription=\""
                    + PoisonEventConsumer.CHANNEL + "\"")).isGreaterThan(failures);
        });
        // leave nothing parked for the other tests of the poison channel
        given().contentType("application/json").body("{\"reason\":\"test over\"}")
                .post("/admin/subscriptions/{name}/parked/{id}/skip", PoisonEventConsumer.CHANNEL, poison.eventId())
                .then().statusCode(200);
    }
}
