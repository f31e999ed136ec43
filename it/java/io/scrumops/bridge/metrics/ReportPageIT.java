package io.scrumops.bridge.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scrumops.bridge.support.ConsoleBrowserTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;

/** The leaders' report in headless Chromium, signed in as a viewer: its figures against the API's, and a drill-down. */
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "scrumops.users-file=" + ConsoleBrowserTest.USERS_FILE})
class ReportPageIT extends ConsoleBrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FILTER = "project=project1&from=2023-04-01&to=2023-04-30&profile=devlake";

    @Autowired
    TestRestTemplate http;
    @Autowired
    javax.sql.DataSource dataSource;
    @Autowired
    FlowAggregates flowAggregates;

    /** Story A (To Do, In Progress, Code Review, Blocked, Done) and defect B (still in progress) of team-a, April 2023. */
    private void twoItemsWithHistory() {
        var jdbc = org.springframework.jdbc.core.simple.JdbcClient.create(dataSource);
        jdbc.sql("""
                insert into work_item (id, kind, source_system, status, status_category, flow_type, team, created_at,
                                       resolved_at, payload)
                values ('jira:issue:A', 'STORY', 'JIRA', 'DONE', 'DONE', 'FEATURE', 'team-a', '2023-04-03T00:00:00Z',
                        '2023-04-08T00:00:00Z', '{}'),
                       ('jira:issue:B', 'DEFECT', 'JIRA', 'IN_PROGRESS', 'IN_PROGRESS', 'DEFECT', 'team-a',
                        '2023-04-10T00:00:00Z', null, '{}')""").update();
        jdbc.sql("""
                insert into status_change (work_item_id, to_status, source_to, changed_at, payload)
                values ('jira:issue:A', 'NEW', 'To Do', '2023-04-03T00:00:00Z', '{}'),
                       ('jira:issue:A', 'IN_PROGRESS', 'In Progress', '2023-04-04T00:00:00Z', '{}'),
                       ('jira:issue:A', 'IN_REVIEW', 'Code Review', '2023-04-06T00:00:00Z', '{}'),
                       ('jira:issue:A', 'ON_HOLD', 'Blocked', '2023-04-07T00:00:00Z', '{}'),
                       ('jira:issue:A', 'DONE', 'Done', '2023-04-08T00:00:00Z', '{}'),
                       ('jira:issue:B', 'NEW', 'To Do', '2023-04-10T00:00:00Z', '{}'),
                       ('jira:issue:B', 'IN_PROGRESS', 'In Progress', '2023-04-10T12:00:00Z', '{}')""").update();
        jdbc.sql("insert into metric_scope (project, scope) values ('project1', 'team-a')").update();
        flowAggregates.refresh();
    }

    @Test
    void viewerSeesTheApisFiguresAndOpensTheChangesBehindTheLeadTime() throws Exception {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        assertThat(http.withBasicAuth(ADMIN, ADMIN_PASSWORD).postForEntity("/api/import",
                new HttpEntity<>(JSON.writeValueAsString(DoraFixtures.devlakeCaseA()), headers), String.class)
                .getStatusCode()).isEqualTo(HttpStatus.OK);
        twoItemsWithHistory();
        JsonNode api = JSON.readTree(http.withBasicAuth("vera", "viewer-password")
                .getForObject("/api/metrics/dora?" + FILTER, String.class)).get("metrics");

        JsonNode flowApi = JSON.readTree(http.withBasicAuth("vera", "viewer-password")
                .getForObject("/api/metrics/flow?" + FILTER, String.class)).get("window");
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 2300));
        open("/report?" + FILTER);
        signIn("vera", "viewer-password");
        waitFor(By.id("dora-keys"));
        for (JsonNode type : flowApi) {
            WebElement row = browser.findElement(By.cssSelector("#flow-table tr[data-flow-type='" + type.get("flowType").asText() + "']"));
            assertThat(row.getAttribute("data-velocity")).isEqualTo(type.get("velocity").asText());
        }
        assertThat(flowApi.get(0).get("velocity").asInt()).isEqualTo(1);
        assertThat(browser.findElements(By.cssSelector("#stage-table tr[data-stage]"))).hasSize(3);

        for (String metric : List.of("deploymentFrequency", "leadTime", "changeFailureRate", "timeToRestore")) {
            WebElement card = browser.findElement(By.id("figure-" + metric));
            assertThat(card.getAttribute("data-sample")).as(metric).isEqualTo(api.get(metric).get("sampleSize").asText());
            JsonNode value = api.get(metric).get("value");
            if (value.isNull()) {
                assertThat(card.getAttribute("data-value")).as(metric).isNullOrEmpty();
            } else {
                assertThat(Double.parseDouble(card.getAttribute("data-value"))).as(metric).isEqualTo(value.asDouble());
            }
        }
        assertThat(browser.findElement(By.cssSelector("#figure-leadTime .value")).getText()).isEqualTo("74.6 h");
        assertThat(browser.findElement(By.cssSelector("#figure-leadTime .band")).getText()).isEqualTo("high");
        // DevLake's deployment frequency is the lower median of April's five Monday weeks (0, 0, 2, 0, 0): the card says so
        assertThat(browser.findElement(By.cssSelector("#figure-deploymentFrequency .value")).getText())
                .isEqualTo("0.0 days/week");
        assertThat(browser.findElement(By.cssSelector("#figure-deploymentFrequency .convention")).getText())
                .isEqualTo("lower median of deployment days per week, DevLake (5 Monday weeks, empty ones as 0)");
        assertThat(browser.findElement(By.cssSelector("#figure-leadTime .convention")).getText())
                .isEqualTo("lower median per merged pull request, first commit to first production deployment, DevLake");
        waitFor(By.cssSelector("#chart-trend canvas"));
        waitFor(By.cssSelector("#chart-lead canvas"));
        waitFor(By.cssSelector("#chart-stages canvas"));
        Thread.sleep(1500); // let ECharts finish its opening animation before the picture
        screenshot("report");

        browser.findElement(By.id("figure-leadTime")).click();
        waitUntil(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#drill-table tbody tr"), 3));
        List<String> ids = browser.findElements(By.cssSelector("#drill-table tbody tr td:first-child")).stream()
                .map(WebElement::getText).toList();
        assertThat(ids).containsExactlyElementsOf(
                JSON.readerForListOf(String.class).readValue(api.get("leadTime").get("ids")));
        // times read as on the server-rendered pages, in the page's zone (UTC here), not as raw ISO instants
        List<String> times = browser.findElements(By.cssSelector("#drill-table tbody tr td:nth-child(2)")).stream()
                .map(WebElement::getText).toList();
        assertThat(times).contains("2023-04-13 07:29:14")
                .allMatch(t -> t.matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}"));

        Path shot = screenshot("drill-down");
        assertThat(Files.size(shot)).isPositive();
    }
}
