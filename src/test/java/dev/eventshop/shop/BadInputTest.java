package dev.eventshop.shop;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;

/** Every bad request gets an RFC 9457 problem with the right status, and changes nothing. */
@QuarkusTest
class BadInputTest {

    private static final String PROBLEM = "application/problem+json";

    @Inject
    Pool pool;

    private String sku;
    private long eventsBefore;

    @BeforeEach
    void product() {
        sku = Shop.newSku();
        Shop.addProduct(pool, sku, 100, 10);
        eventsBefore = events();
    }

    @Test
    void malformedJsonIs400() {
        rejected(given().contentType(ContentType.JSON).body("{\"customerId\": ").post("/orders").then(), 400);
    }

    /** A body that is not JSON: 400 with the line and column. */
    @Test
    void jsonSyntaxErrorsSayWhere() {
        String[] bodies = { "{\"customerId\": ", "{\n  \"customerId\": \"c\",\n  oops\n}", order(1) + " trailing",
                order(1) + "{}", "{\"customerId\": \"a\", \"customerId\": \"b\"}" };
        for (String body : bodies) {
            ValidatableResponse response = given().contentType(ContentType.JSON).body(body).post("/orders").then();
            rejected(response, 400);
            response.body("type", equalTo("https://eventshop.dev/problems/json-syntax"))
                    .body("line", notNullValue()).body("column", notNullValue())
                    .body("detail", not(containsString("com.fasterxml"))).body("detail", not(containsString("java.")));
        }
        given().contentType(ContentType.JSON).body("{\n  \"customerId\": \"c\",\n  oops\n}").post("/orders").then()
                .body("line", equalTo(3));
        ValidatableResponse deep = given().contentType(ContentType.JSON)
                .body("{\"note\": " + "[".repeat(40) + "]".repeat(40) + "}").post("/orders").then();
        rejected(deep, 400);
        deep.body("type", equalTo("https://eventshop.dev/problems/json-syntax"))
                .body("detail", containsString("nested deeper than 32 levels"));
    }

    /** JSON of the wrong shape, never coerced: 400 naming the field as a JSON pointer. */
    @Test
    void jsonOfTheWrongShapeNamesTheField() {
        Map<String, String> pointerByBody = Map.of(
                "[]", "",
                "\"str\"", "",
                order(1).replace("\"customerId\":\"c-json\"", "\"customerId\":{}"), "/customerId",
                order(1).replace("\"customerId\":\"c-json\"", "\"customerId\":42"), "/customerId",
                order(1).replace("\"quantity\":1", "\"quantity\":1.5"), "/items/0/quantity",
                order(1).replace("\"quantity\":1", "\"quantity\":\"2\""), "/items/0/quantity",
                order(1).replace("\"quantity\":1", "\"quantity\":true"), "/items/0/quantity");
        pointerByBody.forEach((body, pointer) -> {
            ValidatableResponse response = given().contentType(ContentType.JSON).body(body).post("/orders").then();
            rejected(response, 400);
            response.body("type", equalTo("https://eventshop.dev/problems/json-mismatch"))
                    .body("pointer", equalTo(pointer))
                    .body("detail", not(containsString("com.fasterxml"))).body("detail", not(containsString("java.")));
        });
    }

    private String order(int quantity) {
        return "{\"customerId\":\"c-json\",\"items\":[{\"sku\":\"" + sku + "\",\"quantity\":" + quantity + "}],"
                + "\"shippingAddress\":{\"name\":\"A\",\"line1\":\"1 Way\",\"city\":\"London\","
                + "\"postalCode\":\"N1\",\"country\":\"GB\"},\"paymentToken\":\"tok_visa\"}";
    }

    @Test
    void wrongMediaTypeIs415() {
        rejected(given().contentType(ContentType.TEXT).body("hello").post("/orders").then(), 415);
    }

    @Test
    void bodiesOver64KiBAre413() {
        Map<String, Object> order = new HashMap<>(Shop.order("c", sku, 1));
        order.put("customerId", "x".repeat(70 * 1024));
        rejected(given().contentType(ContentType.JSON).body(order).post("/orders").then(), 413);
    }

    @Test
    void missingFieldsAre422NamingEachField() {
        invalid(Map.of("items", List.of()), "customerId", "items", "paymentToken", "shippingAddress");
    }

    @Test
    void quantitiesOutOfRangeAre422() {
        Map<String, Object> order = new HashMap<>(Shop.order("c", sku, 0));
        order.put("items", List.of(Map.of("sku", sku, "quantity", 0), Map.of("sku", sku, "quantity", 1001)));
        invalid(order, "items[0].quantity", "items[1].quantity");
    }

    @Test
    void unknownSkusAre422() {
        Map<String, Object> order = new HashMap<>(Shop.order("c", sku, 1));
        order.put("items", List.of(Map.of("sku", sku, "quantity", 1), Map.of("sku", "no-such-sku", "quantity", 1)));
        invalid(order, "items[1].sku");
    }

    @Test
    void moreThan100LinesAre422() {
        List<Map<String, Object>> lines = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            lines.add(Map.of("sku", sku, "quantity", 1));
        }
        Map<String, Object> order = new HashMap<>(Shop.order("c", sku, 1));
        order.put("items", lines);
        invalid(order, "items");
    }

    @Test
    void badCountryCodesAre422() {
        Map<String, Object> order = new HashMap<>(Shop.order("c", sku, 1));
        order.put("shippingAddress", Map.of("name", "A", "line1", "B", "city", "C", "postalCode", "D", "country", "XX"));
        invalid(order, "shippingAddress.country");
        order.put("shippingAddress", Map.of("name", "A", "line1", "B", "city", "C", "postalCode", "D", "country", "germany"));
        invalid(order, "shippingAddress.country");
    }

    @Test
    void unknownIdsAre404() {
        rejected(given().get("/orders/{id}", UUID.randomUUID()).then(), 404);
        rejected(given().get("/payments/{id}", UUID.randomUUID()).then(), 404);
        rejected(given().get("/shipments/{id}", UUID.randomUUID()).then(), 404);
        rejected(given().get("/products/{sku}", "no-such-sku").then(), 404);
        rejected(given().post("/orders/{id}/cancel", UUID.randomUUID()).then(), 404);
    }

    private void invalid(Map<String, Object> order, String... fields) {
        ValidatableResponse response = given().contentType(ContentType.JSON).body(order).post("/orders").then();
        rejected(response, 422);
        for (String field : fields) {
            response.body("errors.field", hasItem(field));
        }
        response.body("errors[0].message", notNullValue());
    }

    private void rejected(ValidatableResponse response, int status) {
        response.statusCode(status).contentType(PROBLEM).body("status", equalTo(status))
                .body("title", notNullValue()).body("type", notNullValue());
        assertThat(events()).as("events appended by a rejected request").isEqualTo(eventsBefore);
    }

    private long events() {
        return pool.query("SELECT count(*) AS n FROM eventstore.events WHERE stream_type = 'orders.order'").execute()
                .await().atMost(Duration.ofSeconds(30)).iterator().next().getLong("n");
    }
}
