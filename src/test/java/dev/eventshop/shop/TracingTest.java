package dev.eventshop.shop;

import static dev.eventshop.shop.Shop.TIMEOUT;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * One trace per order: the request that places it, every module's handling of its events (a span per delivery,
 * child of the span that appended the event), and the provider's and carrier's HTTP calls made meanwhile.
 */
@QuarkusTest
@TestProfile(TracingTest.Sampled.class)
class TracingTest {

    private static final AttributeKey<String> STREAM_ID = AttributeKey.stringKey("eventshop.stream.id");
    private static final AttributeKey<String> MODULE = AttributeKey.stringKey("eventshop.module");
    private static final AttributeKey<String> SUBSCRIPTION = AttributeKey.stringKey("eventshop.subscription");
    private static final AttributeKey<String> EVENT_TYPE = AttributeKey.stringKey("eventshop.event.type");
    private static final AttributeKey<String> URL = AttributeKey.stringKey("url.full");

    /** Every span recorded and handed to the in-memory exporter within a tenth of a second. */
    public static class Sampled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return overrides(Map.of());
        }

        static Map<String, String> overrides(Map<String, String> more) {
            Map<String, String> overrides = new HashMap<>(more);
            overrides.put("quarkus.otel.traces.sampler.arg", "1.0");
            overrides.put("quarkus.otel.bsp.schedule.delay", "50ms");
            return overrides;
        }
    }

    /** The exporter the {@code cdi} trace exporter finds; it records only where a profile samples. */
    @ApplicationScoped
    public static class Exporter {
        @Produces
        @Singleton
        InMemorySpanExporter spans() {
            return InMemorySpanExporter.create();
        }
    }

    @Inject
    Pool pool;

    @Inject
    InMemorySpanExporter spans;

    @BeforeEach
    void forgetEarlierSpans() {
        spans.reset();
    }

    @AfterEach
    void invariantsHold() {
        ShopInvariants.awaitHold(pool);
    }

    @Test
    void anOrderIsOneTraceAcrossEveryModule() {
        String sku = Shop.newSku();
        Shop.addProduct(pool, sku, 1500, 3);
        String orderId = Shop.placeOrder(Shop.order("c-" + UUID.randomUUID(), sku, 1));
        await().atMost(TIMEOUT).untilAsserted(() -> given().get("/shipments/{id}", orderId).then()
                .statusCode(200).body("status", equalTo("SCHEDULED")));
        // stored with the order's first event, by the request that placed it
        String traceId = Shop.traceId(pool, "order-" + orderId, "orders.OrderPlaced.v1");

        await().atMost(TIMEOUT).untilAsserted(() -> {
            List<SpanData> deliveries = spans.getFinishedSpanItems().stream()
                    .filter(span -> span.getAttributes().get(STREAM_ID) != null
                            && span.getAttributes().get(STREAM_ID).endsWith(orderId))
                    .toList();
            assertThat(deliveries).extracting(span -> span.getAttributes().get(MODULE)).filteredOn(m -> m != null)
                    .containsAll(List.of("orders", "payments", "inventory", "shipping"));
            // every hop of the saga up to the shipment, each a consumer span of this order's trace
            assertThat(deliveries).extracting(span -> span.getAttributes().get(EVENT_TYPE)).contains(
                    "inventory.ReserveStockCommand.v1", "inventory.StockReserved.v1", "payments.CapturePaymentCommand.v1",
                    "payments.PaymentCaptured.v1", "shipping.ScheduleShipmentCommand.v1",
                    "shipping.ShipmentScheduled.v1");
            assertThat(deliveries).allSatisfy(span -> {
                assertThat(span.getTraceId()).as("trace of %s", span.getName()).isEqualTo(traceId);
                assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
                assertThat(span.getAttributes().get(SUBSCRIPTION)).isNotBlank();
            });
            List<SpanData> trace = spans.getFinishedSpanItems().stream()
                    .filter(span -> span.getTraceId().equals(traceId)).toList();
            assertThat(trace).anySatisfy(span -> {
                assertThat(span.getKind()).isEqualTo(SpanKind.SERVER);
                assertThat(span.getName()).isEqualTo("POST /orders");
            });
            // the provider's and the carrier's answers are child spans of the deliveries that asked for them
            Set<String> deliverySpanIds = deliveries.stream().map(SpanData::getSpanId).collect(Collectors.toSet());
            List<SpanData> calls = trace.stream().filter(span -> span.getKind() == SpanKind.CLIENT).toList();
            assertThat(calls).anySatisfy(call -> {
                assertThat(call.getAttributes().get(URL)).contains("/sandbox/payment-provider/charges");
                assertThat(deliverySpanIds).contains(call.getParentSpanId());
            });
            assertThat(calls).anySatisfy(call -> {
                assertThat(call.getAttributes().get(URL)).contains("/sandbox/carrier/shipments");
                assertThat(deliverySpanIds).contains(call.getParentSpanId());
            });
        });
    }
}
