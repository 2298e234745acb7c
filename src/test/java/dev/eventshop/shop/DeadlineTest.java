package dev.eventshop.shop;

import static dev.eventshop.shop.Shop.TIMEOUT;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * An order not confirmed in time is cancelled TIMED_OUT with compensation, and the capture still waiting in payments'
 * queue then charges nothing.
 */
@QuarkusTest
@TestProfile(DeadlineTest.ShortDeadlines.class)
class DeadlineTest {

    public static class ShortDeadlines implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("eventshop.orders.confirmation-timeout", "3s",
                    "eventshop.orders.shipment-timeout", "3s",
                    "eventshop.orders.dispatch-timeout", "3s",
                    "eventshop.orders.delivery-timeout", "3s",
                    "eventshop.orders.deadline-check-interval", "200ms");
        }
    }

    private static final String PAYMENTS = "payments-commands";
    private static final String SHIPPING = "shipping-commands";

    @Inject
    Pool pool;

    @Inject
    dev.eventshop.platform.eventstore.EventStore store;

    @AfterEach
    void paymentsBack() {
        given().post("/admin/subscriptions/{name}/resume", PAYMENTS).then().statusCode(200);
        given().post("/admin/subscriptions/{name}/resume", SHIPPING).then().statusCode(200);
        ShopInvariants.awaitHold(pool);
    }

    @Test
    void aLateOrderTimesOutAndTheCaptureStillQueuedChargesNothing() {
        String sku = Shop.newSku();
        Shop.addProduct(pool, sku, 2500, 4);
        given().post("/admin/subscriptions/{name}/pause", PAYMENTS).then().statusCode(200);

        String orderId = Shop.placeOrder(Shop.order("c-" + UUID.randomUUID(), sku, 3));
        await().atMost(TIMEOUT).untilAsserted(() -> given().get("/orders/{id}", orderId).then()
                .body("history.type", hasItem("OrderStockReserved")));
        assertThat(Shop.available(sku)).isEqualTo(1);

        await().atMost(TIMEOUT).until(() -> Shop.status(orderId).equals("CANCELLED"));
        given().get("/orders/{id}", orderId).then().body("cancellationReason", equalTo("TIMED_OUT"));
        await().atMost(TIMEOUT).until(() -> Shop.available(sku) == 4);

        // payments comes back: the capture it still owes comes after the cancellation, so it charges nothing
        given().post("/admin/subscriptions/{name}/resume", PAYMENTS).then().statusCode(200);
        await().atMost(TIMEOUT).until(() -> store.readStream("payment-" + orderId).await().atMost(TIMEOUT).stream()
                .anyMatch(event -> event.type().equals("payments.PaymentVoided.v1")));
        assertThat(Shop.status(orderId)).isEqualTo("CANCELLED");
        given().get("/sandbox/payment-provider/charges?reference={id}", orderId).then().body("size()", equalTo(0));
    }

    @Test
    void aConfirmedOrderWhoseShipmentIsNotBookedInTimeIsCalledOff() {
        String sku = Shop.newSku();
        Shop.addProduct(pool, sku, 1100, 2);
        given().post("/admin/subscriptions/{name}/pause", SHIPPING).then().statusCode(200);

        String orderId = Shop.placeOrder(Shop.order("c-" + UUID.randomUUID(), sku, 1));
        await().atMost(TIMEOUT).untilAsserted(() -> given().get("/orders/{id}", orderId).then()
                .body("history.type", hasItem("OrderCancellationRequested")));
        assertThat(Shop.status(orderId)).as("called off, waiting for shipping's answer").isEqualTo("CONFIRMED");
        // shipping does not answer in time either: the order is flagged, and shipping asked again
        await().atMost(TIMEOUT).untilAsserted(() -> given().get("/orders/{id}", orderId).then()
                .body("history.type", hasItem("OrderFlaggedOverdue")));

        // shipping comes back: it books the parcel, then calls it off, and only then is the order refunded
        given().post("/admin/subscriptions/{name}/resume", SHIPPING).then().statusCode(200);
        await().atMost(TIMEOUT).until(() -> Shop.status(orderId).equals("CANCELLED"));
        given().get("/orders/{id}", orderId).then().body("cancellationReason", equalTo("SHIPMENT_NOT_SCHEDULED"));
        await().atMost(TIMEOUT).until(() -> Shop.paymentStatus(orderId).equals("REFUNDED"));
        await().atMost(TIMEOUT).until(() -> Shop.available(sku) == 2);
    }

    @Test
    void anOrderTheCarrierKeepsWaitingIsFlaggedOverdueOncePerStep() {
        String sku = Shop.newSku();
        Shop.addProduct(pool, sku, 900, 2);
        String orderId = Shop.placeOrder(Shop.order("c-" + UUID.randomUUID(), sku, 1));

        // booked, never picked up
        await().atMost(TIMEOUT).until(() -> flags(orderId) == 1);
        assertThat(Shop.status(orderId)).isEqualTo("CONFIRMED");
        given().get("/orders/{id}", orderId).then().body("history.type", hasItem("OrderShipmentScheduled"));

        // picked up, never delivered
        given().post("/shipments/{id}/dispatch", orderId).then().statusCode(200);
        await().atMost(TIMEOUT).until(() -> Shop.status(orderId).equals("SHIPPED"));
        await().atMost(TIMEOUT).until(() -> flags(orderId) == 2);

        given().post("/shipments/{id}/deliver", orderId).then().statusCode(200);
        await().atMost(TIMEOUT).until(() -> Shop.status(orderId).equals("DELIVERED"));
        assertThat(flags(orderId)).as("one flag per step the order waited too long for").isEqualTo(2);
    }

    private static int flags(String orderId) {
        List<String> types = given().get("/orders/{id}", orderId).then().statusCode(200).extract()
                .path("history.type");
        return (int) types.stream().filter("OrderFlaggedOverdue"::equals).count();
    }
}
