package dev.eventshop.platform.messaging.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** What an operator's {@code kafka.*} settings change in the relay's and receiver's clients, and what they cannot. */
class KafkaClientSettingsTest {

    /** As Quarkus hands {@code kafka.*} over: prefix removed, values as written, a group.id for every client. */
    private static KafkaClientSettings configured(Map<String, Object> extra) {
        Map<String, Object> configured = new HashMap<>(Map.of(
                "bootstrap.servers", "broker-1:9093",
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "PLAIN",
                "group.id", "eventshop"));
        configured.putAll(extra);
        return new KafkaClientSettings(configured);
    }

    @Test
    void theProducerTakesSecurityAndTuningButKeepsItsAcknowledgementsAndItsPartitioning() {
        Map<String, Object> producer = configured(Map.of("linger.ms", "20", "acks", "0",
                "enable.idempotence", "false", "transactional.id", "relay", "partitioner.ignore.keys", "true",
                "partitioner.class", "org.apache.kafka.clients.producer.RoundRobinPartitioner"))
                .relayProducer("eventshop-relay-1");

        assertThat(producer)
                .containsEntry("bootstrap.servers", "broker-1:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("linger.ms", "20")
                .containsEntry("acks", "all")
                .containsEntry("enable.idempotence", true)
                // keyed partitioning keeps a stream in one partition; a transactional producer could not send
                .doesNotContainKeys("transactional.id", "partitioner.class", "partitioner.ignore.keys")
                // a consumer's setting is not handed to a producer, which would call it unknown
                .doesNotContainKeys("group.id");
    }

    @Test
    void theConsumerKeepsItsGroupItsManualCommitsAndItsStartingPoint() {
        Map<String, Object> consumer = configured(Map.of("enable.auto.commit", "true",
                "auto.offset.reset", "latest", "group.instance.id", "one", "linger.ms", "20"))
                .receiverConsumer("eventshop-store");

        assertThat(consumer)
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("max.poll.records", 500)
                .containsEntry("group.id", "eventshop-store")
                .containsEntry("enable.auto.commit", false)
                .containsEntry("auto.offset.reset", "earliest")
                // every instance of a database would claim the same static member id
                .doesNotContainKeys("group.instance.id", "linger.ms");
    }

    @Test
    void aSettingNoClientKnowsReachesTheirPlugins() {
        // Quarkus's TLS registry: the SSL engine factory reads the name of its TLS configuration from the settings
        Map<String, Object> producer = configured(Map.of("tls-configuration-name", "kafka",
                "ssl.engine.factory.class", "org.apache.kafka.common.security.ssl.DefaultSslEngineFactory"))
                .relayProducer("eventshop-relay-1");

        assertThat(producer).containsEntry("tls-configuration-name", "kafka")
                .containsKey("ssl.engine.factory.class");
    }

    @Test
    void aValueTheClientRefusesStopsTheApplicationNamingTheClient() {
        KafkaClientSettings mistyped = configured(Map.of("linger.ms", "five"));

        assertThatThrownBy(() -> mistyped.relayProducer("eventshop-relay-1"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("relay's producer")
                .hasMessageContaining("linger.ms");
    }

    @Test
    void theRelayAndTheReceiverClientsPassKafkasOwnChecks() {
        KafkaClientSettings tuned = configured(Map.of("linger.ms", "", "interceptor.classes",
                "org.example.ProducerOnlyInterceptor", "client.dns.lookup", "use_all_dns_ips"));

        assertThat(tuned.relayProducer("eventshop-relay-1"))
                .as("a blank value is no value: the default holds")
                .containsEntry("linger.ms", KafkaClientSettings.LINGER_MS)
                .as("one name for two kinds of interceptor: a producer's would break the consumer")
                .doesNotContainKey("interceptor.classes")
                .containsEntry("client.dns.lookup", "use_all_dns_ips")
                .containsEntry("client.id", "eventshop-relay-1");
        assertThat(tuned.receiverConsumer("eventshop-store"))
                .containsEntry("session.timeout.ms", 10_000)
                .containsEntry("group.id", "eventshop-store");
        // the broker-side group protocol refuses a client's session settings: none are given then
        assertThat(configured(Map.of("group.protocol", "consumer")).receiverConsumer("eventshop-store"))
                .doesNotContainKeys("session.timeout.ms", "heartbeat.interval.ms");
        assertThat(tuned.brokerAdmin(2_000)).containsEntry("request.timeout.ms", 2_000)
                .doesNotContainKeys("group.id", "linger.ms");
    }

    @Test
    void withoutAnAddressTheClientsLookOnThisHost() {
        KafkaClientSettings unset = new KafkaClientSettings(Map.of("group.id", "eventshop"));

        assertThat(unset.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(unset.brokerAdmin(2_000)).containsOnly(Map.entry("bootstrap.servers", "localhost:9092"),
                Map.entry("default.api.timeout.ms", 2_000), Map.entry("request.timeout.ms", 2_000));
    }
}
