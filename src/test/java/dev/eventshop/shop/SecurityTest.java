package dev.eventshop.shop;

import static dev.eventshop.shop.Shop.addProduct;
import static dev.eventshop.shop.Shop.newSku;
import static dev.eventshop.shop.Shop.order;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.eventshop.testing.OperatorTokenByDefault;
import dev.eventshop.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.build.Jwt;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Who may do what: shoppers see and act on their own orders only, operators need the admin role, the carrier's
 * callbacks need the carrier (or admin) role, and every refusal is a problem document.
 */
@QuarkusTest
class SecurityTest {

    @Inject
    Pool pool;

    @Inject
    JWTParser parser;

    @BeforeEach
    void eachRequestSaysWhoCalls() {
        OperatorTokenByDefault.turnOff();
    }

    private static RequestSpecification as(String token) {
        return given().header("Authorization", Tokens.bearer(token));
    }

    private static void unauthorized(ValidatableResponse response) {
        response.statusCode(401).contentType(startsWith("application/problem+json"))
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("status", equalTo(401)).body("type", equalTo("https://eventshop.dev/problems/unauthorized"));
    }

    private String placedBy(String customer, String sku) {
        return as(Tokens.shopper(customer)).contentType(ContentType.JSON).body(order(customer, sku, 1))
                .post("/orders").then().statusCode(202).extract().path("orderId");
    }

    @Test
    void withoutATokenOnlyThePublicPathsAnswer() {
        unauthorized(given().get("/orders/{id}", UUID.randomUUID()).then());
        unauthorized(given().get("/orders?customerId=c-1").then());
        unauthorized(given().contentType(ContentType.JSON).body(order("c-1", "X", 1)).post("/orders").then());
        unauthorized(given().get("/admin/subscriptions").then());
        unauthorized(given().contentType(ContentType.JSON).body("{}").post("/products").then());
        unauthorized(given().post("/shipments/{id}/dispatch", UUID.randomUUID()).then());
        unauthorized(given().get("/payments/{id}", UUID.randomUUID()).then());

        given().get("/products").then().statusCode(200);
        given().get("/q/health").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
    }

