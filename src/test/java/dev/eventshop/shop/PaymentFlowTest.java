package dev.eventshop.shop;

import static dev.eventshop.shop.Shop.TIMEOUT;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

/** Stock, then payment: confirmation, decline with compensation, refund on cancel, a provider outage. */
@QuarkusTest
class PaymentFlowTest {

    @Inject
    Pool pool;

    @AfterEach
    void providerBackAndInvariantsHold() {
        given().post("/sandbox/payment-provider/outage?on=false").then().statusCode(200);
        ShopInvariants.awaitHold(pool);
    }

    @Test
    void anApprovedPaymentConfirmsTheOrder() {
        String sku = Shop.newSku();
        Shop.addProduct(pool, sku, 1999, 3);
        String orderId = Shop.placeOrder(Shop.order("c-" + UUID.randomUUID(), sku, 2, "tok_mastercard"));

        await().atMost(TIMEOUT).until(() -> Shop.status(orderId).equals("CONFIRMED"));
        given().get("/payments/{id}", orderId).then().statusCode(200).body("status", equalTo("CAPTURED"))
                .body("amount.amount", equalTo(3998)).body("amount.currency", equalTo("EUR"));
        assertThat(Shop.chargesFor(orderId)).isEqualTo(1);
        assertThat(Shop.available(sku)).isEqualTo(1);
    }

    @Test
    void aDeclinedPaymentCancelsTheOrderAndReleasesItsStock() {
        String sku = Shop.newSku();
        Shop.addProduct(pool, sku, 500, 3);
        String orderId = Shop.placeOrder(Shop.order("c-" + UUID.randomUUID(), sku, 2, "tok_chargeDeclined"));

        await().atMost(TIMEOUT).until(() -> Shop.status(orderId).equals("CANCELLED"));
        given().get("/orders/{id}", orderId).then().body("cancellationReason", equalTo("PAYMENT_DECLINED"));
        await().atMost(TIMEOUT).until(() -> Shop.available(sku) == 3);
        assertThat(Shop.paymentStatus(orderId)).isEqualTo("DECLINED");
        assertThat(Shop.chargesFor(orderId)).isZero();
    }

    @Test
    void cancellingAfterCaptureRefundsAndReleases() {
        String sku = Shop.newSku();
        Shop.addProduct(pool, sku, 700, 2);
        String orderId = Shop.placeOrder(Shop.order("c-" + UUID.randomUUID(), sku, 2));
        await().atMost(TIMEOUT).until(() -> Shop.status(orderId).equals("CONFIRMED"));

        given().post("/orders/{id}/cancel", orderId).then().statusCode(202)
                .body("cancellationReason", equalTo("CUSTOMER_CANCELLED"));

        await().atMost(TIMEOUT).until(() -> Shop.paymentStatus(orderId).equals("REFUNDED"));
        await().atMost(TIMEOUT).until(() -> Shop.available(sku) == 2);
        given().get("/sandbox/payment-provider/charges?reference={id}", orderId).then()
                .body("[0].refunded", equalTo(true));
    }

    @Test
    void aProviderOutageDelaysTheOrderAndNeverChargesTwice() {
        String sku = Shop.newSku();
        Shop.addProduct(pool, sku, 1200, 5);
        given().post("/sandbox/payment-provider/outage?on=true").then().statusCode(200);

        String orderId = Shop.placeOrder(Shop.order("c-" + UUID.randomUUID(), sku, 1));
        await().atMost(TIMEOUT).until(() -> Shop.paymentStatus(orderId).equals("PENDING"));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> Shop.status(orderId).equals("PENDING") && Shop.chargesFor(orderId) == 0);

        given().post("/sandbox/payment-provider/outage?on=false").then().statusCode(200);
        await().atMost(TIMEOUT).until(() -> Shop.status(orderId).equals("CONFIRMED"));
        assertThat(Shop.chargesFor(orderId)).isEqualTo(1);
        assertThat(Shop.paymentStatus(orderId)).isEqualTo("CAPTURED");
    }
}
