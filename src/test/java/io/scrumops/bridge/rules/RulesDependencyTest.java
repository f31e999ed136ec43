package io.scrumops.bridge.rules;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

class RulesDependencyTest {

    @Test
    void dependsOnlyOnJavaAndTheModel() {
        JavaClasses rules = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.scrumops.bridge.rules");

        classes().should().onlyDependOnClassesThat().resideInAnyPackage(
                "java..", "io.scrumops.bridge.model..", "io.scrumops.bridge.rules..").check(rules);
    }
}
