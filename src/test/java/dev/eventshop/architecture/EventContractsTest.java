package dev.eventshop.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import dev.eventshop.platform.eventstore.EventCodec;

/**
 * Event contracts cannot drift (modules.md, "Event contracts"). Six rules, each with fixtures that must break it:
 * <ul>
 * <li><b>a published version never changes incompatibly</b>: against the committed catalogue, a field removed or
 * renamed, a type changed, a field made required or added as required fails the build, saying to publish a new
 * version;</li>
 * <li><b>the committed catalogue is the generated one</b>: {@code contracts/events} and the modules.md table are
 * what the code says (a compatible change too), so reviewers see every contract change as a diff;</li>
 * <li><b>every consumer contract holds</b>: the fields each module declares it reads
 * ({@code contracts/consumers/<module>.json}) exist in the types it receives;</li>
 * <li><b>a module's consumer contract names every type its handlers read</b>;</li>
 * <li><b>handlers and contracts read the newest version of each event</b>;</li>
 * <li><b>an internal version stays internal</b>: the Kafka relay leaves internal events out.</li>
 * </ul>
 * {@code ./mvnw test -Dtest=EventContractsTest -Deventshop.contracts.update=true} rewrites the catalogue and the
 * table, but never over an incompatible change.
 */
class EventContractsTest {

    private static final boolean UPDATE = Boolean.getBoolean("eventshop.contracts.update");
    private static final Path FIXTURES = Path.of("src/test/resources/archfixture/contracts");
    private static final Path MODULES_MD = Path.of("modules.md");
    private static final String UPDATE_HINT = "run ./mvnw test -Dtest=EventContractsTest "
            + "-Deventshop.contracts.update=true and commit what it writes";

    @Test
    void noPublishedVersionChangesIncompatibly() {
        Map<String, ObjectNode> current = EventCatalogue.generate();
        Map<String, JsonNode> committed = EventCatalogue.read(EventCatalogue.ROOT);
        if (!UPDATE) {
            assertThat(committed).as("the committed catalogue under contracts/events").hasSizeGreaterThan(30);
        }

        assertThat(breaking(schemas(committed), schemas(current))).as("incompatible changes to published versions")
                .isEmpty();
    }

    /**
     * Rule "an internal version stays internal": the Kafka relay leaves internal events out ({@code
     * ChannelRoutes.notRelayed}), so a version made published later would reach a consumer on Kafka without the
     * events of it the relay had already passed.
     */
    @Test
    void noInternalVersionIsMadeOneOtherModulesReceive() {
        Map<String, JsonNode> committed = EventCatalogue.read(EventCatalogue.ROOT);
        assertThat(committed.values()).as("the committed catalogue has internal events to hold")
                .anyMatch(node -> INTERNAL.equals(node.path("kind").asText()));

        assertThat(madeCrossing(committed, EventCatalogue.generate())).isEmpty();
    }

    @Test
    void reportsTheFixtureInternalEventMadePublished() {
        assertThat(madeCrossing(EventCatalogue.read(FIXTURES), EventCatalogue.kindsIn("dev.eventshop.archfixture.contracts")))
                .containsExactly("archfixture.MadePublished.v1: an internal event is made an event, which the Kafka"
                        + " relay has left out so far: keep it internal and publish what other modules are to receive"
                        + " as an event of its own (a new name, not archfixture.MadePublished.v2)");
    }

    private static final String INTERNAL = "internal event";

    static List<String> madeCrossing(Map<String, JsonNode> committed, Map<String, ? extends JsonNode> current) {
        List<String> made = new ArrayList<>();
        committed.forEach((name, old) -> {
            JsonNode now = current.get(name);
            if (INTERNAL.equals(old.path("kind").asText()) && now != null
                    && !INTERNAL.equals(now.path("kind").asText())) {
                made.add(name + ": an internal event is made " + (now.path("kind").asText().startsWith("e") ? "an " : "a ")
                        + now.path("kind").asText() + ", which the Kafka relay has left out so far: keep it internal and"
                        + " publish what other modules are to receive as an event of its own (a new name, not "
                        + nextVersion(name) + ")");
            }
        });
        return made;
    }

