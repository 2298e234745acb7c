package dev.eventshop.shop;

import static dev.eventshop.shop.Shop.TIMEOUT;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.eventshop.inventory.api.InventoryStreams;
import dev.eventshop.inventory.api.StockLine;
import dev.eventshop.inventory.api.StockReserved;
import dev.eventshop.orders.api.OrderCancelled;
import dev.eventshop.orders.api.OrderLine;
import dev.eventshop.orders.api.OrderPlaced;
import dev.eventshop.orders.api.OrderStreams;
import dev.eventshop.orders.api.ShippingAddress;
import dev.eventshop.payments.api.PaymentCaptured;
import dev.eventshop.payments.api.PaymentStreams;
import dev.eventshop.platform.eventstore.EventMetadata;
import dev.eventshop.platform.eventstore.EventStore;
import dev.eventshop.platform.eventstore.ExpectedVersion;
import dev.eventshop.platform.eventstore.NewEvent;
import dev.eventshop.platform.eventstore.StreamAppend;
import dev.eventshop.platform.money.Money;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Reconciliation finds each kind of disagreement between modules planted in the stores (as a lost event, a skipped
 * compensation or a provider call whose answer was lost would leave it), and nothing in flows that went as they
 * should. The planted orders have no view: the shop's own pages and invariants never see them.
 */
@QuarkusTest
class ReconciliationTest {

    @Inject
    Pool pool;

    @Inject
    EventStore store;

    private static JsonPath run(Instant since) {
        return given().post("/admin/reconciliation/run?since={since}", since.toString()).then().statusCode(200)
                .extract().jsonPath();
    }

    @Test
    void flowsThatWentAsTheyShouldGiveNoFinding() {
        Instant since = Instant.now();
        String sku = Shop.newSku();
        Shop.addProduct(pool, sku, 900, 3);
        String confirmed = Shop.placeOrder(Shop.order("c-" + UUID.randomUUID(), sku, 1));
        String outOfStock = Shop.placeOrder(Shop.order("c-" + UUID.randomUUID(), sku, 9));
        String declined = Shop.placeOrder(Shop.order("c-" + UUID.randomUUID(), sku, 1, "tok_chargeDeclined"));
        String cancelled = Shop.placeOrder(Shop.order("c-" + UUID.randomUUID(), sku, 1));
        await().atMost(TIMEOUT).until(() -> Shop.status(cancelled).equals("CONFIRMED"));
        given().post("/orders/{id}/cancel", cancelled).then().statusCode(202);
        await().atMost(TIMEOUT).until(() -> Shop.status(confirmed).equals("CONFIRMED")
                && Shop.status(outOfStock).equals("CANCELLED") && Shop.status(declined).equals("CANCELLED")
                && Shop.status(cancelled).equals("CANCELLED") && "REFUNDED".equals(Shop.paymentStatus(cancelled)));
        ShopInvariants.awaitHold(pool);

        JsonPath report = run(since);
        assertThat(report.getList("findings")).isEmpty();
        assertThat(report.getMap("failedChecks")).isEmpty();
    }

    @Test
    void eachPlantedDisagreementIsReported() {
        Instant since = Instant.now();
        Instant anHourAgo = since.minus(Duration.ofHours(1));
        // placed an hour ago and never decided: past its confirmation timeout
        String pending = "rec-pending-" + UUID.randomUUID();
        append(OrderStreams.orderStream(pending), OrderStreams.ORDER, anHourAgo, placed(pending));
        // cancelled, but the release was lost: the stock stays reserved
        String held = "rec-held-" + UUID.randomUUID();
        append(OrderStreams.orderStream(held), OrderStreams.ORDER, anHourAgo, placed(held),
                new OrderCancelled(held, "CUSTOMER_CANCELLED"));
        append(InventoryStreams.reservationStream(held), InventoryStreams.RESERVATION, anHourAgo,
                new StockReserved(held, List.of(new StockLine("no-such-sku", 1))));
        // cancelled, no stock reserved, and the money kept
        String kept = "rec-kept-" + UUID.randomUUID();
        append(OrderStreams.orderStream(kept), OrderStreams.ORDER, anHourAgo, placed(kept),
                new OrderCancelled(kept, "OUT_OF_STOCK"));
        append(PaymentStreams.paymentStream(kept), PaymentStreams.PAYMENT, anHourAgo,
                new PaymentCaptured(kept, new Money(1000, "EUR"), "ch_planted"));
        // the provider took money for an order payments voided (the capture's answer was lost)
        String unknown = "rec-charge-" + UUID.randomUUID();
        String chargeId = given().header("Idempotency-Key", "planted-" + unknown).contentType("application/json")
                .body(Map.of("amount", 1500, "currency", "EUR", "token", "tok_visa", "reference", unknown))
                .post("/sandbox/payment-provider/charges").then().statusCode(201).extract().path("id");
        pool.preparedQuery("INSERT INTO payments.payment_view (order_id, status, amount, currency) "
                + "VALUES ($1, 'VOIDED', 1500, 'EUR')").execute(Tuple.of(unknown)).await().atMost(TIMEOUT);

        List<Map<String, String>> findings = run(since).getList("findings");
        assertThat(findings).extracting(finding -> finding.get("kind") + " " + finding.get("subject"))
                .containsExactlyInAnyOrder("PENDING_PAST_DEADLINE " + pending,
                        "RESERVATION_HELD_FOR_CANCELLED_ORDER " + held,
                        "CAPTURED_WITHOUT_RESERVATION " + kept,
                        "UNKNOWN_CHARGE " + unknown);
        assertThat(findings).filteredOn(finding -> finding.get("kind").equals("UNKNOWN_CHARGE")).first()
                .satisfies(finding -> assertThat(finding.get("detail")).contains(chargeId, "VOIDED"));

        // the scheduled run (here on demand) keeps its report and counts each kind
        given().post("/admin/reconciliation/run").then().statusCode(200);
        given().get("/admin/reconciliation").then().statusCode(200);
        String metrics = given().get("/q/metrics").then().extract().asString();
        assertThat(metrics).containsPattern("eventshop_reconciliation_findings\\{kind=\"UNKNOWN_CHARGE\"[^}]*\\} [1-9]");

        // the planted charge is refunded and the payment marked so: nothing is left for later runs to find
        given().header("Idempotency-Key", "planted-refund-" + unknown).contentType("application/json")
                .body(Map.of("chargeId", chargeId)).post("/sandbox/payment-provider/refunds").then().statusCode(201);
        assertThat(run(since).getList("findings", Map.class)).extracting(finding -> finding.get("kind"))
                .doesNotContain("UNKNOWN_CHARGE");
        given().post("/admin/reconciliation/run?since=yesterday").then().statusCode(422)
                .contentType("application/problem+json");
    }

    private static OrderPlaced placed(String orderId) {
        return new OrderPlaced(orderId, "c-planted", List.of(new OrderLine("no-such-sku", 1, new Money(1000, "EUR"))),
                new Money(1000, "EUR"), new ShippingAddress("A", "B", "C", "D", "FR"), "tok_visa",
                Instant.now().plus(Duration.ofMinutes(15)));
    }

    private void append(String stream, String streamType, Instant occurredAt, Object... events) {
        store.append(new StreamAppend(stream, streamType, ExpectedVersion.NO_STREAM,
                java.util.Arrays.stream(events).map(NewEvent::of).toList()),
                new EventMetadata(UUID.randomUUID().toString(), null, null, "test", occurredAt))
                .await().atMost(TIMEOUT);
    }
}
