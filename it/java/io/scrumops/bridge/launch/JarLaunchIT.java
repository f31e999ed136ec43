package io.scrumops.bridge.launch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The built jar, started the way a newcomer starts it, from directories other than the repository. */
class JarLaunchIT {

    @Test
    void startsFromAnEmptyDirectoryWithTheMappingsShippedInTheJar(@TempDir Path empty) throws Exception {
        try (JarProcess jar = JarProcess.start(empty, Map.of())) {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                assertThat(jar.process.isAlive()).as("process alive; log:%n%s", jar.logText()).isTrue();
                String health = jar.health();
                return health != null && health.contains("\"UP\"");
            });
            assertThat(jar.logText()).contains("using the mapping files shipped in the jar");
            assertThat(empty.resolve("mappings")).doesNotExist();
        }
    }

    @Test
    void exportsTheShippedMappingFilesAndExits(@TempDir Path empty) throws Exception {
        try (JarProcess jar = JarProcess.start(empty, Map.of(), "--export-mappings=my-mappings")) {
            assertThat(jar.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(jar.process.exitValue()).isZero();
            assertThat(empty.resolve("my-mappings/jira.yaml")).isRegularFile();
            assertThat(empty.resolve("my-mappings/servicenow.yaml")).isRegularFile();
            assertThat(empty.resolve("my-mappings/deployments.yaml")).isRegularFile();
            assertThat(Files.readString(empty.resolve("my-mappings/jira.yaml")))
                    .isEqualTo(Files.readString(Path.of("mappings/jira.yaml")));
        }
    }

    @Test
    void mistypedSettingsEndTheStartNamingEachPropertyAndWhereItCameFrom(@TempDir Path dir) throws Exception {
        try (JarProcess jar = JarProcess.start(dir, Map.of("SCRUMOPS_JIRA_BASE_URL", "jira.example.com",
                "SCRUMOPS_JIRA_DEPLOYMENT", "SERVER"))) {
            assertThat(jar.process.waitFor(3, TimeUnit.MINUTES)).as("ended; log:%n%s", jar.logText()).isTrue();
            assertThat(jar.process.exitValue()).isNotZero();
            assertThat(jar.logText())
                    .contains("APPLICATION FAILED TO START")
                    .contains("Property: scrumops.jira.baseUrl")
                    .contains("Origin: System Environment Property \"SCRUMOPS_JIRA_BASE_URL\"")
                    .contains("Reason: must be an http or https address such as https://example.atlassian.net")
                    .contains("Property: scrumops.jira.deployment")
                    .contains("Reason: must be CLOUD or DATA_CENTER");
        }
    }

    @Test
    void aBrokenMappingFileEndsTheProcessNonZeroAndStopsEmbeddedPostgres(@TempDir Path dir) throws Exception {
        Path mappings = dir.resolve("mappings");
        Files.createDirectories(mappings);
        try (var files = Files.list(Path.of("mappings"))) {
            for (Path file : files.toList()) {
                Files.copy(file, mappings.resolve(file.getFileName()));
            }
        }
        Files.writeString(mappings.resolve("jira.yaml"),
                Files.readString(mappings.resolve("jira.yaml")) + "\nstatusez:\n  Done: DONE\n", StandardCharsets.UTF_8);
        try (JarProcess jar = JarProcess.start(dir, Map.of())) {
            // The 30 s count from the moment the failure is logged: on a build machine shared by many builds the JVM
            // alone can take that long to load a 250 MB jar (on an idle one the whole run takes about 10 s).
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            long failedAt = 0;
            while (jar.process.isAlive() && System.nanoTime() < deadline
                    && (failedAt == 0 || System.nanoTime() - failedAt < TimeUnit.SECONDS.toNanos(30))) {
                jar.noteDescendants();
                if (failedAt == 0 && jar.logText().contains("Application run failed")) {
                    failedAt = System.nanoTime();
                }
                Thread.sleep(500);
            }
            assertThat(jar.process.isAlive()).as("still running 30 s after its failure was logged; log:%n%s",
                    jar.logText()).isFalse();
            assertThat(jar.process.exitValue()).isNotZero();
            assertThat(jar.descendants).as("embedded PostgreSQL was seen running").isNotEmpty();
            // A process that has just ended may still be listed until its parent reaps it.
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(jar.descendants).noneMatch(ProcessHandle::isAlive));
            assertThat(dir.resolve("data/postgres/postmaster.pid")).doesNotExist();
            assertThat(String.join("\n", jar.lastLogLines(3)))
                    .contains("ScrumOps Bridge did not start").contains("jira.yaml").contains("statusez");
        }
    }
}
