package io.scrumops.bridge.mapping;

import io.scrumops.bridge.model.CanonicalStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

    private void replace(String name, String from, String to) throws IOException {
        String text = Files.readString(dir.resolve(name));
        assertThat(text).contains(from);
        Files.writeString(dir.resolve(name), text.replace(from, to));
    }
}
