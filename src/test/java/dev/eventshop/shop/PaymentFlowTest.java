package dev.eventshop.shop;

import static dev.eventshop.shop.Shop.TIMEOUT;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.eventshop.payments.api.CapturePaymentCommand;
import dev.eventshop.payments.api.RefundPaymentCommand;
import dev.eventshop.payments.application.PaymentCommandMessages;
import dev.eventshop.payments.infrastructure.PaymentProvider;
import dev.eventshop.platform.eventstore.Cursor;
import dev.eventshop.platform.eventstore.EventCodec;
import dev.eventshop.platform.eventstore.EventMetadata;
import dev.eventshop.platform.eventstore.EventStore;
import dev.eventshop.platform.eventstore.ReceivedEvent;
import dev.eventshop.platform.eventstore.RecordedEvent;
import dev.eventshop.platform.money.Money;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.vertx.mutiny.sqlclient.Pool;

/** Stock, then payment: confirmation, decline with compensation, refund on cancel, a provider outage. */
@QuarkusTest
class PaymentFlowTest {

    @Inject
    Pool pool;

    @AfterEach
    void providerBackAndInvariantsHold() {
        given().post("/sandbox/payment-provider/outage?on=false").then().statusCode(200);
        ShopInvariants.awaitHold(pool);
    }

    @Test
    void anApprovedPaymentConfirmsTheOrder() {
        String sku = Shop.newSku();
        Shop.addProduct(pool, sku, 1999, 3);
        String orderId = Shop.placeOrder(Shop.order("c-" + UUID.randomUUID(), sku, 2, "tok_mastercard"));

        await().atMost(TIMEOUT).until(() -> Shop.status(orderId).equals("CONFIRMED"));
        given().get("/payments/{id}", orderId).then().statusCode(200).body("status", equalTo("CAPTURED"))
                .body("amount.amount", equalTo(3998)).body("amount.currency", equalTo("EUR"));
        assertThat(Shop.chargesFor(orderId)).isEqualTo(1);
        assertThat(Shop.available(sku)).isEqualTo(1);
    }

    @Test
    void aDeclinedPaymentCancelsTheOrderAndReleasesItsStock() {
        String sku = Shop.newSku();
        Shop.addProduct(pool, sku, 500, 3);
        String orderId = Shop.placeOrder(Shop.order("c-" + UUID.randomUUID(), sku, 2, "tok_chargeDeclined"));

        await().atMost(TIMEOUT).until(() -> Shop.status(orderId).equals("CANCELLED"));
        given().get("/orders/{id}", orderId).then().body("cancellationReason", equalTo("PAYMENT_DECLINED"));
        await().atMost(TIMEOUT).until(() -> Shop.available(sku) == 3);
        assertThat(Shop.paymentStatus(orderId)).isEqualTo("DECLINED");
        assertThat(Shop.chargesFor(orderId)).isZero();
    }

    @Test
    void cancellingAfterCaptureRefundsAndReleases() {
        String sku = Shop.newSku();
        Shop.addProduct(pool, sku, 700, 2);
        String orderId = Shop.placeOrder(Shop.order("c-" + UUID.randomUUID(), sku, 2));
        await().atMost(TIMEOUT).until(() -> Shop.status(orderId).equals("CONFIRMED"));

        // a confirmed order's cancel asks shipping first; refund and release follow once the shipment is called off
        given().post("/orders/{id}/cancel", orderId).then().statusCode(202).body("status", equalTo("CONFIRMED"))
                .body("history.type", org.hamcrest.Matchers.hasItem("OrderCancellationRequested"));
        // asked again: shipping is asked again, unless the order is cancelled by now
        assertThat(given().post("/orders/{id}/cancel", orderId).statusCode()).isIn(202, 409);
        await().atMost(TIMEOUT).until(() -> Shop.status(orderId).equals("CANCELLED"));
        given().post("/orders/{id}/cancel", orderId).then().statusCode(409);
        given().get("/orders/{id}", orderId).then().body("cancellationReason", equalTo("CUSTOMER_CANCELLED"));

        await().atMost(TIMEOUT).until(() -> Shop.paymentStatus(orderId).equals("REFUNDED"));
        await().atMost(TIMEOUT).until(() -> Shop.available(sku) == 2);
        given().get("/sandbox/payment-provider/charges?reference={id}", orderId).then()
                .body("[0].refunded", equalTo(true));
    }

