package dev.eventshop.platform.modules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.eventshop.inventory.infrastructure.InventoryPublishedStreams;
import dev.eventshop.orders.infrastructure.OrdersPublishedStreams;
import dev.eventshop.payments.infrastructure.PaymentsPublishedStreams;
import dev.eventshop.platform.eventstore.EventType;
import dev.eventshop.platform.eventstore.Upcaster;
import dev.eventshop.platform.eventstore.Upcasters;
import dev.eventshop.shipping.infrastructure.ShippingPublishedStreams;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * What the Kafka relay leaves out of a module's topic ({@link ChannelRoutes#notRelayed}): the module's internal
 * events, never what a channel on Kafka delivers; and a channel may not be configured to deliver another module's
 * internal event, which the relay would have passed over already.
 */
class ChannelRoutesTest {

    private static final List<PublishedStreams> MODULES = List.of(new OrdersPublishedStreams(),
            new InventoryPublishedStreams(), new PaymentsPublishedStreams(), new ShippingPublishedStreams());

    @Test
    void theRelayLeavesOutTheModulesInternalEventsOnly() {
        ChannelRoutes routes = routes(Map.of("eventshop.modules.shipping.channel", "kafka"));

        assertThat(routes.notRelayed("orders")).containsExactlyInAnyOrder("orders.OrderStockReserved.v1",
                "orders.OrderShipmentScheduled.v1", "orders.OrderCancellationRequested.v1",
                "orders.OrderCancellationRefused.v1", "orders.OrderFlaggedOverdue.v1");
        assertThat(routes.notRelayed("shipping")).as("shipping has no internal events").isEmpty();
        assertThat(routes.notRelayedAsStored("orders")).isEqualTo(routes.notRelayed("orders"));
    }

    @Test
    void anOlderStoredVersionOfALeftOutEventIsIgnoredAtTheHandOverToo() {
        Upcaster noted = new Upcaster() {
            @Override
            public String from() {
                return "orders.Noted.v1";
            }

            @Override
            public String to() {
                return "orders.Noted.v2";
            }

            @Override
            public ObjectNode upcast(ObjectNode payload) {
                return payload;
            }
        };
        List<PublishedStreams> modules = new ArrayList<>(MODULES);
        modules.add(new PublishedStreams("orders", List.of("orders.order"), List.of(NotedV1.class, NotedV2.class)) {
        });
        ChannelRoutes routes = routes(Map.of("eventshop.modules.shipping.channel", "kafka"), modules, List.of(noted));

        assertThat(routes.notRelayed("orders")).as("the relay sees events as read: the older name never shows")
                .contains("orders.Noted.v2", "orders.OrderStockReserved.v1").doesNotContain("orders.Noted.v1");
        assertThat(routes.notRelayedAsStored("orders")).as("the hand-over looks at stored names")
                .contains("orders.Noted.v1", "orders.Noted.v2", "orders.OrderStockReserved.v1");
    }

    @EventType(value = "orders.Noted.v1", internal = true)
    record NotedV1(String orderId) {
    }

    @EventType(value = "orders.Noted.v2", internal = true)
    record NotedV2(String orderId, String note) {
    }

    @Test
    void aChannelOfAModuleOnItsOwnStreamsGetsItsInternalEventsRelayed() {
        Map<String, String> config = new HashMap<>(Map.of("eventshop.modules.orders.channel", "kafka"));
        config.putAll(channel("orders-own", "orders", "orders.order"));

        assertThat(routes(config).notRelayed("orders")).as("it delivers every type of its own streams").isEmpty();

        // named in any version, a type the channel delivers is relayed (another version of it parks there)
        config.put("mp.messaging.incoming.orders-own.event-types", "orders.OrderStockReserved.v2");
        assertThat(routes(config).notRelayed("orders")).doesNotContain("orders.OrderStockReserved.v1")
                .contains("orders.OrderShipmentScheduled.v1");
    }

    @Test
    void aChannelMayNotNameAnotherModulesInternalEvent() {
        Map<String, String> config = new HashMap<>(Map.of("eventshop.modules.shipping.channel", "kafka",
                "mp.messaging.incoming.shipping-commands.event-types",
                "shipping.ScheduleShipmentCommand.v1,orders.OrderShipmentScheduled.v1"));

        assertThatThrownBy(() -> routes(config)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Channel shipping-commands names orders.OrderShipmentScheduled.v1")
                .hasMessageContaining("an internal event of orders");
    }

    private static ChannelRoutes routes(Map<String, String> settings) {
        return routes(settings, MODULES, List.of());
    }

    private static ChannelRoutes routes(Map<String, String> settings, List<PublishedStreams> modules,
            List<Upcaster> upcasters) {
        Map<String, String> values = new HashMap<>();
        values.putAll(channel("shipping-commands", "shipping", "orders.order"));
        values.putAll(channel("orders-shipping", "orders", "shipping.shipment"));
        values.putAll(channel("inventory-commands", "inventory", "orders.order"));
        values.putAll(settings);
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(ModulesConfig.class)
                .withSources(new PropertiesConfigSource(values, "ChannelRoutesTest", 100)).build();
        return new ChannelRoutes(config, config.getConfigMapping(ModulesConfig.class), modules,
                EventTypeRegistry.of(modules), new Upcasters(upcasters, new ObjectMapper()));
    }

    private static Map<String, String> channel(String name, String module, String streamTypes) {
        String prefix = "mp.messaging.incoming." + name + ".";
        return Map.of(prefix + "connector", "eventstore", prefix + "module", module, prefix + "stream-types",
                streamTypes);
    }
}