    @Test
    void theCommittedCatalogueIsTheGeneratedOne() throws IOException {
        Map<String, ObjectNode> current = EventCatalogue.generate();
        Map<String, JsonNode> committed = EventCatalogue.read(EventCatalogue.ROOT);
        String modules = Files.readString(MODULES_MD);
        int start = modules.indexOf(EventCatalogue.TABLE_START);
        int end = modules.indexOf(EventCatalogue.TABLE_END);
        assertThat(start).as("modules.md holds the catalogue's table between its markers").isNotNegative();
        assertThat(end).isGreaterThan(start);
        String table = EventCatalogue.table(current);

        if (UPDATE) {
            assertThat(breaking(schemas(committed), schemas(current))).as("nothing is rewritten over an incompatible change")
                    .isEmpty();
            assertThat(madeCrossing(committed, current)).as("nor over an internal event made published").isEmpty();
            for (Map.Entry<String, ObjectNode> entry : current.entrySet()) {
                Path file = EventCatalogue.fileOf(EventCatalogue.ROOT, entry.getKey());
                Files.createDirectories(file.getParent());
                Files.writeString(file, EventCatalogue.text(entry.getValue()));
            }
            Files.writeString(MODULES_MD, modules.substring(0, start) + table
                    + modules.substring(end + EventCatalogue.TABLE_END.length()));
            return;
        }
        assertThat(outOfDate(committed, current, EventCatalogue.ROOT)).as("catalogue files out of date: " + UPDATE_HINT).isEmpty();
        assertThat(modules.substring(start, end + EventCatalogue.TABLE_END.length()))
                .as("the event catalogue table in modules.md: " + UPDATE_HINT).isEqualTo(table);
    }

    @Test
    void everyConsumerContractHolds() throws IOException {
        Map<String, ObjectNode> current = EventCatalogue.generate();
        Map<String, JsonNode> consumers = consumers(EventCatalogue.ROOT);
        assertThat(consumers).as("contracts/consumers").containsOnlyKeys("orders", "payments", "inventory", "shipping");

        assertThat(consumerViolations(consumers, schemas(current), current)).isEmpty();
    }

    @Test
    void reportsEveryIncompatibleFixtureAndOnlyThose() {
        Map<String, JsonNode> current = EventCatalogue.schemasIn("dev.eventshop.archfixture.contracts");
        Map<String, JsonNode> committed = schemas(EventCatalogue.read(FIXTURES));
        assertThat(current).hasSize(7);

        assertThat(breaking(committed, current)).containsExactlyInAnyOrder(
                "archfixture.AddedRequired.v1: field 'note' is added as required (only an @OptionalField may be added)"
                        + NEW_VERSION.formatted("archfixture.AddedRequired.v2"),
                "archfixture.LoosenedField.v1: field 'customerId' becomes optional"
                        + NEW_VERSION.formatted("archfixture.LoosenedField.v2"),
                "archfixture.NewlyRequired.v1: field 'note' becomes required"
                        + NEW_VERSION.formatted("archfixture.NewlyRequired.v2"),
                "archfixture.RenamedField.v1: field 'customerId' is removed (or renamed)"
                        + NEW_VERSION.formatted("archfixture.RenamedField.v2"),
                "archfixture.RenamedField.v1: field 'customer' is added as required (only an @OptionalField may be"
                        + " added)" + NEW_VERSION.formatted("archfixture.RenamedField.v2"),
                "archfixture.WidenedField.v1: field 'quantity' changes its type from integer (int32) to integer (int64)"
                        + NEW_VERSION.formatted("archfixture.WidenedField.v2"));
        // the compatible change is not refused, but the catalogue must still be updated
        assertThat(outOfDate(committed, current, FIXTURES))
                .contains(EventCatalogue.fileOf(FIXTURES, "archfixture.AddedOptional.v1").toString());
    }

    @Test
    void reportsTheFixtureConsumerThatReadsWhatIsNotThere() {
        Map<String, JsonNode> current = EventCatalogue.schemasIn("dev.eventshop.archfixture.contracts");

        assertThat(consumerViolations(consumers(FIXTURES), current, null)).containsExactlyInAnyOrder(
                "fixture reads field 'customerId' of archfixture.AddedOptional.v1, which it does not have",
                "fixture reads archfixture.Gone.v1, which no module declares");
    }