    @Test
    void aProviderOutageDelaysTheOrderAndNeverChargesTwice() {
        String sku = Shop.newSku();
        Shop.addProduct(pool, sku, 1200, 5);
        given().post("/sandbox/payment-provider/outage?on=true").then().statusCode(200);

        String orderId = Shop.placeOrder(Shop.order("c-" + UUID.randomUUID(), sku, 1));
        await().atMost(TIMEOUT).until(() -> Shop.paymentStatus(orderId).equals("PENDING"));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> Shop.status(orderId).equals("PENDING") && Shop.chargesFor(orderId) == 0);

        given().post("/sandbox/payment-provider/outage?on=false").then().statusCode(200);
        await().atMost(TIMEOUT).until(() -> Shop.status(orderId).equals("CONFIRMED"));
        assertThat(Shop.chargesFor(orderId)).isEqualTo(1);
        assertThat(Shop.paymentStatus(orderId)).isEqualTo("CAPTURED");
        // the retried attempts and their continuation stay in the delivery's trace (they run on its Vert.x context)
        assertThat(Shop.traceId(pool, "payment-" + orderId, "payments.PaymentCaptured.v1"))
                .isEqualTo(Shop.traceId(pool, "order-" + orderId, "orders.OrderPlaced.v1"));
    }


    @Test
    void anOrderCancelledWhileItsCaptureWaitedIsNeverCharged() {
        String sku = Shop.newSku();
        Shop.addProduct(pool, sku, 900, 2);
        given().post("/admin/subscriptions/{name}/pause", "payments-commands").then().statusCode(200);
        try {
            String orderId = Shop.placeOrder(Shop.order("c-" + UUID.randomUUID(), sku, 1));
            await().atMost(TIMEOUT).untilAsserted(() -> given().get("/orders/{id}", orderId).then()
                    .body("history.type", org.hamcrest.Matchers.hasItem("OrderStockReserved")));
            given().post("/orders/{id}/cancel", orderId).then().statusCode(202);

            given().post("/admin/subscriptions/{name}/resume", "payments-commands").then().statusCode(200);
            await().atMost(TIMEOUT).until(() -> paymentEvents(orderId).contains("payments.PaymentVoided.v1"));
            assertThat(Shop.chargesFor(orderId)).as("charges for an order cancelled before its capture").isZero();
            assertThat(paymentEvents(orderId)).containsExactly("payments.PaymentVoided.v1");
            await().atMost(TIMEOUT).until(() -> Shop.available(sku) == 2);
        } finally {
            given().post("/admin/subscriptions/{name}/resume", "payments-commands").then().statusCode(200);
        }
    }

    private List<String> paymentEvents(String orderId) {
        return store.readStream("payment-" + orderId).await().atMost(TIMEOUT).stream().map(RecordedEvent::type)
                .toList();
    }

    @Test
    void aCardThatKeepsFailingDoesNotOpenTheCircuitForEveryoneButAnOutageDoes() {
        String sku = Shop.newSku();
        Shop.addProduct(pool, sku, 300, 10);
        String failing = Shop.placeOrder(Shop.order("c-" + UUID.randomUUID(), sku, 1, "tok_processingError"));
        // more failed charges than the circuit's window: before, the in-call retries alone opened it
        await().atMost(TIMEOUT).until(() -> chargeRequests(failing) >= 8);
        assertThat(captureCircuit()).isEqualTo(CircuitBreakerState.CLOSED);
        String other = Shop.placeOrder(Shop.order("c-" + UUID.randomUUID(), sku, 1));
        await().atMost(TIMEOUT).until(() -> Shop.status(other).equals("CONFIRMED"));

        // the failing one is called off: its next attempt asks for no charge at all
        given().post("/orders/{id}/cancel", failing).then().statusCode(202);
        await().atMost(TIMEOUT).until(() -> Shop.paymentStatus(failing).equals("VOIDED"));
        assertThat(Shop.chargesFor(failing)).isZero();

        given().post("/sandbox/payment-provider/outage?on=true").then().statusCode(200);
        String duringOutage = Shop.placeOrder(Shop.order("c-" + UUID.randomUUID(), sku, 1));
        await().atMost(TIMEOUT).until(() -> captureCircuit() == CircuitBreakerState.OPEN);
        given().post("/sandbox/payment-provider/outage?on=false").then().statusCode(200);
        await().atMost(TIMEOUT).until(() -> Shop.status(duringOutage).equals("CONFIRMED"));
    }

    @Test
    void aCaptureWhoseAnswerWasLostIsRefundedWhenTheOrderIsCalledOff() {
        String orderId = UUID.randomUUID().toString();
        // the provider took the money, but its answers never came back: payments recorded nothing (twice, even:
        // a capture replayed after the provider forgot its key)
        for (String key : List.of("capture-" + orderId, "capture-" + orderId + "-replayed")) {
            given().header("Idempotency-Key", key).contentType("application/json")
                    .body(java.util.Map.of("amount", 4200, "currency", "EUR", "token", "tok_visa", "reference", orderId))
                    .post("/sandbox/payment-provider/charges").then().statusCode(201);
        }

        payments.on(refundCommand(orderId)).await().atMost(TIMEOUT);

        given().get("/sandbox/payment-provider/charges?reference={id}", orderId).then()
                .body("size()", equalTo(2)).body("refunded", org.hamcrest.Matchers.everyItem(equalTo(true)));
        String chargeId = given().get("/sandbox/payment-provider/charges?reference={id}", orderId).then().extract()
                .path("[0].id");
        given().header("Idempotency-Key", "another-" + orderId).contentType("application/json")
                .body(java.util.Map.of("chargeId", chargeId)).post("/sandbox/payment-provider/refunds")
                .then().statusCode(400).body("error", equalTo("charge_already_refunded"));
        // delivered again: the refunds are found done, nothing changes
        payments.on(refundCommand(orderId)).await().atMost(TIMEOUT);
    }

    @Test
    void aCaptureReceivedFromAnotherStoreIsNeverChargedOnceItsStreamAskedForTheRefund() {
        // payments running elsewhere, with a database of its own: the order's stream reaches it only through Kafka,
        // in the received log, where the refund request already follows the capture request
        String orderId = UUID.randomUUID().toString();
        UUID ordersStore = UUID.randomUUID();
        RecordedEvent capture = fromOrders(ordersStore, orderId, 3,
                new CapturePaymentCommand(orderId, new Money(4200, "EUR"), "tok_visa", "c-" + orderId));
        RecordedEvent refund = fromOrders(ordersStore, orderId, 5, new RefundPaymentCommand(orderId));
        long offset = System.nanoTime();
        store.receive(List.of(new ReceivedEvent(capture, "eventshop.orders.events", 0, offset),
                new ReceivedEvent(refund, "eventshop.orders.events", 0, offset + 1))).await().atMost(TIMEOUT);

        payments.on(capture).await().atMost(TIMEOUT);

        assertThat(chargeRequests(orderId)).as("capture requests sent to the provider").isZero();
        assertThat(paymentEvents(orderId)).containsExactly("payments.PaymentVoided.v1");
    }

    /** An event of the order's stream as another store appended it and Kafka brought it here. */
    private RecordedEvent fromOrders(UUID ordersStore, String orderId, long version, Object command) {
        return new RecordedEvent(UUID.randomUUID(), "order-" + orderId, "orders.order", version,
                codec.typeOf(command.getClass()), codec.encode(command), EventMetadata.start("orders"), 0, 0,
                java.time.Instant.now(), new RecordedEvent.Origin(ordersStore, new Cursor(version, version)));
    }

    @Inject
    PaymentCommandMessages payments;

    @Inject
    EventStore store;

    @Inject
    EventCodec codec;

    /** A refund command as payments' subscription would hand it over, for an order whose capture was never recorded. */
    private RecordedEvent refundCommand(String orderId) {
        return new RecordedEvent(UUID.randomUUID(), "order-" + orderId, "orders.order", 5,
                codec.typeOf(RefundPaymentCommand.class), "{\"orderId\":\"" + orderId + "\"}",
                EventMetadata.start("orders"), 0, 0, java.time.Instant.now());
    }

    private static int chargeRequests(String orderId) {
        return given().get("/sandbox/payment-provider/requests?reference={id}", orderId).then().statusCode(200)
                .extract().path("charges");
    }

    private static CircuitBreakerState captureCircuit() {
        return CircuitBreakerMaintenance.get().currentState(PaymentProvider.CAPTURE_CIRCUIT);
    }
}
