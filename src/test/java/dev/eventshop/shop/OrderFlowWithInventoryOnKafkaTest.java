package dev.eventshop.shop;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The order-flow scenarios, unchanged, with the inventory module's channel flipped to Kafka. */
@QuarkusTest
@TestProfile(ModuleOnKafka.Inventory.class)
class OrderFlowWithInventoryOnKafkaTest extends OrderFlowTest {
}