    /**
     * Rule "a module's consumer contract names every event its handlers read": a channel protects only those (another
     * version of one parks its stream; of any other type it passes over), so a handler reading an event its contract
     * leaves out would have a newer version of it passed over unseen.
     */
    @Test
    void everyEventAHandlerReadsIsInItsModulesContract() {
        Map<String, Set<String>> handled = ChannelEventTypesTest.handledTypes(ChannelEventTypesTest.APPLICATION);
        Map<String, String> modules = ChannelEventTypesTest.modulesOf(EventCatalogue.applicationProperties());
        assertThat(handled).containsKeys("orders-payments", "inventory-commands");
        assertThat(handled.values()).as("types each handler reads").allSatisfy(types -> assertThat(types).isNotEmpty());
        // a handler's channel that names no module would be passed over by the rule
        assertThat(modules).containsKeys(handled.keySet().toArray(String[]::new));

        assertThat(uncontracted(handled, modules, consumers(EventCatalogue.ROOT))).isEmpty();
    }

    /**
     * Rule "handlers and contracts read the newest version": an older version is read upcast to the newest, so a
     * handler that compares with the older one never matches, and acknowledges the event unhandled.
     */
    @Test
    void handlersAndContractsNameTheNewestVersionOfEachEvent() {
        Map<String, Set<String>> handled = ChannelEventTypesTest.handledTypes(ChannelEventTypesTest.APPLICATION);
        Set<String> declared = EventCatalogue.generate().keySet();

        assertThat(olderVersionsRead(handled, consumers(EventCatalogue.ROOT), declared)).isEmpty();
    }

    @Test
    void reportsTheFixtureThatReadsAnOlderVersion() {
        Set<String> declared = Set.of("archfixture.Waved.v1", "archfixture.Waved.v2", "archfixture.Nodded.v1");
        Map<String, Set<String>> handled = Map.of("archfixture-channel",
                Set.of("archfixture.Waved.v1", "archfixture.Nodded.v1"));
        Map<String, JsonNode> contracts = Map.of("fixture", contractReading("archfixture.Waved.v1"));

        String newest = ", but archfixture.Waved.v2 is declared: read the newest (older ones reach it upcast)";
        assertThat(olderVersionsRead(handled, contracts, declared)).containsExactly(
                "channel archfixture-channel reads archfixture.Waved.v1" + newest,
                "contracts/consumers/fixture.json reads archfixture.Waved.v1" + newest);
    }

    private static JsonNode contractReading(String type) {
        var contract = EventCatalogue.JSON.createObjectNode();
        contract.putObject("reads").putArray(type).add("orderId");
        return contract;
    }

    static List<String> olderVersionsRead(Map<String, Set<String>> handled, Map<String, JsonNode> consumers,
            Set<String> declared) {
        List<String> violations = new ArrayList<>();
        handled.forEach((channel, types) -> types.stream().sorted().forEach(type -> newerThan(type, declared)
                .ifPresent(newest -> violations.add("channel " + channel + " reads " + type + ", but " + newest
                        + " is declared: read the newest (older ones reach it upcast)"))));
        consumers.forEach((consumer, contract) -> contract.path("reads").fieldNames().forEachRemaining(type ->
                newerThan(type, declared).ifPresent(newest -> violations.add("contracts/consumers/" + consumer
                        + ".json reads " + type + ", but " + newest
                        + " is declared: read the newest (older ones reach it upcast)"))));
        return violations;
    }

    /** The newest declared version of the event {@code type} names, when it is newer than {@code type}. */
    private static Optional<String> newerThan(String type, Set<String> declared) {
        return declared.stream().filter(other -> EventCodec.eventOf(other).equals(EventCodec.eventOf(type)))
                .filter(other -> EventCodec.BY_VERSION.compare(other, type) > 0).max(EventCodec.BY_VERSION);
    }

    @Test
    void reportsTheFixtureHandlerThatReadsWhatItsContractLeavesOut() {
        Map<String, Set<String>> handled = ChannelEventTypesTest.handledTypes(new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
                .importPackages("dev.eventshop.archfixture.channels"));

        assertThat(uncontracted(handled, Map.of("archfixture-channel", "fixture"), consumers(FIXTURES)))
                .containsExactly("channel archfixture-channel (module fixture) reads [test.CounterIncremented.v1, "
                        + "test.CounterReset.v1], which contracts/consumers/fixture.json does not name");
    }

