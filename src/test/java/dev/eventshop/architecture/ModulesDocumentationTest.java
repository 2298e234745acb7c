package dev.eventshop.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import dev.eventshop.platform.eventstore.EventCodec;
import dev.eventshop.platform.eventstore.EventType;
import dev.eventshop.platform.web.ProblemType;

/** Keeps modules.md true: the event types it lists are exactly those registered in code, and every module has its place. */
class ModulesDocumentationTest {

    private static final Path MODULES_MD = Path.of("modules.md");

    @Test
    void listsExactlyTheEventTypesRegisteredInCode() throws IOException {
        Set<String> documented = new TreeSet<>();
        Matcher matcher = Pattern.compile("`(" + EventCodec.TYPE_NAME.pattern() + ")`").matcher(Files.readString(MODULES_MD));
        while (matcher.find()) {
            documented.add(matcher.group(1));
        }
        Set<String> registered = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.eventshop").stream()
                .filter(c -> c.isAnnotatedWith(EventType.class))
                .map(JavaClass::reflect)
                .map(c -> c.getAnnotation(EventType.class).value())
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(documented).as("event types in modules.md vs @EventType classes").isEqualTo(registered);
    }

    /**
     * An event's {@code internal} flag decides whether other modules receive it: a canvas's "Internal events" line and
     * the flags agree, so an internal event added without the flag (published by mistake) fails here.
     */
    @Test
    void theCanvasesInternalEventsAreExactlyThoseMarkedInternal() throws IOException {
        Set<String> documented = new TreeSet<>();
        Matcher line = Pattern.compile("(?m)^- \\*\\*Internal events\\*\\*:((?:.*\\n)(?:  .*\\n)*)")
                .matcher(Files.readString(MODULES_MD));
        while (line.find()) {
            Matcher name = Pattern.compile("`(" + EventCodec.TYPE_NAME.pattern() + ")`").matcher(line.group(1));
            while (name.find()) {
                documented.add(name.group(1));
            }
        }
        Set<String> internal = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.eventshop").stream()
                .filter(c -> c.isAnnotatedWith(EventType.class))
                .map(JavaClass::reflect)
                .map(c -> c.getAnnotation(EventType.class))
                .filter(EventType::internal)
                .map(EventType::value)
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(documented).hasSizeGreaterThanOrEqualTo(7);
        assertThat(documented).as("modules.md's internal events vs @EventType(internal = true)").isEqualTo(internal);
    }

    @Test
    void everyModuleHasARowInTheMapAndACanvas() throws IOException {
        String text = Files.readString(MODULES_MD);
        for (String module : ModuleRules.MODULES) {
            assertThat(text).contains("| " + module + " | `dev.eventshop." + module + "` | `" + module + "` |");
            assertThat(text).contains("### " + module + "\n");
        }
    }

    /** Clients switch on a problem's type: README's table lists exactly the catalogue, with status and meaning. */
    @Test
    void readmeListsExactlyTheProblemTypes() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        Set<String> documented = new TreeSet<>();
        Matcher row = Pattern.compile("(?m)^\\| `([a-z-]+)` \\| (\\d{3}) \\|").matcher(readme);
        while (row.find()) {
            documented.add(row.group(1) + " " + row.group(2));
        }
        Set<String> catalogue = new TreeSet<>();
        for (ProblemType type : ProblemType.values()) {
            String slug = type.uri().toString().substring(type.uri().toString().lastIndexOf('/') + 1);
            catalogue.add(slug + " " + type.status());
            assertThat(readme).as("README's line for " + slug)
                    .contains("| `" + slug + "` | " + type.status() + " | " + type.meaning() + " |");
        }
        assertThat(documented).as("README's problem types").isEqualTo(catalogue);
    }
}
