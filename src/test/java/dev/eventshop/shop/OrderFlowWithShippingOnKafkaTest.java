package dev.eventshop.shop;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The order-flow scenarios, unchanged, with the shipping module's channel flipped to Kafka. */
@QuarkusTest
@TestProfile(KafkaRelayTest.ShippingOnKafka.class)
class OrderFlowWithShippingOnKafkaTest extends OrderFlowTest {
}
