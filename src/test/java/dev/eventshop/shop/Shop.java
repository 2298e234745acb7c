package dev.eventshop.shop;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.restassured.response.ValidatableResponse;

/** A shopper and an operator over HTTP, for black-box tests. */
final class Shop {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Shop() {
    }

    static String newSku() {
        return "SKU-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static void addProduct(Pool pool, String sku, long price, int stock) {
        given().contentType(ContentType.JSON)
                .body(Map.of("sku", sku, "name", "Product " + sku, "price", Map.of("amount", price, "currency", "EUR"),
                        "stock", stock))
                .post("/products").then().statusCode(201);
        // orders learns prices from inventory's events, asynchronously: wait until it can price this sku
        await().atMost(TIMEOUT).until(() -> pool.preparedQuery("SELECT 1 FROM orders.price_list WHERE sku = $1")
                .execute(Tuple.of(sku)).await().atMost(TIMEOUT).size() == 1);
    }

    /** The trace id of the W3C traceparent stored with the stream's (first) event of this type. */
    static String traceId(Pool pool, String streamId, String eventType) {
        String traceparent = pool.preparedQuery("SELECT traceparent FROM eventstore.events"
                + " WHERE stream_id = $1 AND event_type = $2 ORDER BY stream_version LIMIT 1")
                .execute(Tuple.of(streamId, eventType)).await().atMost(TIMEOUT).iterator().next().getString(0);
        assertThat(traceparent).as("traceparent of %s in %s", eventType, streamId)
                .matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
        return traceparent.split("-")[1];
    }

    static Map<String, Object> order(String customerId, String sku, int quantity) {
        return order(customerId, sku, quantity, "tok_visa");
    }

    static Map<String, Object> order(String customerId, String sku, int quantity, String paymentToken) {
        return Map.of("customerId", customerId,
                "items", List.of(Map.of("sku", sku, "quantity", quantity)),
                "shippingAddress", Map.of("name", "Ada Lovelace", "line1", "1 Analytical Way", "city", "London",
                        "postalCode", "N1 9GU", "country", "GB"),
                "paymentToken", paymentToken);
    }

    static ValidatableResponse place(Map<String, Object> order) {
        return given().contentType(ContentType.JSON).body(order).post("/orders").then();
    }

    static String placeOrder(Map<String, Object> order) {
        return place(order).statusCode(202).extract().path("orderId");
    }

    static String status(String orderId) {
        return given().get("/orders/{id}", orderId).then().statusCode(200).extract().path("status");
    }

    static int chargesFor(String orderId) {
        return given().get("/sandbox/payment-provider/charges?reference={id}", orderId).then().statusCode(200)
                .extract().path("size()");
    }

    static String paymentStatus(String orderId) {
        var response = given().get("/payments/{id}", orderId);
        return response.statusCode() == 404 ? "NONE" : response.then().extract().path("status");
    }

    static int available(String sku) {
        return given().get("/products/{sku}", sku).then().statusCode(200).extract().path("available");
    }

    /** A next link of a paged listing (RFC 8288). */
    static final java.util.regex.Pattern NEXT = java.util.regex.Pattern.compile("<([^>]+)>; rel=\"next\"");

    /** Follows the next links from {@code first}; every page holds at most {@code limit} items. */
    static List<String> pages(String first, int limit, String idField) {
        List<String> ids = new java.util.ArrayList<>();
        String url = first;
        for (int page = 0; url != null; page++) {
            org.assertj.core.api.Assertions.assertThat(page).as("pages").isLessThan(1_000);
            io.restassured.response.Response response = given().urlEncodingEnabled(false).get(url).then().statusCode(200).extract().response();
            List<String> items = response.jsonPath().getList(idField);
            org.assertj.core.api.Assertions.assertThat(items.size()).isLessThanOrEqualTo(limit);
            ids.addAll(items);
            String link = response.header("Link");
            if (link == null) {
                url = null;
            } else {
                java.util.regex.Matcher next = NEXT.matcher(link);
                org.assertj.core.api.Assertions.assertThat(next.find()).as("a next link in " + link).isTrue();
                org.assertj.core.api.Assertions.assertThat(items).as("a page before the last is full").hasSize(limit);
                url = next.group(1);
            }
        }
        return ids;
    }
}
