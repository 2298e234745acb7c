package dev.eventshop.shop;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.Level;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.eventshop.platform.web.ProblemType;
import dev.eventshop.testing.FailingResource;
import dev.eventshop.testing.RawHttp;
import dev.eventshop.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
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
        problem(given().contentType(ContentType.JSON).body("{\"customerId\": ").post("/orders").then(),
                ProblemType.JSON_SYNTAX);
    }

    /** A body that is not JSON: 400 with the line and column. */
    @Test
    void jsonSyntaxErrorsSayWhere() {
        String[] bodies = { "{\"customerId\": ", "{\n  \"customerId\": \"c\",\n  oops\n}", order(1) + " trailing",
                order(1) + "{}", "{\"customerId\": \"a\", \"customerId\": \"b\"}" };
        for (String body : bodies) {
            ValidatableResponse response = given().contentType(ContentType.JSON).body(body).post("/orders").then();
            problem(response, ProblemType.JSON_SYNTAX)
                    .body("line", notNullValue()).body("column", notNullValue())
                    .body("detail", not(containsString("com.fasterxml"))).body("detail", not(containsString("java.")));
        }
        given().contentType(ContentType.JSON).body("{\n  \"customerId\": \"c\",\n  oops\n}").post("/orders").then()
                .body("line", equalTo(3));
        ValidatableResponse deep = given().contentType(ContentType.JSON)
                .body("{\"note\": " + "[".repeat(40) + "]".repeat(40) + "}").post("/orders").then();
        problem(deep, ProblemType.JSON_SYNTAX)
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
            problem(response, ProblemType.JSON_MISMATCH)
                    .body("pointer", equalTo(pointer))
                    .body("detail", not(containsString("com.fasterxml"))).body("detail", not(containsString("java.")));
        });
    }

    /** The catalogue's bodies too: a number for the price object, a fraction for a restock; nothing changes. */
    @Test
    void productJsonOfTheWrongShapeNamesTheFieldAndChangesNothing() {
        String newSku = Shop.newSku();
        problem(given().contentType(ContentType.JSON).body("{\"sku\":\"" + newSku + "\",\"name\":\"Mug\","
                + "\"price\":1299,\"stock\":1}").post("/products").then(), ProblemType.JSON_MISMATCH)
                .body("pointer", equalTo("/price"));
        problem(given().get("/products/{sku}", newSku).then(), ProblemType.NOT_FOUND);

        problem(given().contentType(ContentType.JSON).body("{\"quantity\":1.9}").post("/products/{sku}/restock", sku)
                .then(), ProblemType.JSON_MISMATCH).body("pointer", equalTo("/quantity"));
        problem(given().contentType(ContentType.JSON).body("{\"quantity\":\"2\"}").post("/products/{sku}/restock", sku)
                .then(), ProblemType.JSON_MISMATCH).body("pointer", equalTo("/quantity"));
        given().get("/products/{sku}", sku).then().statusCode(200).body("available", equalTo(10));
    }

    private String order(int quantity) {
        return "{\"customerId\":\"c-json\",\"items\":[{\"sku\":\"" + sku + "\",\"quantity\":" + quantity + "}],"
                + "\"shippingAddress\":{\"name\":\"A\",\"line1\":\"1 Way\",\"city\":\"London\","
                + "\"postalCode\":\"N1\",\"country\":\"GB\"},\"paymentToken\":\"tok_visa\"}";
    }

    @Test
    void wrongMediaTypeIs415() {
        problem(given().contentType(ContentType.TEXT).body("hello").post("/orders").then(),
                ProblemType.UNSUPPORTED_MEDIA_TYPE);
    }

    @Test
    void bodiesOver64KiBAre413() {
        Map<String, Object> order = new HashMap<>(Shop.order("c", sku, 1));
        order.put("customerId", "x".repeat(70 * 1024));
        problem(given().contentType(ContentType.JSON).body(order).post("/orders").then(), ProblemType.BODY_TOO_LARGE);
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
        problem(given().get("/orders/{id}", UUID.randomUUID()).then(), ProblemType.NOT_FOUND);
        problem(given().get("/payments/{id}", UUID.randomUUID()).then(), ProblemType.NOT_FOUND);
        problem(given().get("/shipments/{id}", UUID.randomUUID()).then(), ProblemType.NOT_FOUND);
        problem(given().get("/products/{sku}", "no-such-sku").then(), ProblemType.NOT_FOUND);
        problem(given().post("/orders/{id}/cancel", UUID.randomUUID()).then(), ProblemType.NOT_FOUND);
    }

    /** Text with a control character or half a surrogate pair is refused by name; other Unicode is fine. */
    @Test
    void controlCharactersInTextAre422() {
        for (String bad : List.of("\\u0000", "\\u0007", "\\u001b[31m", "\\u007f", "\\u0085", "\\ud800", "\\udc00x")) {
            ValidatableResponse response = given().contentType(ContentType.JSON)
                    .body(order(1).replace("\"c-json\"", "\"c" + bad + "\"").replace("\"London\"", "\"Lon" + bad + "\""))
                    .post("/orders").then();
            problem(response, ProblemType.VALIDATION).body("errors.field", hasItem("customerId"))
                    .body("errors.field", hasItem("shippingAddress.city"));
        }
        String newSku = Shop.newSku();
        problem(given().contentType(ContentType.JSON).body("{\"sku\":\"" + newSku + "\",\"name\":\"Mug\\u0000\","
                + "\"price\":{\"amount\":100,\"currency\":\"EUR\"},\"stock\":1}").post("/products").then(),
                ProblemType.VALIDATION).body("errors.field", hasItem("name"));
        problem(given().get("/products/{sku}", newSku).then(), ProblemType.NOT_FOUND);
        // letters beyond ASCII, emoji (a surrogate pair) and a combining accent are text
        given().contentType(ContentType.JSON).body(Map.of("sku", newSku, "name", "Tasse \u2615 \uD83C\uDF89 Cafe\u0301",
                "price", Map.of("amount", 100, "currency", "EUR"), "stock", 1)).post("/products").then().statusCode(201);
        given().get("/products/{sku}", newSku).then().statusCode(200)
                .body("name", equalTo("Tasse \u2615 \uD83C\uDF89 Cafe\u0301"));
    }

    /** The sandboxes too: what a third party's stand-in stores is text. */
    @Test
    void controlCharactersSentToTheSandboxesAre422() {
        problem(given().contentType(ContentType.JSON).header("Idempotency-Key", "k-" + UUID.randomUUID())
                .body("{\"amount\":100,\"currency\":\"EUR\",\"token\":\"tok_visa\",\"reference\":\"r\\u0000\"}")
                .post("/sandbox/payment-provider/charges").then(), ProblemType.VALIDATION)
                .body("errors.field", hasItem("reference"));
        problem(given().contentType(ContentType.JSON).header("Idempotency-Key", "k-" + UUID.randomUUID())
                .body("{\"reference\":\"r\",\"address\":{\"name\":\"A\\u0000\",\"line1\":\"1\",\"city\":\"L\","
                        + "\"postalCode\":\"N1\",\"country\":\"GB\"}}")
                .post("/sandbox/carrier/shipments").then(), ProblemType.VALIDATION)
                .body("errors.field", hasItem("address.name"));
    }

    /** A NUL in a path or query parameter never reaches PostgreSQL (which cannot store one): 404 and 422. */
    @Test
    void controlCharactersInPathsAndParametersAreProblems() {
        problem(given().urlEncodingEnabled(false).get("/orders/%00").then(), ProblemType.NOT_FOUND);
        problem(given().urlEncodingEnabled(false).get("/orders/a%0Ab/stream").then(), ProblemType.NOT_FOUND);
        problem(given().urlEncodingEnabled(false).get("/products/x%C2%85").then(), ProblemType.NOT_FOUND);
        problem(given().urlEncodingEnabled(false).get("/orders?customerId=a%00b").then(), ProblemType.VALIDATION)
                .body("errors.field", hasItem("customerId"));
    }

    /** Only ISO 4217 currencies that money is counted in; amounts are integers of the currency's minor units. */
    @Test
    void currenciesAreIso4217WithMinorUnits() {
        for (String currency : List.of("XYZ", "XAU", "XXX", "XDR", "DEM", "FRF", "eur", "EURO", "")) {
            String newSku = Shop.newSku();
            problem(given().contentType(ContentType.JSON).body(Map.of("sku", newSku, "name", "Mug",
                    "price", Map.of("amount", 1299, "currency", currency), "stock", 1)).post("/products").then(),
                    ProblemType.VALIDATION).body("errors.field", hasItem("price.currency"));
            problem(given().get("/products/{sku}", newSku).then(), ProblemType.NOT_FOUND);
        }
        String yen = Shop.newSku();
        given().contentType(ContentType.JSON).body(Map.of("sku", yen, "name", "Mug",
                "price", Map.of("amount", 1299, "currency", "JPY"), "stock", 1)).post("/products").then()
                .statusCode(201).body("price.amount", equalTo(1299)).body("price.currency", equalTo("JPY"));
        problem(given().contentType(ContentType.JSON).body("{\"sku\":\"" + Shop.newSku() + "\",\"name\":\"Mug\","
                + "\"price\":{\"amount\":12.99,\"currency\":\"EUR\"},\"stock\":1}").post("/products").then(),
                ProblemType.JSON_MISMATCH).body("pointer", equalTo("/price/amount"));
    }

    /** Numbers no field can hold are the wrong shape, not a syntax error and not truncated. */
    @Test
    void hugeNumbersAre400NamingTheField() {
        for (String huge : List.of("99999999999999999999", "1e400", "-2147483649")) {
            problem(given().contentType(ContentType.JSON).body(order(1).replace("\"quantity\":1", "\"quantity\":" + huge))
                    .post("/orders").then(), ProblemType.JSON_MISMATCH).body("pointer", equalTo("/items/0/quantity"));
        }
    }

    @Test
    void streamOfAnUnknownOrderIs404BeforeItStarts() {
        problem(given().accept("text/event-stream").get("/orders/{id}/stream", UUID.randomUUID()).then(),
                ProblemType.NOT_FOUND);
    }

    @Test
    void longPathsAndHeadersAreProblems() {
        problem(given().get("/orders/" + "x".repeat(5_000)).then(), ProblemType.NOT_FOUND);
        problem(given().get("/orders/" + "x".repeat(9_000)).then(), ProblemType.URI_TOO_LONG);
        problem(given().header("X-Filler", "x".repeat(20_000)).get("/products").then(),
                ProblemType.HEADERS_TOO_LARGE);
    }

    /**
     * A body without a Content-Length (chunked) is counted as it arrives: over 64 KiB, and far over, past what the
     * server would buffer at all (1 MiB), it is the same problem.
     */
    @ParameterizedTest
    @CsvSource({ "71680, HTTP_1_1", "2097152, HTTP_1_1", "71680, HTTP_2" })
    void chunkedBodiesOver64KiBAre413(int filler, HttpClient.Version version) throws Exception {
        HttpResponse<String> response = postChunked(version,
                order(1).replace("\"c-json\"", "\"" + "x".repeat(filler) + "\""));
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.version()).as("the version the client and server settled on").isEqualTo(version);
        assertThat(response.headers().firstValue("Content-Type")).as("%s %s", response.headers(), response.body())
                .hasValue(PROBLEM);
        assertThat(response.body()).contains(ProblemType.BODY_TOO_LARGE.uri().toString());
        assertThat(events()).isEqualTo(eventsBefore);
    }

    /**
     * An HTTP/1.0 request with a Transfer-Encoding has framing that cannot be trusted: its body is read as chunks
     * while a Content-Length beside them would still be believed (by the limits here, and by a module the request
     * is forwarded to). It is refused before anything reads it, and the connection ends.
     */
    @Test
    void anHttp10RequestWithATransferEncodingIs400() throws Exception {
        String body = order(1);
        String request = "POST /orders HTTP/1.0\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Authorization: " + Tokens.bearer(Tokens.admin()) + "\r\nContent-Length: 2\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(body.length()) + "\r\n" + body
                + "\r\n0\r\n\r\n";
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(30_000);
            try {
                socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
                socket.getInputStream().transferTo(read);
            } catch (SocketException reset) {
                // the server closes the connection with the body unread: what came before is the answer
            }
        }
        String answer = read.toString(StandardCharsets.UTF_8);
        assertThat(answer).matches("(?s)HTTP/1\\.0 400 .*").containsIgnoringCase("connection: close").contains(PROBLEM)
                .contains(ProblemType.BAD_REQUEST.uri().toString());
        assertThat(events()).isEqualTo(eventsBefore);
    }

    /** A body without a length under the limit is read as any other: here far enough to find what is wrong in it. */
    @ParameterizedTest
    @EnumSource(value = HttpClient.Version.class)
    void bodiesWithoutALengthUnderTheLimitAreRead(HttpClient.Version version) throws Exception {
        HttpResponse<String> response = postChunked(version, order(0));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        assertThat(response.version()).as("the version the client and server settled on").isEqualTo(version);
        assertThat(response.body()).contains("items[0].quantity");
        assertThat(events()).isEqualTo(eventsBefore);
        // and a GET, which has no body at all
        HttpResponse<String> get = HttpClient.newBuilder().version(version).build().send(HttpRequest
                .newBuilder(URI.create("http://localhost:" + RestAssured.port + "/products")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).as(get.body()).isEqualTo(200);
    }

    /**
     * Posts an order with no Content-Length: chunked over HTTP/1.1; over HTTP/2 (when the client's upgrade is taken)
     * a stream with no length at all.
     */
    private static HttpResponse<String> postChunked(HttpClient.Version version, String body) throws Exception {
        return HttpClient.newBuilder().version(version).build().send(HttpRequest
                .newBuilder(URI.create("http://localhost:" + RestAssured.port + "/orders"))
                .header("Content-Type", "application/json").header("Authorization", Tokens.bearer(Tokens.admin()))
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anEmptyIdempotencyKeyIs422() {
        problem(given().contentType(ContentType.JSON).header("Idempotency-Key", "").body(order(1)).post("/orders")
                .then(), ProblemType.VALIDATION).body("errors.field", hasItem("Idempotency-Key"));
        problem(given().contentType(ContentType.JSON).header("Idempotency-Key", "   ").body(order(1)).post("/orders")
                .then(), ProblemType.VALIDATION).body("errors.field", hasItem("Idempotency-Key"));
    }

    @Test
    void wrongMethodsAndMediaTypesAreProblems() {
        problem(given().delete("/orders").then(), ProblemType.METHOD_NOT_ALLOWED);
        problem(given().put("/products/{sku}", sku).then(), ProblemType.METHOD_NOT_ALLOWED);
        problem(given().accept("text/csv").get("/products/{sku}", sku).then(), ProblemType.NOT_ACCEPTABLE);
        problem(given().contentType(ContentType.XML).body("<order/>").post("/orders").then(),
                ProblemType.UNSUPPORTED_MEDIA_TYPE);
    }

    /** A bug is a 500 problem with the trace id to look for in the log, and nothing of what failed. */
    @Test
    void unexpectedFailuresAre500WithoutInternals() {
        // what failed goes to the log, in a line carrying the trace id the client was given
        List<ExtLogRecord> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                if (record instanceof ExtLogRecord ext && record.getLevel().intValue() >= Level.ERROR.intValue()) {
                    ext.copyMdc();
                    logged.add(ext);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.addHandler(capture);
        String traceId;
        try {
            traceId = problem(given().get("/test-fixtures/failure").then(), ProblemType.SERVER_ERROR)
                    .body(not(containsString(FailingResource.SECRET))).body(not(containsString("Exception")))
                    .body(not(containsString("at dev.eventshop"))).body("traceId", matchesPattern("[0-9a-f]{32}"))
                    .extract().path("traceId");
            await().atMost(Shop.TIMEOUT).until(() -> logged.stream().anyMatch(record ->
                    traceId.equals(record.getMdc("traceId")) && record.getThrown() != null
                            && String.valueOf(record.getThrown().getMessage()).contains(FailingResource.SECRET)));
        } finally {
            root.removeHandler(capture);
        }
        problem(given().get("/test-fixtures/failure/unwritable").then(), ProblemType.SERVER_ERROR)
                .body(not(containsString(FailingResource.SECRET)));
        problem(given().get("/test-fixtures/failure/database").then(), ProblemType.UNAVAILABLE)
                .header("Retry-After", equalTo("5")).body(not(containsString(FailingResource.SECRET)));
        problem(given().get("/test-fixtures/failure/database-restart").then(), ProblemType.UNAVAILABLE)
                .header("Retry-After", equalTo("5"));
    }

    /** Whatever the framework answers by itself has the catalogue's title and type too. */
    @Test
    void theFrameworksOwnAnswersAreCatalogueProblems() {
        problem(given().get("/no-such-path").then(), ProblemType.NOT_FOUND).body("title", equalTo("Not found"));
        // a length over Vert.x's own cap on bodies (1 MiB) too, refused before a byte of the body is read
        String answer = RawHttp.send(RestAssured.port, "POST /orders HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: 2000000\r\nAuthorization: " + Tokens.bearer(Tokens.admin()) + "\r\n\r\n{}");
        assertThat(answer).startsWith("HTTP/1.1 413").contains("application/problem+json")
                .contains(ProblemType.BODY_TOO_LARGE.uri().toString());
        assertThat(events()).isEqualTo(eventsBefore);
    }

    /** A URI no client library would send (they refuse to build it) still gets a problem, not the server's bare 400. */
    @ParameterizedTest
    @ValueSource(strings = { "/orders?customerId=%zz", "/orders?customerId=%", "/orders/a%zz", "/orders/%3",
            "/products?q=a{b", "/products/a<b>", "/orders/a\"b" })
    void urisJavaRefusesAre400Problems(String uri) {
        String answer = RawHttp.send(RestAssured.port, "GET " + uri + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
                + Tokens.bearer(Tokens.admin()) + "\r\nConnection: close\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 400").contains("application/problem+json")
                .contains(ProblemType.BAD_REQUEST.uri().toString()).contains("\"instance\"");
        assertThat(events()).isEqualTo(eventsBefore);
    }

    /** A problem of a type from the catalogue, with every field README promises; nothing was appended. */
    private ValidatableResponse problem(ValidatableResponse response, ProblemType type) {
        response.statusCode(type.status()).contentType(PROBLEM).body("type", equalTo(type.uri().toString()))
                .body("status", equalTo(type.status())).body("title", notNullValue())
                .body("detail", notNullValue()).body("instance", notNullValue());
        assertThat(events()).as("events appended by a rejected request").isEqualTo(eventsBefore);
        return response;
    }

    private void invalid(Map<String, Object> order, String... fields) {
        ValidatableResponse response = given().contentType(ContentType.JSON).body(order).post("/orders").then();
        problem(response, ProblemType.VALIDATION);
        for (String field : fields) {
            response.body("errors.field", hasItem(field));
        }
        response.body("errors[0].message", notNullValue());
    }

    private long events() {
        return pool.query("SELECT count(*) AS n FROM eventstore.events WHERE stream_type = 'orders.order'").execute()
                .await().atMost(Duration.ofSeconds(30)).iterator().next().getLong("n");
    }
}
