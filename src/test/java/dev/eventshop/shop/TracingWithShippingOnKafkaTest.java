package dev.eventshop.shop;

import java.util.List;
import java.util.Map;

import dev.eventshop.testing.EmbeddedKafkaResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** The same one trace per order with shipping's channel on Kafka: the trace crosses the broker in the headers. */
@QuarkusTest
@TestProfile(TracingWithShippingOnKafkaTest.SampledShippingOnKafka.class)
class TracingWithShippingOnKafkaTest extends TracingTest {

    public static class SampledShippingOnKafka implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Sampled.overrides(Map.of("eventshop.modules.shipping.channel", "kafka"));
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(EmbeddedKafkaResource.class));
        }
    }
}
