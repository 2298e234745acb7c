package dev.eventshop.shop;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The shipping scenarios, unchanged, with the shipping module's channel flipped to Kafka. */
@QuarkusTest
@TestProfile(KafkaRelayTest.ShippingOnKafka.class)
class ShippingFlowWithShippingOnKafkaTest extends ShippingFlowTest {
}
