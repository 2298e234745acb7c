package dev.eventshop.platform.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.eventshop.shipping.api.ShipmentDispatched;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * An event evolves without rewriting the store: v1 events stay as written, and with an upcaster to v2 an aggregate's
 * load and a catch-up read see only v2 (modules.md, "Evolving an event").
 */
@QuarkusTest
class UpcastingTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String TYPE = "test.greeting";

    /** The first version: one name. */
    @EventType("test.Greeted.v1")
    record GreetedV1(String greetingId, String name) {
    }

    /** The current version: the name in two parts. */
    @EventType("test.Greeted.v2")
    record Greeted(String greetingId, String firstName, String lastName) {
    }

    /** Splits v1's name at its first space. */
    @ApplicationScoped
    static class GreetedV1ToV2 implements Upcaster {

        @Override
        public String from() {
            return "test.Greeted.v1";
        }

        @Override
        public String to() {
            return "test.Greeted.v2";
        }

        @Override
        public ObjectNode upcast(ObjectNode payload) {
            String[] name = payload.remove("name").asText().split(" ", 2);
            return payload.put("firstName", name[0]).put("lastName", name.length > 1 ? name[1] : "");
        }
    }

    @Inject
    EventStore store;

    @Inject
    EventCodec codec;

    @Inject
    Pool pool;

    @Test
    void anAggregateLoadSeesOnlyTheCurrentVersion() {
        String stream = "greeting-" + UUID.randomUUID();
        store.append(new StreamAppend(stream, TYPE, ExpectedVersion.NO_STREAM, List.of(
                NewEvent.of(new GreetedV1(stream, "Ada Lovelace")), NewEvent.of(new GreetedV1(stream, "Grace")),
                NewEvent.of(new Greeted(stream, "Alan", "Turing")))), EventMetadata.start("test"))
                .await().atMost(TIMEOUT);

        Loaded<List<Greeted>> loaded = store.load(stream, List.<Greeted>of(), List.of(Greeted.class),
                (greetings, event) -> {
                    List<Greeted> next = new ArrayList<>(greetings);
                    next.add((Greeted) event);
                    return next;
                }).await().atMost(TIMEOUT);

        assertThat(loaded.version()).isEqualTo(3);
        assertThat(loaded.state()).containsExactly(new Greeted(stream, "Ada", "Lovelace"),
                new Greeted(stream, "Grace", ""), new Greeted(stream, "Alan", "Turing"));
    }

    @Test
    void aCatchUpReadSeesOnlyTheCurrentVersionWhileTheStoreKeepsWhatWasWritten() {
        String stream = "greeting-" + UUID.randomUUID();
        store.append(new StreamAppend(stream, TYPE, ExpectedVersion.NO_STREAM, List.of(
                NewEvent.of(new GreetedV1(stream, "Ada Lovelace")))), EventMetadata.start("test"))
                .await().atMost(TIMEOUT);

        // what a catch-up subscription reads: committed events after its cursor
        List<RecordedEvent> read = store.readCommitted(Cursor.START, List.of(TYPE), 10_000).await().atMost(TIMEOUT)
                .events().stream().filter(event -> event.streamId().equals(stream)).toList();

        assertThat(read).hasSize(1);
        assertThat(read.get(0).type()).isEqualTo("test.Greeted.v2");
        assertThat(codec.decode(read.get(0), Greeted.class)).isEqualTo(new Greeted(stream, "Ada", "Lovelace"));
        String stored = pool.preparedQuery("SELECT event_type || ' ' || payload::text AS e FROM eventstore.events"
                + " WHERE stream_id = $1").execute(Tuple.of(stream)).await().atMost(TIMEOUT)
                .iterator().next().getString("e");
        assertThat(stored).startsWith("test.Greeted.v1 ").contains("\"name\": \"Ada Lovelace\"");
    }

    @Test
    void theFlowsAnOperatorReconcilesSeeTheCurrentVersionToo() {
        String flow = UUID.randomUUID().toString();
        java.time.Instant since = java.time.Instant.now().minusSeconds(60);
        store.append(new StreamAppend("greeting-" + flow, TYPE, ExpectedVersion.NO_STREAM, List.of(
                NewEvent.of(new GreetedV1(flow, "Ada Lovelace")))), EventMetadata.start("test"))
                .await().atMost(TIMEOUT);

        var flows = store.flows(TYPE, "test.Greeted.v2", List.of("greeting-"), List.of("test.Greeted.v2"), since,
                10_000).await().atMost(TIMEOUT);

        assertThat(flows.get(flow)).extracting(EventStore.FlowEvent::type).containsExactly("test.Greeted.v2");
    }

    @Test
    void aReaderOfAnOlderBuildIgnoresAFieldAddedSince() {
        // what a newer publisher may send under the same version: an optional field this build does not know
        String newer = "{\"orderId\":\"o-1\",\"trackingNumber\":\"T-1\",\"carrierNote\":\"left at the door\"}";

        assertThat(codec.read(newer, ShipmentDispatched.class)).isEqualTo(new ShipmentDispatched("o-1", "T-1"));
    }

    @Test
    void anUpcasterGoesOneVersionUpAndEachVersionHasOne() {
        Upcaster skipping = upcaster("test.Greeted.v1", "test.Greeted.v3");
        assertThatThrownBy(() -> new Upcasters(List.of(skipping), new ObjectMapper()))
                .hasMessageContaining("one version up the same event, to test.Greeted.v2");
        Upcaster other = upcaster("test.Greeted.v1", "test.Welcomed.v2");
        assertThatThrownBy(() -> new Upcasters(List.of(other), new ObjectMapper()))
                .hasMessageContaining("to test.Greeted.v2");
        assertThatThrownBy(() -> new Upcasters(List.of(new GreetedV1ToV2(), new GreetedV1ToV2()), new ObjectMapper()))
                .hasMessageContaining("test.Greeted.v1 has two upcasters");
    }

    /** An older version kept beside a newer one, as the catalogue needs, must be read as the newer one. */
    @Test
    void aDeclaredOlderVersionNoUpcasterReadsAsTheNewestStopsTheStart() {
        List<String> declared = List.of("test.Greeted.v1", "test.Greeted.v2", "test.Waved.v1");
        assertThatThrownBy(() -> Upcasters.none().requireReadAsNewest(declared))
                .hasMessageContaining("test.Greeted.v1 is declared beside test.Greeted.v2")
                .hasMessageContaining("add an Upcaster");

        new Upcasters(List.of(new GreetedV1ToV2()), new ObjectMapper()).requireReadAsNewest(declared);
    }

    private static Upcaster upcaster(String from, String to) {
        return new Upcaster() {
            @Override
            public String from() {
                return from;
            }

            @Override
            public String to() {
                return to;
            }

            @Override
            public ObjectNode upcast(ObjectNode payload) {
                return payload;
            }
        };
    }
}
