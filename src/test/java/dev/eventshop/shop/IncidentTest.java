package dev.eventshop.shop;

import static dev.eventshop.shop.Shop.TIMEOUT;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The incident this project exists for: inventory is down (its subscription paused). Orders wait PENDING, and no
 * payment is captured for stock nobody reserved; when inventory comes back, they complete.
 */
@QuarkusTest
class IncidentTest {

    private static final String INVENTORY = "inventory-commands";

    @Inject
    Pool pool;

    @AfterEach
    void inventoryBack() {
        given().post("/admin/subscriptions/{name}/resume", INVENTORY).then().statusCode(200);
        ShopInvariants.awaitHold(pool);
    }

    @Test
    void withInventoryDownNothingIsChargedAndEverythingCompletesAfterwards() {
        String sku = Shop.newSku();
        Shop.addProduct(pool, sku, 800, 10);
        given().post("/admin/subscriptions/{name}/pause", INVENTORY).then().statusCode(200)
                .body("paused", equalTo(true));

        List<String> orders = IntStream.range(0, 5)
                .mapToObj(i -> Shop.placeOrder(Shop.order("c-" + UUID.randomUUID(), sku, 1))).toList();

        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> orders.stream().allMatch(
                id -> Shop.status(id).equals("PENDING") && Shop.paymentStatus(id).equals("NONE")
                        && Shop.chargesFor(id) == 0));
        assertThat(Shop.available(sku)).isEqualTo(10);
        given().get("/admin/subscriptions/{name}", INVENTORY).then().body("lag", org.hamcrest.Matchers.greaterThan(0));

        given().post("/admin/subscriptions/{name}/resume", INVENTORY).then().statusCode(200)
                .body("paused", equalTo(false));
        await().atMost(TIMEOUT).until(() -> orders.stream().allMatch(id -> Shop.status(id).equals("CONFIRMED")));
        assertThat(orders).allSatisfy(id -> assertThat(Shop.chargesFor(id)).isEqualTo(1));
        assertThat(Shop.available(sku)).isEqualTo(5);
    }
}
