package dev.eventshop.shop;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The order-flow scenarios, unchanged, with the payments module's channel flipped to Kafka. */
@QuarkusTest
@TestProfile(ModuleOnKafka.Payments.class)
class OrderFlowWithPaymentsOnKafkaTest extends OrderFlowTest {
}
