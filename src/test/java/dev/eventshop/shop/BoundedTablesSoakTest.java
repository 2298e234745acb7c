package dev.eventshop.shop;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The inbox and the idempotency keys stay bounded while orders keep coming, pruned by the application's own timers
 * (no test calls a prune): wave after wave of keyed orders, and after each wave both tables shrink back to what one
 * wave leaves, however many waves came before.
 */
@QuarkusTest
@TestProfile(BoundedTablesSoakTest.ShortLivedRecords.class)
class BoundedTablesSoakTest {

    public static class ShortLivedRecords implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("eventshop.subscriptions.inbox-retention", "0s",
                    "eventshop.subscriptions.inbox-prune-interval", "300ms",
                    "eventshop.orders.idempotency-key-ttl", "2s");
        }
    }

    private static final int WAVES = 8;
    private static final int ORDERS_PER_WAVE = 25;
    private static final Duration SETTLES_WITHIN = Duration.ofSeconds(30);

    @Inject
    Pool pool;

    @Test
    void inboxAndIdempotencyKeysStayBoundedWaveAfterWave() {
        String sku = Shop.newSku();
        Shop.addProduct(pool, sku, 300, WAVES * ORDERS_PER_WAVE);
        List<String> all = new ArrayList<>();
        long insertedBefore = inboxInserts();
        for (int wave = 0; wave < WAVES; wave++) {
            List<String> orders = new ArrayList<>();
            for (int i = 0; i < ORDERS_PER_WAVE; i++) {
                orders.add(given().header("Idempotency-Key", "soak-" + UUID.randomUUID())
                        .contentType(ContentType.JSON).body(Shop.order("c-" + UUID.randomUUID(), sku, 1))
                        .post("/orders").then().statusCode(202).extract().<String>path("orderId"));
            }
            all.addAll(orders);
            await().atMost(SETTLES_WITHIN)
                    .until(() -> orders.stream().allMatch(id -> Shop.status(id).equals("CONFIRMED")));

            // what one wave left: its inbox records once the checkpoints pass them, its keys once their TTL is over
            await().atMost(SETTLES_WITHIN).until(() -> inboxRowsOf(all) == 0);
            await().atMost(SETTLES_WITHIN).until(() -> keysOf(all) == 0);
        }
        // the inbox did record them all (the server's statistics count every row inserted, pruned or not)
        long recorded = (long) WAVES * ORDERS_PER_WAVE * 5;
        await().atMost(SETTLES_WITHIN).until(() -> inboxInserts() - insertedBefore >= recorded);
        assertThat(eventsOf(all)).as("events of the run").isGreaterThanOrEqualTo(recorded);
        ShopInvariants.awaitHold(pool);
    }

    private long inboxRowsOf(List<String> orders) {
        return count("""
                SELECT count(*) AS n FROM eventstore.processed_events p
                  JOIN eventstore.events e ON e.event_id = p.event_id
                 WHERE e.correlation_id = ANY($1)""", orders);
    }

    private long inboxInserts() {
        return pool.query("SELECT pg_stat_get_tuples_inserted('eventstore.processed_events'::regclass) AS n")
                .execute().await().atMost(SETTLES_WITHIN).iterator().next().getLong("n");
    }

    private long eventsOf(List<String> orders) {
        return count("SELECT count(*) AS n FROM eventstore.events WHERE correlation_id = ANY($1)", orders);
    }

    private long keysOf(List<String> orders) {
        return count("SELECT count(*) AS n FROM orders.idempotency_keys WHERE order_id = ANY($1)", orders);
    }

    private long count(String sql, List<String> orders) {
        return pool.preparedQuery(sql).execute(Tuple.of(orders.toArray(String[]::new))).await().atMost(SETTLES_WITHIN)
                .iterator().next().getLong("n");
    }
}
