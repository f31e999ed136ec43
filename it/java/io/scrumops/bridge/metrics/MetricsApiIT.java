package io.scrumops.bridge.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;

/** POST /api/import, the DORA, flow and stage endpoints, CSV and the refreshed gauges, through the running app. */
@DirtiesContext
@AutoConfigureObservability(tracing = false)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "scrumops.metrics.refresh-period-ms=1000", "scrumops.metrics.refresh-delay-ms=500"})
class MetricsApiIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    TestRestTemplate http;

    private TestRestTemplate admin() {
        return http.withBasicAuth("admin", "test-admin-password");
    }

    private ResponseEntity<String> post(String json) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return admin().postForEntity("/api/import", new HttpEntity<>(json, headers), String.class);
    }

    @Test
    void importedDevLakeCaseGivesDevLakesLeadTimeAndTheSameDocumentTwiceChangesNothing() throws Exception {
        String document = JSON.writeValueAsString(DoraFixtures.devlakeCaseA());

        ResponseEntity<String> first = post(document);
        ResponseEntity<String> second = post(document);

        assertThat(first.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(JSON.readTree(second.getBody()).get("changed").toString())
                .isEqualTo("{\"scopes\":0,\"deployments\":0,\"changes\":0,\"incidents\":0}");
        JsonNode report = JSON.readTree(admin().getForObject(
                "/api/metrics/dora?project=project1&from=2023-04-01&to=2023-04-30&profile=devlake", String.class));
        JsonNode lead = report.get("metrics").get("leadTime");
        assertThat(lead.get("value").asDouble()).isEqualTo(4478.0);
        assertThat(lead.get("unit").asText()).isEqualTo("minutes");
        assertThat(lead.get("sampleSize").asInt()).isEqualTo(3);
        assertThat(lead.get("bands").get("2023").get("level").asText()).isEqualTo("HIGH");
        assertThat(lead.get("ids").toString()).isEqualTo("[\"pr1\",\"pr2\",\"pr3\"]");

        HttpHeaders csv = new HttpHeaders();
        csv.setAccept(List.of(MediaType.parseMediaType("text/csv")));
        ResponseEntity<String> table = admin().exchange(
                "/api/metrics/dora?project=project1&from=2023-04-01&to=2023-04-30&profile=devlake", HttpMethod.GET,
                new HttpEntity<>(csv), String.class);
        assertThat(table.getHeaders().getContentType().toString()).startsWith("text/csv");
        assertThat(table.getBody()).contains("leadTime,4478.0,minutes,3,high,high\n");
    }

    @Test
    void anInvalidDocumentIsRefusedWholeWithTheJsonPathOfEachError() throws Exception {
        ResponseEntity<String> refused = post("""
                {"deployments": [{"id": "x1", "environment": "production", "result": "SUCCESS",
                                  "finishedAt": "2024-01-01T00:00:00Z"},
                                 {"id": "x2", "result": "MAYBE"}],
                 "incidents": [{"id": "x-inc", "createdAt": "yesterday"}]}""");

        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        JsonNode errors = JSON.readTree(refused.getBody()).get("errors");
        assertThat(errors.findValuesAsText("path"))
                .containsExactlyInAnyOrder("$.deployments[1].result", "$.incidents[0].createdAt");
        JsonNode frequency = JSON.readTree(admin().getForObject(
                "/api/metrics/dora?from=2024-01-01&to=2024-01-01", String.class)).get("metrics").get("deploymentFrequency");
        assertThat(frequency.get("sampleSize").asInt()).isZero();
    }

    @Test
    void flowAndStagesAnswerAsJsonAndCsv() throws Exception {
        JsonNode flow = JSON.readTree(admin().getForObject(
                "/api/metrics/flow?from=2024-01-01&to=2024-03-31&granularity=month", String.class));
        assertThat(flow.get("trend")).hasSize(3);
        assertThat(flow.get("window").get(0).get("flowType").asText()).isEqualTo("ALL");

        HttpHeaders csv = new HttpHeaders();
        csv.setAccept(List.of(MediaType.parseMediaType("text/csv")));
        ResponseEntity<String> stages = admin().exchange("/api/metrics/stages?from=2024-01-01&to=2024-03-31",
                HttpMethod.GET, new HttpEntity<>(csv), String.class);
        assertThat(stages.getBody()).startsWith("value_stream,stage,items,active_hours,waiting_hours,total_hours,waiting_share\n");
    }

    @Test
    void anUnknownProfileIsABadRequest() {
        assertThat(admin().getForEntity("/api/metrics/dora?profile=fourkeys", String.class).getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);
    }

    @Test
    void gaugesPerProjectAppearOnThePrometheusEndpointAfterARefresh() throws Exception {
        post(JSON.writeValueAsString(DoraFixtures.devlakeCaseA()));

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(admin().getForObject("/actuator/prometheus", String.class))
                        .contains("scrumops_dora_deployments{project=\"project1\",team=\"\"}"));
    }
}
