package dev.eventshop.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.util.List;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import dev.eventshop.platform.eventstore.EventType;

/**
 * The module rules of modules.md, for any root package, so the same rules run on the application and on the
 * fixtures that must break them.
 */
final class ModuleRules {

    static final List<String> MODULES = List.of("orders", "payments", "inventory", "shipping");

    static final String MODULE_BOUNDARIES = "modules use only other modules' api packages";
    static final String INTERNAL_EVENTS_STAY = "modules never use another module's internal events";
    static final String NO_CYCLES = "modules do not depend on each other in cycles";
    static final String FRAMEWORK_FREE_DOMAIN = "domain packages are free of framework code";
    static final String PLATFORM_INDEPENDENT = "the platform does not depend on any module";
    static final String WEB_THROUGH_APPLICATION = "web code reaches its module through application services, never infrastructure";
    static final String INFRASTRUCTURE_BELOW = "infrastructure never uses application code";
    static final String WEB_ON_TOP = "only web code knows HTTP: domain, application and infrastructure never use a web package";

    private final String root;

    ModuleRules(String root) {
        this.root = root;
    }

    List<ArchRule> all() {
        return List.of(moduleBoundaries(), internalEventsStay(), noCycles(), frameworkFreeDomain(), platformIndependent(), webOnTop(),
                webThroughApplication(), infrastructureBelow());
    }

    ArchRule moduleBoundaries() {
        return noClasses().should(reachIntoAnotherModule()).as(MODULE_BOUNDARIES)
                .because("a module may depend only on the published api (event contracts, ids) of another module");
    }

    ArchRule internalEventsStay() {
        return noClasses().should(useAnotherModulesInternalEvent()).as(INTERNAL_EVENTS_STAY)
                .because("an internal event (@EventType(internal = true)) is a step of its module's own process: it is "
                        + "never delivered to another module, and no contract promises its shape");
    }

    ArchRule noCycles() {
        return slices().matching(root + ".(*)..").should().beFreeOfCycles().as(NO_CYCLES)
                .because("cycles between modules make it impossible to extract one");
    }

    ArchRule frameworkFreeDomain() {
        return noClasses().that().resideInAPackage(root + "..domain..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta..", "javax..", "io.quarkus..",
                        "io.smallrye..", "io.vertx..", "org.hibernate..", "com.fasterxml..",
                        "org.eclipse.microprofile..", "io.opentelemetry..", "io.netty..")
                .as(FRAMEWORK_FREE_DOMAIN)
                .because("aggregates are plain Java, testable without a container")
                .allowEmptyShould(true);
    }

    ArchRule platformIndependent() {
        String[] modulePackages = MODULES.stream().map(m -> root + "." + m + "..").toArray(String[]::new);
        return noClasses().that().resideInAPackage(root + ".platform..")
                .should().dependOnClassesThat().resideInAnyPackage(modulePackages)
                .as(PLATFORM_INDEPENDENT)
                .because("shared machinery serves every module and knows none of them");
    }

    ArchRule webOnTop() {
        return noClasses().that().resideInAnyPackage(root + "..domain..", root + "..application..",
                        root + "..infrastructure..")
                .should().dependOnClassesThat().resideInAPackage(root + "..web..")
                .as(WEB_ON_TOP)
                .because("application code refuses in its own terms (e.g. OrderRejected) and the web layer says how "
                        + "each refusal is answered, so the same code serves a Kafka consumer or a test");
    }

    ArchRule webThroughApplication() {
        return noClasses().that().resideInAPackage(root + "..web..")
                .should().dependOnClassesThat().resideInAPackage(root + "..infrastructure..")
                .as(WEB_THROUGH_APPLICATION)
                .because("resources ask query services and send commands; how a read model is stored (SQL, Panache "
                        + "entities) can then change without touching HTTP");
    }

    ArchRule infrastructureBelow() {
        return noClasses().that().resideInAPackage(root + "..infrastructure..")
                .should().dependOnClassesThat().resideInAPackage(root + "..application..")
                .as(INFRASTRUCTURE_BELOW)
                .because("application code uses infrastructure, not the other way round: no cycle between the layers");
    }

    private ArchCondition<JavaClass> reachIntoAnotherModule() {
        return new ArchCondition<>("use another module's non-api classes") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                String from = moduleOf(origin.getPackageName());
                if (from == null) {
                    return;
                }
                for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                    String targetPackage = dependency.getTargetClass().getPackageName();
                    String to = moduleOf(targetPackage);
                    if (to != null && !to.equals(from) && !targetPackage.startsWith(root + "." + to + ".api")) {
                        events.add(SimpleConditionEvent.satisfied(dependency, String.format(
                                "%s uses %s, an internal of module '%s' (only %s.%s.api may be used) in %s",
                                origin.getName(), dependency.getTargetClass().getName(), to, root, to,
                                dependency.getSourceCodeLocation())));
                    }
                }
            }
        };
    }

    private ArchCondition<JavaClass> useAnotherModulesInternalEvent() {
        return new ArchCondition<>("use another module's internal events") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                String from = moduleOf(origin.getPackageName());
                for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                    JavaClass target = dependency.getTargetClass();
                    String to = moduleOf(target.getPackageName());
                    if (to != null && !to.equals(from) && target.isAnnotatedWith(EventType.class)
                            && target.getAnnotationOfType(EventType.class).internal()) {
                        events.add(SimpleConditionEvent.satisfied(dependency, String.format(
                                "%s uses %s, an internal event of module '%s', in %s", origin.getName(),
                                target.getName(), to, dependency.getSourceCodeLocation())));
                    }
                }
            }
        };
    }

    private String moduleOf(String packageName) {
        for (String module : MODULES) {
            String base = root + "." + module;
            if (packageName.equals(base) || packageName.startsWith(base + ".")) {
                return module;
            }
        }
        return null;
    }
}