    static List<String> uncontracted(Map<String, Set<String>> handled, Map<String, String> moduleOf,
            Map<String, JsonNode> consumers) {
        List<String> violations = new ArrayList<>();
        handled.forEach((channel, types) -> {
            String module = moduleOf.get(channel);
            if (module == null) {
                return; // a platform channel, not between modules
            }
            Set<String> missing = new TreeSet<>(types);
            consumers.getOrDefault(module, EventCatalogue.JSON.createObjectNode()).path("reads").fieldNames()
                    .forEachRemaining(missing::remove);
            if (!missing.isEmpty()) {
                violations.add("channel " + channel + " (module " + module + ") reads " + missing
                        + ", which contracts/consumers/" + module + ".json does not name");
            }
        });
        return violations;
    }

    private static final String NEW_VERSION = " — a published version never changes so: publish %s beside it"
            + " with an Upcaster from the old one (modules.md, \"Evolving an event\")";

    static List<String> breaking(Map<String, JsonNode> committed, Map<String, JsonNode> current) {
        List<String> breaking = new ArrayList<>();
        committed.forEach((name, old) -> {
            JsonNode now = current.get(name);
            if (now == null) {
                breaking.add(name + ": the version is gone, yet stored events and older builds still hold it; keep its"
                        + " class (an upcaster may turn it into the newer version)");
                return;
            }
            for (String change : EventSchema.breakingChanges(old, now)) {
                breaking.add(name + ": " + change + NEW_VERSION.formatted(nextVersion(name)));
            }
        });
        return breaking;
    }

    static List<String> consumerViolations(Map<String, JsonNode> consumers, Map<String, JsonNode> schemas,
            Map<String, ObjectNode> catalogue) {
        List<String> violations = new ArrayList<>();
        consumers.forEach((consumer, contract) -> contract.path("reads").fields().forEachRemaining(read -> {
            JsonNode schema = schemas.get(read.getKey());
            if (schema == null) {
                violations.add(consumer + " reads " + read.getKey() + ", which no module declares");
                return;
            }
            if (catalogue != null) {
                List<String> channels = new ArrayList<>();
                catalogue.get(read.getKey()).path("channels").forEach(channel -> channels.add(channel.asText()));
                if (channels.stream().noneMatch(channel -> channel.startsWith(consumer + "-"))) {
                    violations.add(consumer + " reads " + read.getKey() + ", which none of its channels delivers");
                }
            }
            read.getValue().forEach(field -> {
                if (!EventSchema.hasField(schema, field.asText())) {
                    violations.add(consumer + " reads field '" + field.asText() + "' of " + read.getKey()
                            + ", which it does not have");
                }
            });
        }));
        return violations;
    }

    /** The committed files under {@code root} that differ from what the code gives, or name a type it has not. */
    private static List<String> outOfDate(Map<String, ? extends JsonNode> committed,
            Map<String, ? extends JsonNode> current, Path root) {
        List<String> stale = new ArrayList<>();
        current.forEach((name, node) -> {
            if (!node.equals(committed.get(name))) {
                stale.add(EventCatalogue.fileOf(root, name).toString());
            }
        });
        committed.keySet().stream().filter(name -> !current.containsKey(name))
                .forEach(name -> stale.add(EventCatalogue.fileOf(root, name) + " (no such type)"));
        return stale;
    }

    private static Map<String, JsonNode> schemas(Map<String, ? extends JsonNode> catalogue) {
        Map<String, JsonNode> schemas = new TreeMap<>();
        catalogue.forEach((name, node) -> schemas.put(name, node.get("schema")));
        return schemas;
    }

    private static Map<String, JsonNode> consumers(Path root) {
        Map<String, JsonNode> consumers = new TreeMap<>();
        Path directory = root.resolve("consumers");
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode contract = EventCatalogue.JSON.readTree(file.toFile());
                consumers.put(contract.path("consumer").asText(), contract);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return consumers;
    }

    private static String nextVersion(String name) {
        int at = name.lastIndexOf(".v");
        return name.substring(0, at) + ".v" + (Integer.parseInt(name.substring(at + 2)) + 1);
    }
}
