package dev.eventshop.shop;

import static dev.eventshop.shop.Shop.TIMEOUT;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Failures stay small: 200 orders flow while 1 in 20 more is paid with a card the provider keeps failing to process.
 * The others' placed → CONFIRMED p99 stays within twice that of the same 200 orders without the failing ones (with a
 * floor of 100 ms for the baseline, as a few tens of milliseconds swing from run to run); the failing ones, called off
 * by their customers, end CANCELLED with nothing charged. The figures go to target/failure-isolation.txt.
 */
@QuarkusTest
class FailureIsolationTest {

    private static final int ORDERS = 200;
    private static final int FAILING_EVERY = 20;
    private static final long PACE_MILLIS = 25; // 40 orders/s

    @Inject
    Pool pool;

    @AfterEach
    void invariantsHold() {
        ShopInvariants.awaitHold(pool);
    }

    @Test
    void cardsThatKeepFailingSlowNoOtherOrder() throws Exception {
        String sku = Shop.newSku();
        Shop.addProduct(pool, sku, 250, 3 * ORDERS);

        List<Long> baseline = latencies(place(sku, false).good());
        Placed mixed = place(sku, true);
        List<Long> withFailing = latencies(mixed.good());

        long baselineP99 = p99(baseline);
        long mixedP99 = p99(withFailing);
        String figures = String.format("placed -> CONFIRMED of %d orders: p50/p99 %d/%d ms alone, %d/%d ms beside %d "
                + "orders whose card keeps failing%n", ORDERS, p50(baseline), baselineP99, p50(withFailing), mixedP99,
                mixed.failing().size());
        Files.writeString(Path.of("target/failure-isolation.txt"), figures);
        System.out.print(figures);
        assertThat(mixedP99).as(figures).isLessThan(2 * Math.max(baselineP99, 100));

        for (String failing : mixed.failing()) {
            assertThat(Shop.status(failing)).isEqualTo("PENDING");
            given().post("/orders/{id}/cancel", failing).then().statusCode(202);
        }
        await().atMost(TIMEOUT).until(() -> mixed.failing().stream()
                .allMatch(id -> Shop.status(id).equals("CANCELLED") && Shop.paymentStatus(id).equals("VOIDED")));
        assertThat(mixed.failing()).allSatisfy(id -> assertThat(Shop.chargesFor(id)).isZero());
    }

    private record Placed(List<String> good, List<String> failing) {
    }

    /** Places the orders at a fixed pace, whatever the answers' latency, and waits until the good ones are CONFIRMED. */
    private Placed place(String sku, boolean withFailing) throws Exception {
        List<String> good = Collections.synchronizedList(new ArrayList<>());
        List<String> failing = Collections.synchronizedList(new ArrayList<>());
        int total = withFailing ? ORDERS + ORDERS / FAILING_EVERY : ORDERS;
        ScheduledExecutorService pacer = Executors.newScheduledThreadPool(4);
        try {
            List<CompletableFuture<Void>> sent = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                boolean fails = withFailing && i % (FAILING_EVERY + 1) == FAILING_EVERY;
                CompletableFuture<Void> done = new CompletableFuture<>();
                sent.add(done);
                pacer.schedule(() -> {
                    try {
                        String id = Shop.placeOrder(Shop.order("c-" + UUID.randomUUID(), sku, 1,
                                fails ? "tok_processingError" : "tok_visa"));
                        (fails ? failing : good).add(id);
                        done.complete(null);
                    } catch (Throwable t) {
                        done.completeExceptionally(t);
                    }
                }, i * PACE_MILLIS, TimeUnit.MILLISECONDS);
            }
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
        } finally {
            pacer.shutdownNow();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> good.stream().allMatch(id -> Shop.status(id).equals("CONFIRMED")));
        return new Placed(List.copyOf(good), List.copyOf(failing));
    }

    private static List<Long> latencies(List<String> orders) {
        List<Long> latencies = new ArrayList<>();
        for (String id : orders) {
            JsonPath order = given().get("/orders/{id}", id).then().extract().jsonPath();
            Instant placed = Instant.parse(order.getString("history.find { it.type == 'OrderPlaced' }.occurredAt"));
            Instant confirmed = Instant.parse(order.getString("history.find { it.type == 'OrderConfirmed' }.occurredAt"));
            latencies.add(Duration.between(placed, confirmed).toMillis());
        }
        Collections.sort(latencies);
        return latencies;
    }

    private static long p99(List<Long> sorted) {
        return sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1);
    }

    private static long p50(List<Long> sorted) {
        return sorted.get(sorted.size() / 2);
    }
}
