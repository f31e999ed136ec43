package io.scrumops.bridge;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

@AnalyzeClasses(packages = "io.scrumops.bridge", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String[] FRAMEWORKS = {
            "org.springframework..", "org.apache.camel..", "com.fasterxml.jackson..", "java.sql..", "javax.sql..",
            "org.apache.kafka..", "org.flywaydb.."};

    @ArchTest
    static final ArchRule modelIsFreeOfFrameworks = noClasses()
            .that().resideInAPackage("io.scrumops.bridge.model..")
            .should().dependOnClassesThat().resideInAnyPackage(FRAMEWORKS)
            .because("the ScrumOps model is shared by every adapter and must not know any of them");

    @ArchTest
    static final ArchRule rulesAreFreeOfFrameworks = noClasses()
            .that().resideInAPackage("io.scrumops.bridge.rules..")
            .should().dependOnClassesThat().resideInAnyPackage(FRAMEWORKS)
            .because("rules are pure functions of the model and a clock");

    @ArchTest
    static final ArchRule modelAndRulesDependOnNothingElseOfOurs = noClasses()
            .that().resideInAnyPackage("io.scrumops.bridge.model..", "io.scrumops.bridge.rules..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.scrumops.bridge.adapter..", "io.scrumops.bridge.store..", "io.scrumops.bridge.mapping..",
                    "io.scrumops.bridge.web..", "io.scrumops.bridge.config..", "io.scrumops.bridge.metrics..",
                    "io.scrumops.bridge.gates..");

    @ArchTest
    static final ArchRule nothingImportsTheSandbox = noClasses()
            .that().resideOutsideOfPackage("io.scrumops.bridge.sandbox..")
            .should().dependOnClassesThat().resideInAPackage("io.scrumops.bridge.sandbox..")
            .because("the sandbox plugs in through auto-configuration; the bridge runs the same code without it");

    @ArchTest
    static final ArchRule adaptersDoNotImportEachOther = slices()
            .matching("io.scrumops.bridge.adapter.(*)..")
            .should().notDependOnEachOther();
}
