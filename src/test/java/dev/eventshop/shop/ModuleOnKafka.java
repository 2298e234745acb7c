package dev.eventshop.shop;

import java.util.List;
import java.util.Map;

import dev.eventshop.testing.EmbeddedKafkaResource;
import io.quarkus.test.junit.QuarkusTestProfile;

/** Test profiles that flip one module's channel to Kafka, with a real broker: the same scenarios must hold. */
final class ModuleOnKafka {

    private ModuleOnKafka() {
    }

    abstract static class Flipped implements QuarkusTestProfile {
        private final String module;

        Flipped(String module) {
            this.module = module;
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("eventshop.modules." + module + ".channel", "kafka");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(EmbeddedKafkaResource.class));
        }
    }

    public static class Orders extends Flipped {
        public Orders() {
            super("orders");
        }
    }

    public static class Payments extends Flipped {
        public Payments() {
            super("payments");
        }
    }

    public static class Inventory extends Flipped {
        public Inventory() {
            super("inventory");
        }
    }
}
