package io.scrumops.bridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/** The backfill benchmark's ServiceNow pages follow the Table API's query, limit and offset as the bridge asks. */
class BackfillBenchmarkPagesTest {

    private final WireMockServer remote = new WireMockServer(options().dynamicPort()
            .extensions(new BackfillBenchmark.Pages(0, 10)));

    @AfterEach
    void stop() {
        remote.stop();
    }

    @Test
    void incidentsOfTheGroupArePagedByOffsetAndLimitFromTheUpdatedWatermark() throws Exception {
        remote.start();
        remote.stubFor(any(anyUrl()).willReturn(new ResponseDefinitionBuilder()
                .withTransformers(BackfillBenchmark.Pages.NAME)));

        assertThat(numbers("assignment_group=grp-bulk^ORDERBYsys_updated_on", 3, 0))
                .containsExactly("INC7000000", "INC7000001", "INC7000002");
        assertThat(numbers("assignment_group=grp-bulk^ORDERBYsys_updated_on", 3, 9)).containsExactly("INC7000009");
        // incident i was updated at BASE + i/2 s: from BASE + 2 s on, incidents 4 and up
        assertThat(numbers("assignment_group=grp-bulk^sys_updated_on>=2024-01-01 00:00:02^ORDERBYsys_updated_on",
                2, 1)).containsExactly("INC7000005", "INC7000006");
        assertThat(numbers("assignment_group=grp-other^ORDERBYsys_updated_on", 3, 0)).isEmpty();
    }

    private List<String> numbers(String query, int limit, int offset) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                remote.baseUrl() + "/api/now/v1/table/incident?sysparm_query="
                        + URLEncoder.encode(query, StandardCharsets.UTF_8) + "&sysparm_limit=" + limit
                        + "&sysparm_offset=" + offset)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        List<String> numbers = new ArrayList<>();
        for (JsonNode record : new ObjectMapper().readTree(answer.body()).path("result")) {
            numbers.add(record.path("number").asText());
        }
        return numbers;
    }
}
