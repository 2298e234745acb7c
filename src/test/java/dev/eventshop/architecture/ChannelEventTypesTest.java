package dev.eventshop.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import dev.eventshop.platform.eventstore.EventCodec;
import dev.eventshop.platform.eventstore.EventType;

/**
 * Rule "a channel's event-types lists every type its method handles". A channel may name the event types it wants
 * delivered ({@code mp.messaging.incoming.<channel>.event-types}); a type its {@code @Incoming} method tells apart
 * with {@code EventCodec.typeOf(X.class)} but the list leaves out would never arrive — an event silently skipped.
 * The fixture handles a type its list forgets and must be reported.
 */
class ChannelEventTypesTest {

    @Test
    void everyTypeAChannelHandlesIsDelivered() throws IOException {
        JavaClasses application = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.eventshop");
        Properties config = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
            config.load(in);
        }
        Map<String, Set<String>> handled = handledTypes(application);
        // the rule has something to check: channels that handle types and channels with a list
        assertThat(handled).containsKeys("inventory-commands", "payments-commands", "shipping-commands");
        assertThat(handled.get("inventory-commands")).contains("inventory.ReserveStockCommand.v1");
        assertThat(handled.keySet()).anyMatch(channel -> config.containsKey(eventTypesKey(channel)));

        assertThat(violations(handled, config)).isEmpty();
    }

    @Test
    void reportsTheFixtureThatForgetsAType() {
        JavaClasses fixtures = new ClassFileImporter().withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
                .importPackages("dev.eventshop.archfixture.channels");
        Properties config = new Properties();
        config.setProperty(eventTypesKey("archfixture-channel"), "test.CounterIncremented.v1");

        assertThat(violations(handledTypes(fixtures), config))
                .containsExactly("channel archfixture-channel handles [test.CounterReset.v1] but its event-types leaves "
                        + "them out");
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

    static List<String> violations(Map<String, Set<String>> handled, Properties config) {
        return handled.entrySet().stream()
                .filter(channel -> config.containsKey(eventTypesKey(channel.getKey())))
                .map(channel -> {
                    Set<String> delivered = Arrays.stream(config.getProperty(eventTypesKey(channel.getKey())).split(","))
                            .map(String::trim).collect(Collectors.toSet());
                    Set<String> missing = new TreeSet<>(channel.getValue());
                    missing.removeAll(delivered);
                    return missing.isEmpty() ? null
                            : "channel " + channel.getKey() + " handles " + missing + " but its event-types leaves them out";
                })
                .filter(violation -> violation != null)
                .toList();
    }

    private static String eventTypesKey(String channel) {
        return "mp.messaging.incoming." + channel + ".event-types";
    }
}
