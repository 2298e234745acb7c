package dev.eventshop.shop;

import static dev.eventshop.shop.Shop.TIMEOUT;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;

/** The shopper's order flow over HTTP, as far as stock: placement, reservation, out of stock, cancellation. */
@QuarkusTest
class OrderFlowTest {

    @Inject
    Pool pool;

    @org.junit.jupiter.api.AfterEach
    void invariantsHold() {
        ShopInvariants.awaitHold(pool);
    }

    @Test
    void aPlacedOrderIsPricedAndItsStockReserved() {
        String sku = Shop.newSku();
        Shop.addProduct(pool, sku, 1250, 5);
        String customer = "c-" + UUID.randomUUID();

        String orderId = Shop.place(Shop.order(customer, sku, 2)).statusCode(202)
                .header("Location", org.hamcrest.Matchers.containsString("/orders/"))
                .body("status", equalTo("PENDING")).body("customerId", equalTo(customer))
                .body("items[0].sku", equalTo(sku)).body("items[0].quantity", equalTo(2))
                .body("items[0].unitPrice.amount", equalTo(1250)).body("total.amount", equalTo(2500))
                .body("total.currency", equalTo("EUR")).body("cancellationReason", nullValue())
                .extract().path("orderId");

        await().atMost(TIMEOUT).untilAsserted(() -> given().get("/orders/{id}", orderId).then()
                .body("history.type", hasItem("OrderStockReserved")));
        assertThat(Shop.available(sku)).isEqualTo(3);
        given().get("/orders?customerId={c}", customer).then().statusCode(200).body("orderId", equalTo(List.of(orderId)));
    }

    @Test
    void thePlacementAnswersWithWhatAReadRightAfterItFinds() {
        String sku = Shop.newSku();
        Shop.addProduct(pool, sku, 1250, 5);
        Map<String, Object> placed = Shop.place(Shop.order("c-" + UUID.randomUUID(), sku, 2)).statusCode(202)
                .extract().jsonPath().getMap("$");

        Map<String, Object> read = given().get("/orders/{id}", placed.get("orderId")).then().statusCode(200)
                .extract().jsonPath().getMap("$");

        // the order may have moved on by the read: what was placed stays as it was, and its history starts the same
        for (String unchanged : List.of("orderId", "customerId", "items", "total")) {
            assertThat(read.get(unchanged)).as(unchanged).isEqualTo(placed.get(unchanged));
        }
        assertThat((List<?>) placed.get("history")).hasSize(1);
        assertThat(((List<?>) read.get("history")).get(0)).isEqualTo(((List<?>) placed.get("history")).get(0));
        assertThat(placed.get("status")).isEqualTo("PENDING");
        assertThat(placed.keySet()).isEqualTo(read.keySet());
    }

    @Test
    void anOrderBeyondTheStockIsCancelledOutOfStockAndTakesNothing() {
        String sku = Shop.newSku();
        Shop.addProduct(pool, sku, 999, 5);

        String orderId = Shop.placeOrder(Shop.order("c-" + UUID.randomUUID(), sku, 6));

        await().atMost(TIMEOUT).until(() -> Shop.status(orderId).equals("CANCELLED"));
        given().get("/orders/{id}", orderId).then().body("cancellationReason", equalTo("OUT_OF_STOCK"));
        assertThat(Shop.available(sku)).isEqualTo(5);
    }

    @Test
    void aCustomersOrdersCanBeListedByStatus() {
        String sku = Shop.newSku();
        Shop.addProduct(pool, sku, 999, 5);
        String customer = "c-" + UUID.randomUUID();
        String cancelled = Shop.placeOrder(Shop.order(customer, sku, 6));
        await().atMost(TIMEOUT).until(() -> Shop.status(cancelled).equals("CANCELLED"));
        String confirmed = Shop.placeOrder(Shop.order(customer, sku, 1));
        await().atMost(TIMEOUT).until(() -> !Shop.status(confirmed).equals("PENDING"));

        given().get("/orders?customerId={c}", customer).then().body("orderId", equalTo(List.of(confirmed, cancelled)));
        given().get("/orders?customerId={c}&status=CANCELLED", customer).then().statusCode(200)
                .body("orderId", equalTo(List.of(cancelled)));
        given().get("/orders?customerId={c}&status=PENDING", customer).then().statusCode(200)
                .body("size()", equalTo(0));
        given().get("/orders?customerId={c}&status=LOST", customer).then().statusCode(422)
                .contentType("application/problem+json").body("errors[0].field", equalTo("status"));
    }

