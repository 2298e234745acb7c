package dev.eventshop.shop;

import static dev.eventshop.shop.Shop.TIMEOUT;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.eventshop.orders.application.IdempotencyKeyExpiry;
import dev.eventshop.platform.messaging.InboxPruner;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The inbox and the idempotency keys stay bounded: inbox records go once their subscription's checkpoint has passed
 * the event (never one above it), idempotency keys once their TTL is over, after which the key places a new order.
 */
@QuarkusTest
class BoundedTablesTest {

    private static final List<String> MODULE_SUBSCRIPTIONS = List.of("inventory-commands", "payments-commands",
            "shipping-commands", "orders-inventory", "orders-payments", "orders-shipping");

    @Inject
    Pool pool;

    @Inject
    InboxPruner inboxPruner;

    @Inject
    IdempotencyKeyExpiry keyExpiry;

    @Test
    void inboxRecordsBelowTheCheckpointArePrunedAndNoneAbove() {
        String sku = Shop.newSku();
        Shop.addProduct(pool, sku, 700, 50);
        List<String> orders = IntStream.range(0, 10)
                .mapToObj(i -> Shop.placeOrder(Shop.order("c-" + UUID.randomUUID(), sku, 1))).toList();
        await().atMost(TIMEOUT).until(() -> orders.stream().allMatch(id -> Shop.status(id).equals("CONFIRMED")));
        long before = inboxRows("TRUE");
        assertThat(before).isPositive();
        // every module subscription's checkpoint eventually passes what it has processed
        await().atMost(TIMEOUT).until(() -> inboxRows(BELOW_CHECKPOINT) == inboxRows("TRUE"));

        inboxPruner.pruneNow().await().atMost(TIMEOUT);

        assertThat(inboxRows(BELOW_CHECKPOINT)).as("inbox records below their checkpoint").isZero();
        ShopInvariants.awaitHold(pool);
    }

    @Test
    void anIdempotencyKeyIsForgottenAfterItsTtl() {
        String sku = Shop.newSku();
        Shop.addProduct(pool, sku, 700, 5);
        String key = "key-" + UUID.randomUUID();
        Map<String, Object> order = Shop.order("c-" + UUID.randomUUID(), sku, 1);
        String first = given().header("Idempotency-Key", key).contentType(ContentType.JSON).body(order)
                .post("/orders").then().statusCode(202).extract().path("orderId");
        pool.preparedQuery("UPDATE orders.idempotency_keys SET created_at = now() - interval '25 hours'"
                + " WHERE order_id = $1").execute(Tuple.of(first)).await().atMost(TIMEOUT);

        String afterTtl = given().header("Idempotency-Key", key).contentType(ContentType.JSON).body(order)
                .post("/orders").then().statusCode(202).extract().path("orderId");
        assertThat(afterTtl).as("the same key after its TTL places a new order").isNotEqualTo(first);

        String other = "key-" + UUID.randomUUID();
        String otherOrder = "o-" + UUID.randomUUID();
        pool.preparedQuery("INSERT INTO orders.idempotency_keys (idempotency_key, request_hash, order_id, created_at)"
                + " VALUES ($1, 'h', $2, now() - interval '25 hours')").execute(Tuple.of(other, otherOrder))
                .await().atMost(TIMEOUT);
        keyExpiry.deleteExpired().await().atMost(TIMEOUT);
        assertThat(pool.preparedQuery("SELECT 1 FROM orders.idempotency_keys WHERE order_id = ANY($1)")
                .execute(Tuple.of(new String[] { afterTtl, otherOrder })).await().atMost(TIMEOUT).size())
                .as("only the renewed key is left").isEqualTo(1);
        ShopInvariants.awaitHold(pool);
    }

    private static final String BELOW_CHECKPOINT =
            "(e.transaction_id, e.global_position) <= (s.last_transaction_id, s.last_position)";

    private long inboxRows(String condition) {
        return pool.preparedQuery("""
                SELECT count(*) AS n FROM eventstore.processed_events p
                  JOIN eventstore.subscriptions s ON s.name = p.subscription
                  JOIN eventstore.events e ON e.event_id = p.event_id
                 WHERE p.subscription = ANY($1)""" + " AND " + condition)
                .execute(Tuple.of(MODULE_SUBSCRIPTIONS.toArray(String[]::new))).await().atMost(TIMEOUT)
                .iterator().next().getLong("n");
    }
}
