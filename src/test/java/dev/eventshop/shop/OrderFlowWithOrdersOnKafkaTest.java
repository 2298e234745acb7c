package dev.eventshop.shop;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The order-flow scenarios, unchanged, with the orders module's channel flipped to Kafka. */
@QuarkusTest
@TestProfile(ModuleOnKafka.Orders.class)
class OrderFlowWithOrdersOnKafkaTest extends OrderFlowTest {
}
