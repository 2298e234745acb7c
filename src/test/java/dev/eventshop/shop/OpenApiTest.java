package dev.eventshop.shop;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.Method;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The OpenAPI document is a contract a client can be generated from: every operation in it is called, on its success
 * path and on its error paths, and each answer's status and media type must be among those documented for it.
 */
@QuarkusTest
class OpenApiTest {

    private static final String UNKNOWN = UUID.randomUUID().toString();

    @Inject
    Pool pool;

    /** One request to an operation: the path with its parameters filled in, an optional query and JSON body. */
    private record Call(String path, String query, String body) {

        static Call of(String path) {
            return new Call(path, null, null);
        }

        Call query(String q) {
            return new Call(path, q, body);
        }

        Call body(String b) {
            return new Call(path, query, b);
        }
    }

    @Test
    void everyOperationAnswersAsDocumented() {
        String sku = Shop.newSku();
        Shop.addProduct(pool, sku, 1200, 100);
        String customer = "openapi-" + UUID.randomUUID();
        String shipped = Shop.placeOrder(Shop.order(customer, sku, 1));
        String cancelled = Shop.placeOrder(Shop.order(customer, sku, 1, "tok_visa"));
        await().atMost(Shop.TIMEOUT).until(() -> "SCHEDULED".equals(given().get("/shipments/{id}", shipped).then()
                .extract().path("status")));
        String subscription = given().get("/admin/subscriptions").then().statusCode(200).extract().path("[0].name");
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String order = "{\"customerId\":\"" + customer + "\",\"items\":[{\"sku\":\"" + sku + "\",\"quantity\":1}],"
                + "\"shippingAddress\":{\"name\":\"A\",\"line1\":\"1 Way\",\"city\":\"London\",\"postalCode\":\"N1\","
                + "\"country\":\"GB\"},\"paymentToken\":\"tok_visa\"}";

        // in the order they are made: some change what the next ones find
        Map<String, List<Call>> calls = new LinkedHashMap<>();
        calls.put("GET /products", List.of(Call.of("/products"), Call.of("/products").query("limit=2"),
                Call.of("/products").query("limit=abc")));
        calls.put("POST /products", List.of(Call.of("/products").body("{\"sku\":\"" + Shop.newSku()
                + "\",\"name\":\"Kettle\",\"price\":{\"amount\":3900,\"currency\":\"EUR\"},\"stock\":1}"),
                Call.of("/products").body("{\"sku\":\"" + sku + "\",\"name\":\"Again\",\"price\":{\"amount\":1,"
                        + "\"currency\":\"EUR\"},\"stock\":1}"),
                Call.of("/products").body("{}"), Call.of("/products").body("{")));
        calls.put("GET /products/{sku}", List.of(Call.of("/products/" + sku), Call.of("/products/" + UNKNOWN)));
        calls.put("POST /products/{sku}/restock", List.of(Call.of("/products/" + sku + "/restock").body("{\"quantity\":1}"),
                Call.of("/products/" + UNKNOWN + "/restock").body("{\"quantity\":1}"),
                Call.of("/products/" + sku + "/restock").body("{\"quantity\":0}")));
        calls.put("POST /orders", List.of(Call.of("/orders").body(order), Call.of("/orders").body("{}"),
                Call.of("/orders").body("[]")));
        calls.put("GET /orders", List.of(Call.of("/orders").query("customerId=" + customer),
                Call.of("/orders").query("customerId=" + customer + "&limit=1"), Call.of("/orders")));
        calls.put("GET /orders/{orderId}", List.of(Call.of("/orders/" + shipped), Call.of("/orders/" + UNKNOWN)));
        calls.put("POST /orders/{orderId}/cancel", List.of(Call.of("/orders/" + cancelled + "/cancel"),
                Call.of("/orders/" + UNKNOWN + "/cancel")));
        calls.put("GET /orders/{orderId}/stream", List.of(Call.of("/orders/" + UNKNOWN + "/stream")));
        calls.put("GET /payments/{orderId}", List.of(Call.of("/payments/" + shipped), Call.of("/payments/" + UNKNOWN)));
        calls.put("GET /shipments/{orderId}", List.of(Call.of("/shipments/" + shipped),
                Call.of("/shipments/" + UNKNOWN)));
        calls.put("POST /shipments/{orderId}/deliver", List.of(Call.of("/shipments/" + shipped + "/deliver"),
                Call.of("/shipments/" + UNKNOWN + "/deliver")));
        calls.put("POST /shipments/{orderId}/dispatch", List.of(Call.of("/shipments/" + shipped + "/dispatch"),
                Call.of("/shipments/" + shipped + "/dispatch"), Call.of("/shipments/" + UNKNOWN + "/dispatch")));
        calls.put("GET /admin/operations", List.of(Call.of("/admin/operations"),
                Call.of("/admin/operations").query("limit=0")));
        calls.put("GET /admin/orders/stuck", List.of(Call.of("/admin/orders/stuck"),
                Call.of("/admin/orders/stuck").query("limit=abc")));
        calls.put("GET /admin/orders/{id}/timeline", List.of(Call.of("/admin/orders/" + shipped + "/timeline"),
                Call.of("/admin/orders/" + UNKNOWN + "/timeline")));
        calls.put("GET /admin/read-models", List.of(Call.of("/admin/read-models")));
        calls.put("GET /admin/read-models/{name}", List.of(Call.of("/admin/read-models/orders.order_view"),
                Call.of("/admin/read-models/nothing")));
        calls.put("POST /admin/read-models/{name}/rebuild", List.of(
                Call.of("/admin/read-models/orders.order_view/rebuild").query("since=" + now),
                Call.of("/admin/read-models/orders.order_view/rebuild").query("since=yesterday"),
                Call.of("/admin/read-models/nothing/rebuild")));
        calls.put("POST /admin/reconciliation/run", List.of(Call.of("/admin/reconciliation/run").query("since=" + now),
                Call.of("/admin/reconciliation/run").query("since=yesterday")));
        calls.put("GET /admin/reconciliation", List.of(Call.of("/admin/reconciliation")));
        calls.put("GET /admin/subscriptions", List.of(Call.of("/admin/subscriptions")));
        calls.put("GET /admin/subscriptions/{name}", List.of(Call.of("/admin/subscriptions/" + subscription),
                Call.of("/admin/subscriptions/nothing")));
        calls.put("POST /admin/subscriptions/{name}/pause", List.of(
                Call.of("/admin/subscriptions/" + subscription + "/pause"), Call.of("/admin/subscriptions/nothing/pause")));
        calls.put("POST /admin/subscriptions/{name}/resume", List.of(
                Call.of("/admin/subscriptions/" + subscription + "/resume"),
                Call.of("/admin/subscriptions/nothing/resume")));
        calls.put("GET /admin/subscriptions/{name}/parked", List.of(
                Call.of("/admin/subscriptions/" + subscription + "/parked"),
                Call.of("/admin/subscriptions/nothing/parked")));
        calls.put("POST /admin/subscriptions/{name}/parked/{eventId}/replay", List.of(
                Call.of("/admin/subscriptions/" + subscription + "/parked/" + UNKNOWN + "/replay")));
        calls.put("POST /admin/subscriptions/{name}/parked/{eventId}/skip", List.of(
                Call.of("/admin/subscriptions/" + subscription + "/parked/" + UNKNOWN + "/skip")
                        .body("{\"reason\":\"gone\"}"),
                Call.of("/admin/subscriptions/" + subscription + "/parked/" + UNKNOWN + "/skip")
                        .body("{\"reason\":\"a\\u0000b\"}"),
                Call.of("/admin/subscriptions/" + subscription + "/parked/" + UNKNOWN + "/skip").body("{\"reason\":")));
        calls.put("GET /sandbox/payment-provider/charges", List.of(Call.of("/sandbox/payment-provider/charges")
                .query("reference=" + shipped)));
        calls.put("GET /sandbox/payment-provider/requests", List.of(Call.of("/sandbox/payment-provider/requests")
                .query("reference=" + shipped)));
        calls.put("POST /sandbox/payment-provider/outage", List.of(Call.of("/sandbox/payment-provider/outage")
                .query("on=false")));
        calls.put("POST /sandbox/payment-provider/charges", List.of(Call.of("/sandbox/payment-provider/charges")
                .body("{\"amount\":100,\"currency\":\"EUR\",\"token\":\"tok_visa\",\"reference\":\"openapi-"
                        + UNKNOWN + "\"}"), Call.of("/sandbox/payment-provider/charges").body("{")));
        calls.put("POST /sandbox/payment-provider/refunds", List.of(Call.of("/sandbox/payment-provider/refunds")
                .body("{\"chargeId\":\"" + UNKNOWN + "\"}")));
        calls.put("POST /sandbox/carrier/shipments", List.of(Call.of("/sandbox/carrier/shipments")
                .body("{\"reference\":\"openapi-" + UNKNOWN + "\",\"address\":{\"name\":\"A\",\"line1\":\"1 Way\","
                        + "\"city\":\"London\",\"postalCode\":\"N1\",\"country\":\"GB\"}}")));
        calls.put("POST /sandbox/carrier/shipments/{trackingNumber}/cancel", List.of(
                Call.of("/sandbox/carrier/shipments/NO-SUCH-PARCEL/cancel")));
        calls.put("POST /sandbox/carrier/shipments/{trackingNumber}/dispatch", List.of(
                Call.of("/sandbox/carrier/shipments/NO-SUCH-PARCEL/dispatch")));
        // once cancelled, the order's event stream ends: the success of the SSE operation can be read whole
        calls.put("GET /orders/{orderId}/stream (ended)", List.of(Call.of("/orders/" + cancelled + "/stream")));

        JsonPath document = given().accept("application/json").get("/q/openapi").then().statusCode(200).extract()
                .jsonPath();
        Map<String, Map<String, Map<String, Object>>> paths = document.getMap("paths");
        TreeSet<String> operations = new TreeSet<>();
        paths.forEach((path, item) -> item.keySet().stream().filter(m -> m.matches("get|post|put|delete|patch"))
                .forEach(m -> operations.add(m.toUpperCase() + " " + path)));
        TreeSet<String> called = new TreeSet<>();
        calls.keySet().forEach(key -> called.add(key.replace(" (ended)", "")));
        assertThat(called).as("operations the walk calls: one added to the API needs its calls here")
                .isEqualTo(operations);

        List<String> mismatches = new ArrayList<>();
        calls.forEach((key, list) -> {
            String[] methodAndPath = key.replace(" (ended)", "").split(" ", 2);
            Map<String, Object> operation = paths.get(methodAndPath[1]).get(methodAndPath[0].toLowerCase());
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> responses = (Map<String, Map<String, Object>>) operation.get("responses");
            for (Call call : list) {
                Response response = send(methodAndPath[0], call);
                String status = String.valueOf(response.statusCode());
                String what = key + " " + call.path() + (call.query() == null ? "" : "?" + call.query()) + " → "
                        + status + " " + response.contentType();
                Map<String, Object> documented = responses.get(status);
                if (documented == null) {
                    mismatches.add(what + ": status not documented (documented: " + responses.keySet() + ")");
                    continue;
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> content = (Map<String, Object>) documented.get("content");
                String mediaType = response.contentType() == null ? "" : response.contentType().split(";")[0].trim();
                if (content == null || content.isEmpty()) {
                    if (!response.asByteArray().equals(new byte[0]) && response.asByteArray().length > 0) {
                        mismatches.add(what + ": a body where none is documented");
                    }
                } else if (!content.containsKey(mediaType)) {
                    mismatches.add(what + ": media type not documented (documented: " + content.keySet() + ")");
                }
            }
        });
        assertThat(mismatches).as("answers that differ from the OpenAPI document").isEmpty();
    }

    private static Response send(String method, Call call) {
        RequestSpecification request = given().urlEncodingEnabled(false);
        if (call.body() != null) {
            request = request.contentType("application/json").body(call.body());
        }
        String url = call.path() + (call.query() == null ? "" : "?" + call.query());
        return request.request(Method.valueOf(method), url).then().extract().response();
    }

    @Test
    void declaresTheBearerSchemeAndEachOperationsRoles() {
        var response = given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("components.securitySchemes.bearer.scheme", equalTo("bearer"));
        response.body("paths.'/admin/subscriptions'.get.security[0].bearer", contains("admin"));
        response.body("paths.'/payments/{orderId}'.get.security[0].bearer", containsInAnyOrder("shopper", "admin"));
        response.body("paths.'/orders'.post.security[0].bearer", containsInAnyOrder("shopper", "admin"));
        response.body("paths.'/shipments/{orderId}/dispatch'.post.security[0].bearer",
                containsInAnyOrder("admin", "carrier"));
        response.body("paths.'/products'.get.security", nullValue());
    }

    /** Every error response is a problem document with an example of its type; bodies can be refused as such. */
    @Test
    void documentsEveryErrorAsAProblem() {
        JsonPath document = given().accept("application/json").get("/q/openapi").then().statusCode(200).extract()
                .jsonPath();
        Map<String, Map<String, Map<String, Object>>> paths = document.getMap("paths");
        List<String> bare = new ArrayList<>();
        paths.forEach((path, item) -> item.forEach((method, operation) -> {
            if (!method.matches("get|post|put|delete|patch")) {
                return;
            }
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> responses = (Map<String, Map<String, Object>>) operation.get("responses");
            responses.forEach((code, response) -> {
                // the sandboxes answer their own errors in the format of the provider and carrier they stand in for
                if (code.matches("[45]\\d\\d") && !(path.startsWith("/sandbox/") && !code.matches("400|401|403|413|415|500"))) {
                    @SuppressWarnings("unchecked")
                    Map<String, Map<String, Object>> content = (Map<String, Map<String, Object>>) response.get("content");
                    if (content == null || !content.containsKey("application/problem+json")
                            || content.get("application/problem+json").get("example") == null) {
                        bare.add(method + " " + path + " " + code);
                    }
                }
            });
            if (!responses.containsKey("500")) {
                bare.add(method + " " + path + " has no 500");
            }
            if (operation.containsKey("requestBody") && !responses.keySet().containsAll(List.of("400", "413", "415"))) {
                bare.add(method + " " + path + " reads a body but documents no 400, 413 or 415");
            }
        }));
        assertThat(bare).isEmpty();
        assertThat(document.getString("paths.'/orders/{orderId}'.get.responses.'404'.content.'application/problem+json'"
                + ".example.type")).isEqualTo("https://eventshop.dev/problems/not-found");
        // the bodies a client sends come with an example to start from
        for (String request : List.of("PlaceOrderRequest", "AddProductRequest", "RestockRequest")) {
            assertThat((Object) document.get("components.schemas." + request + ".examples[0]")).as(request).isNotNull();
        }
    }

    /** Every successful answer with a body shows an example of it, on its media type or on its schema. */
    @Test
    void documentsAnExampleOfEverySuccessfulAnswer() {
        JsonPath document = given().accept("application/json").get("/q/openapi").then().statusCode(200).extract()
                .jsonPath();
        Map<String, Map<String, Object>> schemas = document.getMap("components.schemas");
        Map<String, Map<String, Map<String, Object>>> paths = document.getMap("paths");
        List<String> withoutExample = new ArrayList<>();
        int checked = 0;
        for (var path : paths.entrySet()) {
            for (var operation : path.getValue().entrySet()) {
                if (!operation.getKey().matches("get|post|put|delete|patch")) {
                    continue;
                }
                @SuppressWarnings("unchecked")
                Map<String, Map<String, Object>> responses = (Map<String, Map<String, Object>>) operation.getValue()
                        .get("responses");
                for (var response : responses.entrySet()) {
                    @SuppressWarnings("unchecked")
                    Map<String, Map<String, Object>> content = (Map<String, Map<String, Object>>) response.getValue()
                            .get("content");
                    if (!response.getKey().startsWith("2") || content == null) {
                        continue;
                    }
                    for (var media : content.entrySet()) {
                        checked++;
                        if (media.getValue().get("example") == null && media.getValue().get("examples") == null
                                && !hasExample(media.getValue().get("schema"), schemas)) {
                            withoutExample.add(operation.getKey() + " " + path.getKey() + " " + response.getKey() + " "
                                    + media.getKey());
                        }
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(25);
        assertThat(withoutExample).isEmpty();
        // an example is JSON, as the answer is, not a string holding it
        assertThat(document.getString("components.schemas.OrderView.examples[0].status")).isEqualTo("CONFIRMED");
    }

    @SuppressWarnings("unchecked")
    private static boolean hasExample(Object schema, Map<String, Map<String, Object>> schemas) {
        if (!(schema instanceof Map<?, ?> node)) {
            return false;
        }
        if (node.get("example") != null || node.get("examples") != null) {
            return true;
        }
        if (node.get("$ref") instanceof String ref) {
            return hasExample(schemas.get(ref.substring(ref.lastIndexOf('/') + 1)), schemas);
        }
        return hasExample(node.get("items"), schemas);
    }
}
