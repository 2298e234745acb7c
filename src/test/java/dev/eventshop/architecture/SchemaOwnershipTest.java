package dev.eventshop.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Rule "a module reads and writes only its own schema": no SQL in a module (code or migrations) names another
 * module's schema, or the event store's tables, which modules reach only through the EventStore API.
 */
class SchemaOwnershipTest {

    static final String RULE = "a module reads and writes only its own schema";
    private static final List<String> SCHEMAS = List.of("eventstore", "orders", "payments", "inventory", "shipping");
    /** A read entity's table: {@code @Table(schema = "orders", name = "order_view")}. */
    private static final Pattern ENTITY_SCHEMA = Pattern.compile("@Table\\([^)]*\\bschema\\s*=\\s*\"(\\w+)\"");
    private static final Pattern QUALIFIED_TABLE = Pattern
            .compile("(?<![\\w.])(" + String.join("|", SCHEMAS) + ")\\.([a-z_][a-z0-9_]*)\\b");

    @Test
    void modulesTouchOnlyTheirOwnSchema() throws IOException {
        List<String> violations = new ArrayList<>();
        for (String module : ModuleRules.MODULES) {
            for (Path file : files(Path.of("src/main/java/dev/eventshop", module), Path.of("src/main/resources/db/migration", module))) {
                violations.addAll(violations(module, file));
            }
        }
        assertThat(violations).as(RULE).isEmpty();
    }

    @Test
    void theRuleReportsItsFixture() throws IOException {
        List<String> violations = violations("orders", Path.of("src/test/resources/archfixture/ReadsPaymentsTables.java.txt"));
        assertThat(violations).as(RULE).hasSize(3);
        assertThat(String.join("\n", violations)).contains("payments.payment_view").contains("eventstore.events")
                .contains("maps a table of schema payments");
    }

    static List<String> violations(String module, Path file) throws IOException {
        List<String> found = new ArrayList<>();
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.startsWith("import ") || line.startsWith("package ")) {
                continue;
            }
            Matcher entity = ENTITY_SCHEMA.matcher(line);
            if (entity.find() && !entity.group(1).equals(module)) {
                found.add(String.format("%s:%d: module '%s' maps a table of schema %s", file, i + 1, module,
                        entity.group(1)));
            }
            Matcher matcher = QUALIFIED_TABLE.matcher(line);
            while (matcher.find()) {
                if (!matcher.group(1).equals(module)) {
                    found.add(String.format("%s:%d: module '%s' names %s", file, i + 1, module, matcher.group()));
                }
            }
        }
        return found;
    }

    private static List<Path> files(Path... roots) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path root : roots) {
            if (Files.isDirectory(root)) {
                try (Stream<Path> walk = Files.walk(root)) {
                    walk.filter(p -> p.toString().endsWith(".java") || p.toString().endsWith(".sql")).forEach(files::add);
                }
            }
        }
        assertThat(files).as("module sources found").isNotEmpty();
        return files;
    }
}
