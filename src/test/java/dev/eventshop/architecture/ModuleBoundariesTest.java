package dev.eventshop.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;

/**
 * Enforces the module rules on the application, and proves each rule bites by running it on fixtures that break it.
 * The "bites" half is what keeps a mistyped package pattern from turning a rule into one that matches nothing.
 */
class ModuleBoundariesTest {

    private static JavaClasses application;
    private static JavaClasses fixtures;

    @BeforeAll
    static void importClasses() {
        application = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.eventshop");
        fixtures = new ClassFileImporter().withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
                .importPackages("dev.eventshop.archfixture");
    }

    static List<ArchRule> applicationRules() {
        return new ModuleRules("dev.eventshop").all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("applicationRules")
    void applicationFollows(ArchRule rule) {
        rule.check(application);
    }

    @Test
    void applicationHasAllFourModules() {
        for (String module : ModuleRules.MODULES) {
            assertThat(application.containPackage("dev.eventshop." + module + ".api")).as(module + ".api").isTrue();
        }
    }

    @Test
    void everyRuleReportsItsFixture() {
        ModuleRules rules = new ModuleRules("dev.eventshop.archfixture");
        Map<ArchRule, String> expectedOffender = Map.of(
                rules.moduleBoundaries(), "PeekIntoPayments uses dev.eventshop.archfixture.payments.domain.Payment",
                rules.internalEventsStay(), "ReactsToVoidedCharge uses dev.eventshop.archfixture.payments.api.ChargeVoided",
                rules.noCycles(), "Cycle detected",
                rules.frameworkFreeDomain(), "FrameworkLeak",
                rules.platformIndependent(), "ReachesIntoModule",
                rules.webOnTop(), "AnswersInHttp",
                rules.webThroughApplication(), "ReadsRowsDirectly",
                rules.infrastructureBelow(), "UsesApplication");
        expectedOffender.forEach((rule, offender) -> {
            EvaluationResult result = rule.evaluate(fixtures);
            assertThat(result.hasViolation()).as("rule '%s' must report its fixture", rule.getDescription()).isTrue();
            assertThat(result.getFailureReport().toString()).contains(offender);
        });
    }
}
