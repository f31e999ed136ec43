package io.scrumops.bridge.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** docker/: the compose file is valid, the image checks its health, Grafana finds its data source and dashboards. */
class DockerFilesTest {

    private static final Path DOCKER = Path.of("docker");

    @Test
    void composeFileIsAcceptedByDockerComposeWhereTheClientHasIt() throws Exception {
        assumeTrue(run(List.of("docker", "compose", "version")).exit == 0, "no docker compose client here");
        Result config = run(List.of("docker", "compose", "-f", DOCKER.resolve("compose.yaml").toString(), "config",
                "--quiet"));
        assertThat(config.exit).as(config.output).isZero();
    }

    @Test
    void imageDeclaresAHealthCheckOnTheActuator() throws IOException {
        String dockerfile = Files.readString(DOCKER.resolve("Dockerfile"));
        assertThat(dockerfile).containsPattern("(?m)^HEALTHCHECK .*").contains("/actuator/health");
    }

    @Test
    void grafanaIsProvisionedWithThePrometheusDataSourceAndThreeDashboardsUsingIt() throws IOException {
        JsonNode compose = new YAMLMapper().readTree(DOCKER.resolve("compose.yaml").toFile());
        assertThat(compose.path("services").path("grafana").path("volumes").toString())
                .contains("./grafana/provisioning:/etc/grafana/provisioning")
                .contains("./grafana/dashboards:/var/lib/grafana/dashboards/scrumops");
        JsonNode sources = new YAMLMapper().readTree(
                DOCKER.resolve("grafana/provisioning/datasources/prometheus.yaml").toFile()).path("datasources");
        assertThat(sources.get(0).path("type").asText()).isEqualTo("prometheus");
        assertThat(sources.get(0).path("uid").asText()).isEqualTo("prometheus");
        assertThat(sources.get(0).path("url").asText()).isEqualTo("http://prometheus:9090");
        JsonNode provider = new YAMLMapper().readTree(
                DOCKER.resolve("grafana/provisioning/dashboards/scrumops.yaml").toFile()).path("providers").get(0);
        assertThat(provider.path("options").path("path").asText()).isEqualTo("/var/lib/grafana/dashboards/scrumops");

        List<String> titles = new ArrayList<>();
        for (String name : List.of("sync-health", "dora", "flow")) {
            JsonNode board = new ObjectMapper().readTree(DOCKER.resolve("grafana/dashboards/" + name + ".json").toFile());
            titles.add(board.path("title").asText());
            assertThat(board.path("panels")).isNotEmpty();
            for (JsonNode panel : board.path("panels")) {
                assertThat(panel.path("datasource").path("uid").asText()).as(name + ": " + panel.path("title"))
                        .isEqualTo("prometheus");
                assertThat(panel.path("targets").get(0).path("expr").asText()).as(name).contains("scrumops_");
            }
        }
        assertThat(titles).containsExactly("ScrumOps: sync health", "ScrumOps: DORA", "ScrumOps: flow");
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("POSTGRES_PASSWORD", "compose-check");
        builder.environment().put("SCRUMOPS_ADMIN_PASSWORD", "compose-check");
        builder.environment().put("GRAFANA_ADMIN_PASSWORD", "compose-check");
        Process process;
        try {
            process = builder.start();
        } catch (IOException noDocker) {
            return new Result(-1, noDocker.toString());
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Result(-1, "timed out: " + output);
        }
        return new Result(process.exitValue(), output);
    }
}