    @Test
    void aForgedExpiredOrForeignTokenIsRefused() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair someoneElses = generator.generateKeyPair();
        String forged = Jwt.subject("c-1").groups("admin").sign(someoneElses.getPrivate());
        String expired = Jwt.subject("c-1").groups("admin").issuedAt(Instant.now().minusSeconds(7200))
                .expiresAt(Instant.now().minusSeconds(3600)).sign();
        String otherIssuer = Jwt.issuer("https://issuer.example").subject("c-1").groups("admin").sign();
        for (String token : new String[] { forged, expired, otherIssuer, "not-a-jwt" }) {
            unauthorized(as(token).get("/admin/subscriptions").then());
        }
        as(Tokens.admin()).get("/admin/subscriptions").then().statusCode(200);
    }

    @Test
    void theApplicationsVerifierReusesAVerificationAndStillRefusesWhatItRefused() throws Exception {
        String token = Tokens.shopper("c-reused");
        assertSame(parser.parse(token), parser.parse(token), "the second use of a token is not verified again");
        String expired = Jwt.subject("c-1").groups("admin").issuedAt(Instant.now().minusSeconds(7200))
                .expiresAt(Instant.now().minusSeconds(3600)).sign();
        for (int i = 0; i < 2; i++) {
            unauthorized(as(expired).get("/admin/subscriptions").then());
        }
    }

    @Test
    void aShopperIsNoOperatorNorCarrier() {
        String shopper = Tokens.shopper("c-" + UUID.randomUUID());
        for (ValidatableResponse refused : new ValidatableResponse[] {
                as(shopper).get("/admin/subscriptions").then(),
                as(shopper).get("/admin/subscriptions/{name}", "inventory-commands").then(),
                as(shopper).post("/admin/subscriptions/{name}/pause", "inventory-commands").then(),
                as(shopper).post("/admin/subscriptions/{name}/resume", "inventory-commands").then(),
                as(shopper).get("/admin/subscriptions/{name}/parked", "inventory-commands").then(),
                as(shopper).post("/admin/subscriptions/{name}/parked/{id}/replay", "inventory-commands",
                        UUID.randomUUID()).then(),
                as(shopper).contentType(ContentType.JSON).body("{\"reason\":\"x\"}")
                        .post("/admin/subscriptions/{name}/parked/{id}/skip", "inventory-commands", UUID.randomUUID())
                        .then(),
                as(shopper).contentType(ContentType.JSON).body("""
                        {"sku":"S-1","name":"Kettle","price":{"amount":100,"currency":"EUR"},"stock":1}""")
                        .post("/products").then(),
                as(shopper).contentType(ContentType.JSON).body("{\"quantity\":5}").post("/products/S-1/restock").then(),
                as(shopper).post("/shipments/{id}/dispatch", UUID.randomUUID()).then(),
                as(shopper).post("/shipments/{id}/deliver", UUID.randomUUID()).then(),
                as(Tokens.carrier()).get("/payments/{id}", UUID.randomUUID()).then(),
                as(Tokens.carrier()).get("/admin/subscriptions").then(),
                as(Tokens.carrier()).get("/orders/{id}", UUID.randomUUID()).then() }) {
            refused.statusCode(403).contentType(startsWith("application/problem+json")).body("status", equalTo(403));
        }
        // the carrier's callbacks are the carrier's: an unknown parcel is a 404, not a refusal
        as(Tokens.carrier()).post("/shipments/{id}/dispatch", UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void aShopperSeesAndCancelsOnlyTheirOwnOrders() {
        String sku = newSku();
        Set<String> customers = Set.of("c-ada-" + UUID.randomUUID(), "c-bob-" + UUID.randomUUID());
        String[] pair = customers.toArray(String[]::new);
        String ada = pair[0];
        String bob = pair[1];
        addProductAsOperator(sku);
        String adasOrder = placedBy(ada, sku);
        await().atMost(Shop.TIMEOUT).untilAsserted(() -> as(Tokens.admin()).get("/shipments/{id}", adasOrder).then()
                .statusCode(200).body("status", equalTo("SCHEDULED")));

        as(Tokens.shopper(ada)).get("/orders/{id}", adasOrder).then().statusCode(200).body("customerId", equalTo(ada));
        as(Tokens.shopper(ada)).get("/payments/{id}", adasOrder).then().statusCode(200)
                .body("status", equalTo("CAPTURED"));
        as(Tokens.shopper(ada)).get("/shipments/{id}", adasOrder).then().statusCode(200)
                .body("status", equalTo("SCHEDULED"));
        as(Tokens.shopper(bob)).get("/payments/{id}", adasOrder).then().statusCode(404)
                .contentType(startsWith("application/problem+json"));
        as(Tokens.shopper(bob)).get("/shipments/{id}", adasOrder).then().statusCode(404)
                .contentType(startsWith("application/problem+json"));
        // someone else's order does not exist for bob: the same 404 as an unknown id
        as(Tokens.shopper(bob)).get("/orders/{id}", adasOrder).then().statusCode(404)
                .contentType(startsWith("application/problem+json"));
        as(Tokens.shopper(bob)).post("/orders/{id}/cancel", adasOrder).then().statusCode(404)
                .contentType(startsWith("application/problem+json"));
        // before the stream starts: a problem, not an event stream that ends at once
        as(Tokens.shopper(bob)).accept("text/event-stream").get("/orders/{id}/stream", adasOrder).then()
                .statusCode(404).contentType(startsWith("application/problem+json"))
                .body("type", equalTo("https://eventshop.dev/problems/not-found"));
        as(Tokens.shopper(bob)).get("/orders?customerId=" + ada).then().statusCode(403)
                .contentType(startsWith("application/problem+json"));
        // bob's list is bob's, with or without naming him
        as(Tokens.shopper(bob)).get("/orders").then().statusCode(200).body("$", hasSize(0));
        as(Tokens.shopper(ada)).get("/orders").then().statusCode(200)
                .body("$", hasSize(1)).body("customerId", everyItem(equalTo(ada)));
        // an order for someone else is refused, and places nothing
        as(Tokens.shopper(bob)).contentType(ContentType.JSON).body(order(ada, sku, 1)).post("/orders").then()
                .statusCode(403).contentType(startsWith("application/problem+json"));
        as(Tokens.shopper(ada)).get("/orders").then().body("$", hasSize(1));
        // the owner may cancel; so may an operator
        as(Tokens.shopper(ada)).post("/orders/{id}/cancel", adasOrder).then().statusCode(202);
        as(Tokens.admin()).get("/orders/{id}", adasOrder).then().statusCode(200);
    }

    @Test
    void eachCustomersIdempotencyKeysAreTheirOwn() {
        String sku = newSku();
        addProductAsOperator(sku);
        String key = "key-" + UUID.randomUUID();
        String ada = "c-ada-" + UUID.randomUUID();
        String bob = "c-bob-" + UUID.randomUUID();
        String adas = as(Tokens.shopper(ada)).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(order(ada, sku, 1)).post("/orders").then().statusCode(202).extract().path("orderId");
        // the same key from someone else neither finds ada's order nor is refused as used
        String bobs = as(Tokens.shopper(bob)).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(order(bob, sku, 1)).post("/orders").then().statusCode(202).extract().path("orderId");
        org.assertj.core.api.Assertions.assertThat(bobs).isNotEqualTo(adas);
        as(Tokens.shopper(ada)).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(order(ada, sku, 1)).post("/orders").then().statusCode(202).body("orderId", equalTo(adas));
    }

    private void addProductAsOperator(String sku) {
        OperatorTokenByDefault.turnOn();
        try {
            addProduct(pool, sku, 1299, 10);
        } finally {
            OperatorTokenByDefault.turnOff();
        }
    }
}
