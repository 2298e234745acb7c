package dev.eventshop.shop;

import static dev.eventshop.shop.Shop.TIMEOUT;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * A customer's cancel and the carrier's pick-up of the same confirmed order, at the same moment, back to back and
 * with orders' view of shipping paused: every order ends either SHIPPED and paid (the cancel refused, in its
 * history) or CANCELLED with its parcel called off, its payment refunded and its stock released — never shipped for
 * free.
 */
@QuarkusTest
class CancelDispatchRaceTest {

    private static final String ORDERS_SHIPPING = "orders-shipping";

    @Inject
    Pool pool;

    @AfterEach
    void invariantsHold() {
        given().post("/admin/subscriptions/{name}/resume", ORDERS_SHIPPING).then().statusCode(200);
        ShopInvariants.awaitHold(pool);
    }

    @Test
    void crossingCancelsAndDispatchesEndShippedAndPaidOrCancelledAndRefunded() {
        race(16, false);
    }

    @Test
    void crossingCancelsAndDispatchesWhileOrdersLagBehindShipping() {
        race(8, true);
    }

    private void race(int pairs, boolean ordersLag) {
        String sku = Shop.newSku();
        Shop.addProduct(pool, sku, 1500, pairs);
        List<String> orders = IntStream.range(0, pairs)
                .mapToObj(i -> Shop.placeOrder(Shop.order("c-" + UUID.randomUUID(), sku, 1))).toList();
        await().atMost(TIMEOUT).until(() -> orders.stream().allMatch(id -> tracking(id) != null));
        if (ordersLag) {
            given().post("/admin/subscriptions/{name}/pause", ORDERS_SHIPPING).then().statusCode(200);
        }

        List<CompletableFuture<?>> crossing = orders.stream().flatMap(id -> {
            String trackingNumber = tracking(id);
            return List.<CompletableFuture<?>>of(
                    CompletableFuture.runAsync(() -> {
                        // the carrier picks the parcel up, then tells the shop
                        int pickedUp = given().post("/sandbox/carrier/shipments/{t}/dispatch", trackingNumber)
                                .statusCode();
                        if (pickedUp == 204) {
                            given().post("/shipments/{id}/dispatch", id).then().statusCode(200);
                        } else {
                            assertThat(pickedUp).as("pick-up of a called-off parcel").isEqualTo(409);
                        }
                    }),
                    CompletableFuture.runAsync(() -> assertThat(given().post("/orders/{id}/cancel", id).statusCode())
                            .isIn(202, 409))).stream();
        }).toList();
        CompletableFuture.allOf(crossing.toArray(CompletableFuture[]::new)).join();
        given().post("/admin/subscriptions/{name}/resume", ORDERS_SHIPPING).then().statusCode(200);

        await().atMost(TIMEOUT).until(() -> orders.stream()
                .allMatch(id -> Set.of("SHIPPED", "CANCELLED").contains(Shop.status(id))));
        for (String id : orders) {
            if (Shop.status(id).equals("CANCELLED")) {
                await().atMost(TIMEOUT).until(() -> Shop.paymentStatus(id).equals("REFUNDED"));
                given().get("/shipments/{id}", id).then().body("status", org.hamcrest.Matchers.equalTo("CANCELLED"));
            } else {
                assertThat(Shop.paymentStatus(id)).isEqualTo("CAPTURED");
                given().get("/shipments/{id}", id).then().body("status", org.hamcrest.Matchers.equalTo("DISPATCHED"));
            }
        }
        ShopInvariants.awaitHold(pool);
    }

    private static String tracking(String orderId) {
        return given().get("/orders/{id}", orderId).then().extract().path("trackingNumber");
    }
}