    @Test
    void aCustomerCancellationReleasesTheStockAndCannotBeRepeated() {
        String sku = Shop.newSku();
        Shop.addProduct(pool, sku, 500, 4);
        String orderId = Shop.placeOrder(Shop.order("c-" + UUID.randomUUID(), sku, 3));
        await().atMost(TIMEOUT).until(() -> Shop.available(sku) == 1);

        // pending: cancelled at once; already confirmed: once shipping has called the shipment off
        given().post("/orders/{id}/cancel", orderId).then().statusCode(202);
        await().atMost(TIMEOUT).until(() -> Shop.status(orderId).equals("CANCELLED"));
        given().get("/orders/{id}", orderId).then().body("cancellationReason", equalTo("CUSTOMER_CANCELLED"));

        await().atMost(TIMEOUT).until(() -> Shop.available(sku) == 4);
        given().post("/orders/{id}/cancel", orderId).then().statusCode(409).contentType("application/problem+json");
        given().post("/orders/{id}/cancel", "no-such-order").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void theSameIdempotencyKeyGivesTheSameOrderEvenWhenRequestsRace() throws Exception {
        String sku = Shop.newSku();
        Shop.addProduct(pool, sku, 100, 100);
        String customer = "c-" + UUID.randomUUID();
        Map<String, Object> order = Shop.order(customer, sku, 1);

        String key = UUID.randomUUID().toString();
        String first = given().header("Idempotency-Key", key).contentType(ContentType.JSON).body(order)
                .post("/orders").then().statusCode(202).extract().path("orderId");
        String again = given().header("Idempotency-Key", key).contentType(ContentType.JSON).body(order)
                .post("/orders").then().statusCode(202).extract().path("orderId");
        assertThat(again).isEqualTo(first);
        given().header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(Shop.order(customer, sku, 2)).post("/orders")
                .then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].field", equalTo("Idempotency-Key"));

        String racingKey = UUID.randomUUID().toString();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<String>> racers = java.util.stream.IntStream.range(0, 8)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> given().header("Idempotency-Key", racingKey)
                            .contentType(ContentType.JSON).body(order).post("/orders")
                            .then().statusCode(202).extract().<String>path("orderId"), pool))
                    .toList();
            assertThat(racers.stream().map(CompletableFuture::join).distinct()).hasSize(1);
        } finally {
            pool.shutdown();
        }
        given().get("/orders?customerId={c}", order.get("customerId")).then().body("size()", equalTo(2));
    }

    @Test
    void oversellIsImpossible() throws Exception {
        String sku = Shop.newSku();
        Shop.addProduct(pool, sku, 100, 10);
        ExecutorService threads = Executors.newFixedThreadPool(16);
        List<String> orderIds;
        try {
            List<CompletableFuture<String>> placing = java.util.stream.IntStream.range(0, 100)
                    .mapToObj(i -> CompletableFuture.supplyAsync(
                            () -> Shop.placeOrder(Shop.order("c-" + UUID.randomUUID(), sku, 1)), threads))
                    .toList();
            orderIds = placing.stream().map(CompletableFuture::join).toList();
        } finally {
            threads.shutdown();
        }

        await().atMost(TIMEOUT).until(() -> orderIds.stream().filter(id -> Shop.status(id).equals("CANCELLED"))
                .count() == 90);
        long reserved = orderIds.stream().filter(id -> given().get("/orders/{id}", id).then().extract()
                .<List<String>>path("history.type").contains("OrderStockReserved")).count();
        assertThat(reserved).isEqualTo(10);
        assertThat(Shop.available(sku)).isZero();
        assertThat(orderIds.stream().filter(id -> Shop.status(id).equals("CANCELLED"))
                .map(id -> given().get("/orders/{id}", id).then().extract().<String>path("cancellationReason"))
                .distinct()).containsExactly("OUT_OF_STOCK");
    }
}
