package io.scrumops.bridge;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layers as the code has them (DESIGN.md, "Layout"): dependencies point inward, to the model. Packages that are
 * planned but may not exist yet (metrics, gates, sandbox) are optional layers: their rules apply once they appear.
 */
@AnalyzeClasses(packages = "io.scrumops.bridge", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String BASE = "io.scrumops.bridge.";
    private static final String[] FRAMEWORKS = {
            "org.springframework..", "org.apache.camel..", "com.fasterxml.jackson..", "java.sql..", "javax.sql..",
            "jakarta..", "org.apache.kafka..", "org.flywaydb..", "org.slf4j..", "com.zaxxer.."};

    @ArchTest
    static final ArchRule modelIsFreeOfFrameworks = noClasses()
            .that().resideInAPackage(BASE + "model..")
            .should().dependOnClassesThat().resideInAnyPackage(FRAMEWORKS)
            .because("the ScrumOps model is shared by every adapter and must not know any of them");

    @ArchTest
    static final ArchRule modelDependsOnNothingElseOfOurs = classes()
            .that().resideInAPackage(BASE + "model..")
            .should().onlyDependOnClassesThat(resideOutsideOfPackage("io.scrumops.bridge..").or(resideInAPackage(BASE + "model..")))
            .because("every other package builds on the model, never the other way round");

    @ArchTest
    static final ArchRule rulesDependOnlyOnJavaAndTheModel = classes()
            .that().resideInAPackage(BASE + "rules..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", BASE + "model..", BASE + "rules..")
            .because("rules are pure functions of the model and a clock");

    @ArchTest
    static final ArchRule adaptersDoNotImportEachOther = slices()
            .matching(BASE + "adapter.(*)..")
            .should().notDependOnEachOther()
            .because("each outside system is translated at its own edge");

    @ArchTest
    static final ArchRule nothingImportsTheSandbox = noClasses()
            .that().resideOutsideOfPackage("io.scrumops.bridge.sandbox..")
            .should().dependOnClassesThat().resideInAPackage("io.scrumops.bridge.sandbox..")
            .because("the sandbox plugs in through auto-configuration; the bridge runs the same code without it");

    @ArchTest
    static final ArchRule gateDecisionsAreFreeOfFrameworks = noClasses()
            .that().resideInAPackage("io.scrumops.bridge.gates..")
            .and().haveNameNotMatching(".*\\.\\w*(Repository|Service|Jobs|Publisher|Links|Views|Json)(\\$.*)?")
            .should().dependOnClassesThat().resideInAnyPackage(FRAMEWORKS)
            .because("the gate decision (evaluator, planner, queries, write-back) is pure; its SQL and wiring are apart");

    @ArchTest
    static final ArchRule metricsMathsIsFreeOfFrameworks = noClasses()
            .that().resideInAPackage("io.scrumops.bridge.metrics.math..")
            .should().dependOnClassesThat().resideInAnyPackage(FRAMEWORKS)
            .because("medians, bands and series are pure maths, tested without a database");

    @ArchTest
    static final ArchRule layers = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .withOptionalLayers(true)
            .layer("Model").definedBy(BASE + "model..")
            .layer("Rules").definedBy(BASE + "rules..")
            .layer("Mapping").definedBy(BASE + "mapping..")
            .layer("Store").definedBy(BASE + "store..")
            .layer("Writeback").definedBy(BASE + "writeback..")
            .layer("Adapters").definedBy(BASE + "adapter..")
            .layer("Ingest").definedBy(BASE + "ingest..")
            .layer("Alignment").definedBy(BASE + "alignment..")
            .layer("ScrumOps").definedBy(BASE + "scrumops..")
            .layer("Metrics").definedBy(BASE + "metrics..")
            .layer("Gates").definedBy(BASE + "gates..")
            .layer("Observability").definedBy(BASE + "observability..")
            .layer("Web").definedBy(BASE + "web..")
            .layer("Config").definedBy(BASE + "config..")
            .layer("Sandbox").definedBy(BASE + "sandbox..")

            .whereLayer("Model").mayNotAccessAnyLayer()
            .whereLayer("Rules").mayOnlyAccessLayers("Model")
            // mapping files are loaded and checked without knowing who reads them: not the adapters, not the pipeline
            .whereLayer("Mapping").mayOnlyAccessLayers("Model", "Rules")
            .whereLayer("Store").mayOnlyAccessLayers("Model")
            .whereLayer("Writeback").mayOnlyAccessLayers("Model", "Store")
            .whereLayer("Adapters").mayOnlyAccessLayers("Model", "Mapping", "Writeback")
            // the pipelines (ingest, alignment, scrumops) sit on the layers above; nothing below reaches up to them
            .whereLayer("Ingest").mayOnlyBeAccessedByLayers("Web", "Config", "Observability", "Sandbox")
            .whereLayer("Alignment").mayOnlyBeAccessedByLayers("Ingest", "Web", "Config", "Observability", "Sandbox")
            .whereLayer("ScrumOps").mayOnlyBeAccessedByLayers("Ingest", "Alignment", "Web", "Config",
                    "Observability", "Sandbox")
            // metrics and gates read what the pipelines stored; a pipeline may tell the gates that something arrived
            .whereLayer("Metrics").mayOnlyBeAccessedByLayers("Gates", "Ingest", "Alignment", "ScrumOps", "Web",
                    "Config", "Observability", "Sandbox")
            .whereLayer("Gates").mayOnlyBeAccessedByLayers("Ingest", "Alignment", "ScrumOps", "Web", "Config",
                    "Observability", "Sandbox")
            // gauges watch the pipeline; the pipeline does not depend on being watched
            .whereLayer("Observability").mayOnlyBeAccessedByLayers("Web", "Config")
            .whereLayer("Web").mayOnlyBeAccessedByLayers("Config")
            // the wiring: only the web layer reads it (roles, security settings)
            .whereLayer("Config").mayOnlyBeAccessedByLayers("Web")
            // demo stand-ins: the product must run without them
            .whereLayer("Sandbox").mayNotBeAccessedByAnyLayer();
}
