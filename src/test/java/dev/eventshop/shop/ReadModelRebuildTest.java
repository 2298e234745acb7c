package dev.eventshop.shop;

import static dev.eventshop.shop.Shop.TIMEOUT;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.eventshop.orders.OrdersModule;
import dev.eventshop.orders.api.OrderFlaggedOverdue;
import dev.eventshop.orders.api.OrderStreams;
import dev.eventshop.orders.infrastructure.OrderViewProjection;
import dev.eventshop.platform.eventstore.EventMetadata;
import dev.eventshop.platform.eventstore.EventStore;
import dev.eventshop.platform.eventstore.ExpectedVersion;
import dev.eventshop.platform.eventstore.NewEvent;
import dev.eventshop.platform.eventstore.StreamAppend;
import dev.eventshop.platform.eventstore.TestEvents;
import dev.eventshop.platform.operations.ReadModel;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A read model rebuilt from its events gives the rows the live projection wrote, puts back lost or damaged rows, and
 * loses no live write that races with it. The order view is rebuilt over the orders written since the test began
 * (other tests keep deliberately broken orders out of the view); a fixture read model over a stream type of its own
 * is rebuilt whole, page after page.
 */
@QuarkusTest
class ReadModelRebuildTest {

    private static final String FIXTURE_STREAMS = "test.rebuild";

    @Inject
    Pool pool;

    @Inject
    EventStore store;

    @Inject
    OrderViewProjection views;

    @Test
    void theOrderViewRebuiltFromItsEventsIsTheViewAsWritten() {
        Instant since = Instant.now();
        String sku = Shop.newSku();
        Shop.addProduct(pool, sku, 1250, 9);
        String confirmed = Shop.placeOrder(Shop.order("c-" + UUID.randomUUID(), sku, 1));
        String delivered = Shop.placeOrder(Shop.order("c-" + UUID.randomUUID(), sku, 2));
        String outOfStock = Shop.placeOrder(Shop.order("c-" + UUID.randomUUID(), sku, 50));
        String declined = Shop.placeOrder(Shop.order("c-" + UUID.randomUUID(), sku, 1, "tok_chargeDeclined"));
        String cancelled = Shop.placeOrder(Shop.order("c-" + UUID.randomUUID(), sku, 1));
        await().atMost(TIMEOUT).until(() -> Shop.status(cancelled).equals("CONFIRMED")
                && Shop.status(delivered).equals("CONFIRMED"));
        given().post("/orders/{id}/cancel", cancelled).then().statusCode(202);
        await().atMost(TIMEOUT).untilAsserted(() -> given().post("/shipments/{id}/dispatch", delivered).then()
                .statusCode(200));
        await().atMost(TIMEOUT).until(() -> Shop.status(delivered).equals("SHIPPED"));
        given().post("/shipments/{id}/deliver", delivered).then().statusCode(200);
        List<String> orders = List.of(confirmed, delivered, outOfStock, declined, cancelled);
        await().atMost(TIMEOUT).untilAsserted(() -> given().get("/orders/{id}", confirmed).then()
                .body("trackingNumber", org.hamcrest.Matchers.notNullValue()));
        await().atMost(TIMEOUT).until(() -> Shop.status(confirmed).equals("CONFIRMED")
                && Shop.status(delivered).equals("DELIVERED") && Shop.status(outOfStock).equals("CANCELLED")
                && Shop.status(declined).equals("CANCELLED") && Shop.status(cancelled).equals("CANCELLED")
                && "REFUNDED".equals(Shop.paymentStatus(cancelled)));
        Map<String, String> asWritten = rows(orders);
        assertThat(asWritten).hasSize(orders.size());

        // one row lost, one damaged
        sql("DELETE FROM orders.order_view WHERE order_id = $1", confirmed);
        sql("UPDATE orders.order_view SET status = 'PENDING', history = '[]', tracking_number = NULL"
                + " WHERE order_id = $1", delivered);

        JsonPath started = given().post("/admin/read-models/orders.order_view/rebuild?since={since}", since.toString())
                .then().statusCode(202).header("Location", org.hamcrest.Matchers.endsWith("/admin/read-models/orders.order_view"))
                .extract().jsonPath();
        assertThat(started.getString("lastRebuild.requestedBy")).isEqualTo("test-admin");
        String rebuild = started.getString("lastRebuild.id");
        // orders keep coming while it runs: none of their steps is lost to it
        List<String> racing = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            racing.add(Shop.placeOrder(Shop.order("c-" + UUID.randomUUID(), sku, 1)));
        }
        JsonPath done = awaitDone(rebuild);
        assertThat(done.getLong("lastRebuild.streamsDone")).isGreaterThanOrEqualTo(orders.size());
        assertThat(rows(orders)).isEqualTo(asWritten);

