package io.scrumops.bridge.mapping;

import io.scrumops.bridge.model.CanonicalStatus;
import io.scrumops.bridge.model.Severity;
import io.scrumops.bridge.rules.TaskTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MappingRegistryTest {

    @TempDir
    Path dir;

    @Test
    void reloadSwapsInAValidSet() throws IOException {
        copyShipped();
        MappingRegistry registry = new MappingRegistry(dir.toString());
        replace("jira.yaml", "  Blocked: ON_HOLD", "  Blocked: IN_PROGRESS");

        MappingRegistry.ReloadResult result = registry.reload();

        assertThat(result.applied()).isTrue();
        assertThat(registry.current().jira().status("Blocked", null)).isEqualTo(CanonicalStatus.IN_PROGRESS);
    }

    @Test
    void badReloadKeepsThePreviousSetAndReportsTheError() throws IOException {
        copyShipped();
        MappingRegistry registry = new MappingRegistry(dir.toString());
        MappingSet before = registry.current();
        replace("jira.yaml", "  Blocked: ON_HOLD", "  Blocked: STUCK");

        MappingRegistry.ReloadResult result = registry.reload();

        assertThat(result.applied()).isFalse();
        assertThat(result.error()).get().extracting(MappingFileException::key).isEqualTo("statuses.Blocked");
        assertThat(result.inForce()).isSameAs(before);
        assertThat(registry.current()).isSameAs(before);
        assertThat(registry.current().jira().status("Blocked", null)).isEqualTo(CanonicalStatus.ON_HOLD);
    }

    @Test
    void reloadSwapsInChangedTeamsSlaAndTemplateFiles() throws IOException {
        copyShipped();
        copyShippedRuleFiles();
        MappingRegistry registry = new MappingRegistry(dir.toString());
        assertThat(registry.current().rules().slaPolicies().require("default").targetFor(Severity.SEV2))
                .contains(Duration.ofHours(24));
        replace("sla.yaml", "      SEV2: 24h\n      SEV3: 3d", "      SEV2: 12h\n      SEV3: 3d");
        replace("teams.yaml", "escalation-targets: { \"*\": APP-1 }",
                "escalation-targets: { \"*\": APP-1, website: WEB-1 }");
        replace("templates.yaml", "Investigate the cause", "Find the cause");

        MappingRegistry.ReloadResult result = registry.reload();

        assertThat(result.applied()).isTrue();
        assertThat(registry.current().rules().slaPolicies().require("default").targetFor(Severity.SEV2))
                .contains(Duration.ofHours(12));
        assertThat(registry.current().rules().teams().escalationTargetsOf("OPS-1"))
                .containsEntry("website", "WEB-1");
        assertThat(registry.current().rules().templates().select(Severity.SEV2, null).orElseThrow().tasks())
                .extracting(TaskTemplate::title).contains("Find the cause");
    }

    @Test
    void badRuleFileKeepsEveryFileInForceAndNamesFileKeyAndValue() throws IOException {
        copyShipped();
        copyShippedRuleFiles();
        MappingRegistry registry = new MappingRegistry(dir.toString());
        MappingSet before = registry.current();
        replace("jira.yaml", "  Blocked: ON_HOLD", "  Blocked: IN_PROGRESS");
        replace("teams.yaml", "escalation-targets: { \"*\": APP-1 }", "escalation-targets: { \"*\": APP-2 }");
        replace("sla.yaml", "      SEV2: 24h\n      SEV3: 3d", "      SEV2: soon\n      SEV3: 3d");

        MappingRegistry.ReloadResult result = registry.reload();

        assertThat(result.applied()).isFalse();
        MappingFileException error = result.error().orElseThrow();
        assertThat(error.file()).isEqualTo(dir.resolve("sla.yaml").toString());
        assertThat(error.key()).isEqualTo("policies.default.targets.SEV2");
        assertThat(error.value()).isEqualTo("soon");
        assertThat(error.getMessage()).startsWith(dir.resolve("sla.yaml") + ": policies.default.targets.SEV2 = 'soon'");
        assertThat(registry.current()).isSameAs(before);
        assertThat(registry.current().jira().status("Blocked", null)).isEqualTo(CanonicalStatus.ON_HOLD);
        assertThat(registry.current().rules().teams().escalationTargetsOf("OPS-1")).containsEntry("*", "APP-1");
        assertThat(registry.current().rules().slaPolicies().require("default").targetFor(Severity.SEV2))
                .contains(Duration.ofHours(24));
    }

    @Test
    void badTemplateFileIsRefusedOnReloadNamingItsKey() throws IOException {
        copyShipped();
        copyShippedRuleFiles();
        MappingRegistry registry = new MappingRegistry(dir.toString());
        replace("templates.yaml", "    severity: SEV2\n", "    severity: SEV9\n");

        MappingRegistry.ReloadResult result = registry.reload();

        assertThat(result.error()).get().satisfies(e -> {
            assertThat(e.file()).endsWith("templates.yaml");
            assertThat(e.key()).isEqualTo("templates[1].severity");
            assertThat(e.value()).isEqualTo("SEV9");
        });
        assertThat(registry.current().rules().templates().select(Severity.SEV2, null)).isPresent();
    }

    @Test
    void startsWithTheShippedFilesFromTheDefaultDirectory() {
        new ApplicationContextRunner()
                .withUserConfiguration(MappingRegistry.class)
                .run(started -> {
                    assertThat(started).hasNotFailed();
                    assertThat(started.getBean("mappingRegistry", MappingRegistry.class).directory())
                            .isEqualTo(Path.of("mappings"));
                });
    }

    @Test
    void brokenFileFailsStartUpNamingFileKeyAndValue() throws IOException {
        copyShipped();
        replace("deployments.yaml", "type: TESTING", "type: QA");

        new ApplicationContextRunner()
                .withUserConfiguration(MappingRegistry.class)
                .withPropertyValues("scrumops.mapping.directory=" + dir)
                .run(started -> assertThat(started).getFailure()
                        .hasRootCauseInstanceOf(MappingFileException.class)
                        .rootCause()
                        .hasMessageStartingWith(dir.resolve("deployments.yaml") + ": environments.rules[3].type = 'QA'"));
    }

    private void copyShipped() throws IOException {
        for (String name : List.of("jira.yaml", "servicenow.yaml", "deployments.yaml")) {
            Files.copy(Path.of("mappings", name), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private void copyShippedRuleFiles() throws IOException {
        for (String name : List.of("teams.yaml", "sla.yaml", "templates.yaml")) {
            Files.copy(Path.of("mappings", name), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private void replace(String name, String from, String to) throws IOException {
        String text = Files.readString(dir.resolve(name));
        assertThat(text).contains(from);
        Files.writeString(dir.resolve(name), text.replace(from, to));
    }
}
