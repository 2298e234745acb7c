package dev.eventshop.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import dev.eventshop.platform.eventstore.EventCodec;
import dev.eventshop.platform.eventstore.EventType;
import dev.eventshop.platform.modules.EventTypeRegistry;
import dev.eventshop.platform.modules.PublishedStreams;

/**
 * Rule "a channel delivers every type its method handles". What a channel delivers is derived from what the modules
 * declare they append ({@link EventTypeRegistry#deliveredTo}), or narrowed by its {@code event-types}; a type its
 * {@code @Incoming} method tells apart with {@code EventCodec.typeOf(X.class)} but the channel does not deliver would
 * never arrive — an event silently skipped. The fixture handles a type its list forgets and must be reported.
 * <p>
 * Rule "every event type is declared by the module that appends it": the derivation can only be as complete as the
 * declarations. The fixture's event types are declared by no module and must be reported.
 */
class ChannelEventTypesTest {

    static final JavaClasses APPLICATION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.eventshop");

    @Test
    void everyTypeAChannelHandlesIsDelivered() throws IOException {
        Properties config = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
            config.load(in);
        }
        Map<String, Set<String>> handled = handledTypes(APPLICATION);
        // the rule has something to check: channels that handle types, and a derived list that narrows
        // (every module channel, so a handler the line-based scan cannot read shows up here instead of passing)
        assertThat(handled).containsKeys("inventory-commands", "payments-commands", "shipping-commands",
                "orders-inventory", "orders-payments", "orders-shipping");
        assertThat(handled.get("inventory-commands")).contains("inventory.ReserveStockCommand.v1");
        assertThat(handled.get("orders-payments")).contains("payments.PaymentCaptured.v1");
        assertThat(handled.get("orders-shipping")).contains("shipping.ShipmentDispatched.v1");
        Map<String, Set<String>> delivered = delivered(config, registry(APPLICATION));
        assertThat(delivered.get("inventory-commands")).contains("inventory.ReserveStockCommand.v1")
                .doesNotContain("orders.OrderPlaced.v1", "orders.OrderStockReserved.v1");
        assertThat(delivered.get("orders-payments")).contains("payments.PaymentCaptured.v1")
                .doesNotContain("payments.PaymentVoided.v1");

        assertThat(violations(handled, delivered)).isEmpty();
    }

    @Test
    void reportsTheFixtureThatForgetsAType() {
        JavaClasses fixtures = new ClassFileImporter().withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
                .importPackages("dev.eventshop.archfixture.channels");

        assertThat(violations(handledTypes(fixtures),
                Map.of("archfixture-channel", Set.of("test.CounterIncremented.v1"))))
                .containsExactly("channel archfixture-channel handles [test.CounterReset.v1] but does not deliver them");
    }

    @Test
    void everyEventTypeIsDeclaredByTheModuleThatAppendsIt() {
        EventTypeRegistry registry = registry(APPLICATION);
        assertThat(registry.entries()).hasSizeGreaterThan(20);

        assertThat(undeclared(APPLICATION, registry)).isEmpty();
    }

    @Test
    void reportsTheFixtureTypesNoModuleDeclares() {
        JavaClasses fixtures = new ClassFileImporter().withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
                .importPackages("dev.eventshop.archfixture.channels");

        assertThat(undeclared(fixtures, registry(APPLICATION))).containsExactly("archfixture.UndeclaredEvent.v1");
    }

    /** The registry the application builds, from every module's PublishedStreams. */
    static EventTypeRegistry registry(JavaClasses classes) {
        List<PublishedStreams> modules = new ArrayList<>();
        for (JavaClass type : classes) {
            if (type.isAssignableTo(PublishedStreams.class) && !type.getModifiers().contains(JavaModifier.ABSTRACT)) {
                try {
                    modules.add((PublishedStreams) type.reflect().getConstructor().newInstance());
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        // the four modules, and the platform's record of operator actions
        assertThat(modules).hasSize(5);
        return EventTypeRegistry.of(modules);
    }

    /** What each channel of the configuration delivers: its event-types if set, otherwise what is derived. */
    static Map<String, Set<String>> delivered(Properties config, EventTypeRegistry registry) {
        Map<String, Set<String>> delivered = new TreeMap<>();
        modulesOf(config).forEach((channel, module) -> {
            String prefix = "mp.messaging.incoming." + channel + ".";
            String explicit = config.getProperty(prefix + "event-types");
            delivered.put(channel, explicit != null ? split(explicit)
                    : registry.deliveredTo(module, split(config.getProperty(prefix + "stream-types"))));
        });
        return delivered;
    }

    /** The module each channel of the configuration feeds (its {@code module} attribute), by channel. */
    static Map<String, String> modulesOf(Properties config) {
        Map<String, String> modules = new TreeMap<>();
        Pattern moduleKey = Pattern.compile("mp\\.messaging\\.incoming\\.([a-z-]+)\\.module");
        for (String key : config.stringPropertyNames()) {
            Matcher channel = moduleKey.matcher(key);
            if (channel.matches()) {
                modules.put(channel.group(1), config.getProperty(key));
            }
        }
        return modules;
    }

    private static Set<String> split(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }

    static List<String> undeclared(JavaClasses classes, EventTypeRegistry registry) {
        return classes.stream().filter(type -> type.isAnnotatedWith(EventType.class))
                .map(type -> type.getAnnotationOfType(EventType.class).value())
                .filter(name -> registry.entry(name).isEmpty())
                .sorted().toList();
    }

    /** For each channel, the event types the class of its {@code @Incoming} method compares with EventCodec.typeOf. */
    static Map<String, Set<String>> handledTypes(JavaClasses classes) {
        Map<String, Set<String>> handled = new TreeMap<>();
        for (JavaClass type : classes) {
            for (JavaMethod method : type.getMethods()) {
                if (!method.isAnnotatedWith(Incoming.class)) {
                    continue;
                }
                String channel = method.getAnnotationOfType(Incoming.class).value();
                Set<Integer> typeOfLines = type.getMethodCallsFromSelf().stream()
                        .filter(call -> call.getTarget().getOwner().isEquivalentTo(EventCodec.class)
                                && call.getTarget().getName().equals("typeOf"))
                        .map(call -> call.getLineNumber())
                        .collect(Collectors.toSet());
                Set<String> types = handled.computeIfAbsent(channel, ignored -> new TreeSet<>());
                type.getReferencedClassObjects().stream()
                        .filter(reference -> typeOfLines.contains(reference.getLineNumber()))
                        .filter(reference -> reference.getRawType().isAnnotatedWith(EventType.class))
                        .forEach(reference -> types.add(
                                reference.getRawType().getAnnotationOfType(EventType.class).value()));
            }
        }
        return handled;
    }

    static List<String> violations(Map<String, Set<String>> handled, Map<String, Set<String>> delivered) {
        return handled.entrySet().stream()
                .map(channel -> {
                    Set<String> missing = new TreeSet<>(channel.getValue());
                    missing.removeAll(delivered.getOrDefault(channel.getKey(), Set.of()));
                    return missing.isEmpty() ? null
                            : "channel " + channel.getKey() + " handles " + missing + " but does not deliver them";
                })
                .filter(violation -> violation != null)
                .toList();
    }
}
