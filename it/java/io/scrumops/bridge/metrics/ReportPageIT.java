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

    @Test
    void viewerSeesTheApisFiguresAndOpensTheChangesBehindTheLeadTime() throws Exception {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        assertThat(http.withBasicAuth(ADMIN, ADMIN_PASSWORD).postForEntity("/api/import",
                new HttpEntity<>(JSON.writeValueAsString(DoraFixtures.devlakeCaseA()), headers), String.class)
                .getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode api = JSON.readTree(http.withBasicAuth("vera", "viewer-password")
                .getForObject("/api/metrics/dora?" + FILTER, String.class)).get("metrics");

        open("/report?" + FILTER);
        signIn("vera", "viewer-password");
        waitFor(By.id("dora-keys"));

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
        waitFor(By.cssSelector("#chart-trend canvas"));
        waitFor(By.cssSelector("#chart-lead canvas"));

        browser.findElement(By.id("figure-leadTime")).click();
        waitUntil(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#drill-table tbody tr"), 3));
        List<String> ids = browser.findElements(By.cssSelector("#drill-table tbody tr td:first-child")).stream()
                .map(WebElement::getText).toList();
        assertThat(ids).containsExactlyElementsOf(
                JSON.readerForListOf(String.class).readValue(api.get("leadTime").get("ids")));

        Path shot = screenshot("devlake-case-a");
        assertThat(Files.size(shot)).isPositive();
    }
}