        // what the live projection wrote for the racing orders is what a rebuild writes
        await().atMost(TIMEOUT).until(() -> racing.stream().map(Shop::status)
                .allMatch(status -> status.equals("CONFIRMED") || status.equals("CANCELLED")));
        Map<String, String> racingAsWritten = rows(racing);
        assertThat(racingAsWritten).hasSize(racing.size());
        String again = given().post("/admin/read-models/orders.order_view/rebuild?since={since}", since.toString())
                .then().statusCode(202).extract().path("lastRebuild.id");
        awaitDone(again);
        assertThat(rows(racing)).isEqualTo(racingAsWritten);
        assertThat(rows(orders)).isEqualTo(asWritten);

        // each rebuild is an operator action on record
        List<Map<String, Object>> actions = given().get("/admin/operations").then().statusCode(200).extract()
                .jsonPath().getList("findAll { it.type == 'platform.ReadModelRebuildRequested.v1' }.details");
        assertThat(actions).extracting(details -> details.get("rebuildId")).contains(rebuild, again);
        assertThat(actions).filteredOn(details -> details.get("rebuildId").equals(rebuild)).first()
                .satisfies(details -> assertThat(details).containsEntry("readModel", "orders.order_view")
                        .containsEntry("operator", "test-admin"));
        ShopInvariants.awaitHold(pool);
    }

    /**
     * A lost row cannot be locked: a live write that ran before the rebuild inserted it found nothing to update, and
     * its event was not committed yet to be read. The rebuild goes over the stream again once that write has ended.
     */
    @Test
    void aLiveWriteThatFoundTheRowMissingIsNotLost() throws Exception {
        Instant since = Instant.now();
        String sku = Shop.newSku();
        Shop.addProduct(pool, sku, 700, 2);
        String orderId = Shop.placeOrder(Shop.order("c-" + UUID.randomUUID(), sku, 1));
        await().atMost(TIMEOUT).until(() -> Shop.status(orderId).equals("CONFIRMED"));
        // shipment booked and the order told so: nothing moves it on until the parcel leaves
        await().atMost(TIMEOUT).untilAsserted(() -> given().get("/orders/{id}", orderId).then()
                .body("trackingNumber", org.hamcrest.Matchers.notNullValue()));
        long version = store.readStream(OrderStreams.orderStream(orderId)).await().atMost(TIMEOUT).size();
        sql("DELETE FROM orders.order_view WHERE order_id = $1", orderId);

        // a write of the order: its event appended, its view step finding no row, not committed yet
        CompletableFuture<Void> written = new CompletableFuture<>();
        CompletableFuture<Void> commit = new CompletableFuture<>();
        CompletableFuture<Void> committed = store.inTransaction(tx -> tx.append(new StreamAppend(
                OrderStreams.orderStream(orderId), OrderStreams.ORDER, version,
                List.of(NewEvent.of(new OrderFlaggedOverdue(orderId, "DISPATCH")))),
                EventMetadata.startIn(orderId, OrdersModule.NAME))
                .chain(() -> views.step(tx.connection(), orderId,
                        new OrderViewProjection.Step("OrderFlaggedOverdue", null, null, null), Instant.now(),
                        OrderViewProjection.Deadline.KEEP, null))
                .invoke(() -> written.complete(null))
                .chain(() -> Uni.createFrom().completionStage(commit)))
                .subscribeAsCompletionStage();
        written.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

        String rebuild = given().post("/admin/read-models/orders.order_view/rebuild?since={since}", since.toString())
                .then().statusCode(202).extract().path("lastRebuild.id");
        // the rebuild put the row back from the committed events, and waits for the write still running
        await().atMost(TIMEOUT).until(() -> rows(List.of(orderId)).size() == 1);
        assertThat(rows(List.of(orderId)).get(orderId)).doesNotContain("OrderFlaggedOverdue");
        commit.complete(null);
        committed.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

        awaitDone(rebuild);
        assertThat(rows(List.of(orderId)).get(orderId)).contains("OrderFlaggedOverdue");
        given().get("/orders/{id}", orderId).then().statusCode(200)
                .body("history.type", org.hamcrest.Matchers.hasItem("OrderFlaggedOverdue"));
    }

    @Test
    void aWholeReadModelIsRebuiltPageAfterPage() {
        sql("CREATE TABLE IF NOT EXISTS public.rebuild_fixture_view (stream_id text PRIMARY KEY, events int NOT NULL)");
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> streams = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            String stream = "fixture-" + run + "-" + i;
            streams.add(stream);
            store.append(new StreamAppend(stream, FIXTURE_STREAMS, ExpectedVersion.NO_STREAM,
                    List.of(NewEvent.of(new TestEvents.CounterIncremented(stream, 1)),
                            NewEvent.of(new TestEvents.CounterIncremented(stream, 1)))),
                    EventMetadata.start("test")).await().atMost(TIMEOUT);
        }
        String rebuild = given().post("/admin/read-models/" + Fixture.NAME + "/rebuild").then().statusCode(202)
                .extract().path("lastRebuild.id");
        JsonPath done = awaitDone(Fixture.NAME, rebuild);
        assertThat(done.getLong("lastRebuild.streamsDone")).isGreaterThanOrEqualTo(250)
                .isEqualTo(done.getLong("lastRebuild.streamsTotal"));
        assertThat(done.getString("lastRebuild.since")).isNull();
        List<Integer> counts = new ArrayList<>();
        pool.preparedQuery("SELECT events FROM public.rebuild_fixture_view WHERE stream_id = ANY($1)")
                .execute(Tuple.tuple().addArrayOfString(streams.toArray(String[]::new))).await().atMost(TIMEOUT)
                .forEach(row -> counts.add(row.getInteger("events")));
        assertThat(counts).hasSize(250).containsOnly(2);
    }

    @Test
    void badRequestsGetProblems() {
        given().post("/admin/read-models/no.such_view/rebuild").then().statusCode(404)
                .contentType("application/problem+json");
        given().get("/admin/read-models/no.such_view").then().statusCode(404).contentType("application/problem+json");
        given().post("/admin/read-models/orders.order_view/rebuild?since=yesterday").then().statusCode(422)
                .contentType("application/problem+json");
        given().get("/admin/read-models").then().statusCode(200).body("find { it.name == 'orders.order_view' }.module",
                equalTo(OrdersModule.NAME));
    }

    private static JsonPath awaitDone(String rebuild) {
        return awaitDone("orders.order_view", rebuild);
    }

    private static JsonPath awaitDone(String readModel, String rebuild) {
        JsonPath[] last = new JsonPath[1];
        await().atMost(TIMEOUT).untilAsserted(() -> {
            last[0] = given().get("/admin/read-models/{name}", readModel).then().statusCode(200).extract().jsonPath();
            assertThat(last[0].getString("lastRebuild.id")).isEqualTo(rebuild);
            assertThat(last[0].getString("lastRebuild.status")).as(last[0].prettify()).isEqualTo("DONE");
        });
        assertThat(last[0].getInt("lastRebuild.percentDone")).isEqualTo(100);
        assertThat(last[0].getString("lastRebuild.finishedAt")).isNotNull();
        return last[0];
    }

    /** Each order's row as stored, but for when it was last written. */
    private Map<String, String> rows(List<String> orderIds) {
        Map<String, String> rows = new LinkedHashMap<>();
        for (Row row : pool.preparedQuery("SELECT order_id, (to_jsonb(v) - 'updated_at')::text AS row"
                + " FROM orders.order_view v WHERE order_id = ANY($1) ORDER BY order_id")
                .execute(Tuple.tuple().addArrayOfString(orderIds.toArray(String[]::new))).await().atMost(TIMEOUT)) {
            rows.put(row.getString("order_id"), row.getString("row"));
        }
        return rows;
    }

    private void sql(String sql, Object... args) {
        pool.preparedQuery(sql).execute(Tuple.from(args)).await().atMost(TIMEOUT);
    }

    /** A read model of its own stream type: how many events each stream holds. */
    @ApplicationScoped
    public static class Fixture implements ReadModel {

        static final String NAME = "test.rebuild_fixture_view";

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public String module() {
            return OrdersModule.NAME;
        }

        @Override
        public String streamType() {
            return FIXTURE_STREAMS;
        }

        @Override
        public Uni<Boolean> rebuild(EventStore.Tx tx, String streamId, boolean again) {
            return tx.connection().preparedQuery("SELECT 1 FROM public.rebuild_fixture_view WHERE stream_id = $1"
                    + " FOR UPDATE").execute(Tuple.of(streamId))
                    .chain(() -> tx.readStream(streamId))
                    .chain(events -> tx.connection().preparedQuery("""
                            INSERT INTO public.rebuild_fixture_view (stream_id, events) VALUES ($1, $2)
                            ON CONFLICT (stream_id) DO UPDATE SET events = excluded.events""")
                            .execute(Tuple.of(streamId, events.size())))
                    .replaceWith(false);
        }
    }
}
