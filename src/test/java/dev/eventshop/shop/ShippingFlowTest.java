package dev.eventshop.shop;

import static dev.eventshop.shop.Shop.TIMEOUT;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.eventshop.testing.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

/** The whole happy path, placement to delivery, followed over Server-Sent Events. */
@QuarkusTest
class ShippingFlowTest {

    @Inject
    Pool pool;

    @TestHTTPResource("/")
    URI base;

    @AfterEach
    void invariantsHold() {
        ShopInvariants.awaitHold(pool);
    }

    @Test
    void anOrderGoesFromPlacedToDelivered() throws Exception {
        String sku = Shop.newSku();
        Shop.addProduct(pool, sku, 4200, 3);
        String orderId = Shop.placeOrder(Shop.order("c-" + UUID.randomUUID(), sku, 2));
        CompletableFuture<String> events = HttpClient.newHttpClient()
                .sendAsync(HttpRequest.newBuilder(base.resolve("/orders/" + orderId + "/stream"))
                        .header("Authorization", Tokens.bearer(Tokens.admin())).build(),
                        HttpResponse.BodyHandlers.ofString())
                .thenApply(HttpResponse::body);

        await().atMost(TIMEOUT).untilAsserted(() -> given().get("/orders/{id}", orderId).then()
                .body("status", equalTo("CONFIRMED")).body("trackingNumber", startsWith("TRK")));
        given().get("/shipments/{id}", orderId).then().statusCode(200).body("status", equalTo("SCHEDULED"))
                .body("carrier", equalTo("sandbox-parcel"));
        given().post("/shipments/{id}/deliver", orderId).then().statusCode(409).contentType("application/problem+json");

        given().post("/shipments/{id}/dispatch", orderId).then().statusCode(200).body("status", equalTo("DISPATCHED"));
        await().atMost(TIMEOUT).until(() -> Shop.status(orderId).equals("SHIPPED"));
        given().post("/orders/{id}/cancel", orderId).then().statusCode(409);
        given().post("/shipments/{id}/dispatch", orderId).then().statusCode(409);

        given().post("/shipments/{id}/deliver", orderId).then().statusCode(200).body("status", equalTo("DELIVERED"));
        await().atMost(TIMEOUT).until(() -> Shop.status(orderId).equals("DELIVERED"));
        await().atMost(TIMEOUT).until(() -> pool.preparedQuery(
                "SELECT shipped FROM inventory.products WHERE sku = $1").execute(io.vertx.mutiny.sqlclient.Tuple.of(sku))
                .await().indefinitely().iterator().next().getInteger("shipped") == 2);
        assertThat(Shop.available(sku)).isEqualTo(1);
        given().get("/orders/{id}", orderId).then().body("history.type", equalTo(List.of("OrderPlaced",
                "OrderStockReserved", "OrderConfirmed", "OrderShipmentScheduled", "OrderShipped", "OrderDelivered")));

        String stream = events.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        List<String> statuses = stream.lines().filter(line -> line.startsWith("data:"))
                .map(line -> line.replaceAll(".*\"status\":\"([A-Z]+)\".*", "$1")).toList();
        // every status the order reached, even SHIPPED, which lasted less than the stream's poll
        assertThat(statuses).containsExactly("PENDING", "CONFIRMED", "SHIPPED", "DELIVERED");
        given().get("/shipments/{id}", "no-such-order").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void cancellingAConfirmedOrderCancelsItsShipment() {
        String sku = Shop.newSku();
        Shop.addProduct(pool, sku, 300, 1);
        String orderId = Shop.placeOrder(Shop.order("c-" + UUID.randomUUID(), sku, 1));
        await().atMost(TIMEOUT).until(() -> given().get("/shipments/{id}", orderId).statusCode() == 200);

        given().post("/orders/{id}/cancel", orderId).then().statusCode(202);
        await().atMost(TIMEOUT).untilAsserted(() -> given().get("/shipments/{id}", orderId).then()
                .body("status", equalTo("CANCELLED")));
        await().atMost(TIMEOUT).until(() -> Shop.paymentStatus(orderId).equals("REFUNDED"));
        await().atMost(TIMEOUT).until(() -> Shop.available(sku) == 1);
        given().post("/shipments/{id}/dispatch", orderId).then().statusCode(409);
    }
}
