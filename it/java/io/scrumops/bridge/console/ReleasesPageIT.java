package io.scrumops.bridge.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scrumops.bridge.gates.GateService;
import io.scrumops.bridge.model.CanonicalStatus;
import io.scrumops.bridge.model.FlowType;
import io.scrumops.bridge.model.Severity;
import io.scrumops.bridge.model.SourceRef;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.model.WorkItem;
import io.scrumops.bridge.model.WorkItemKind;
import io.scrumops.bridge.store.WorkItemRepository;
import io.scrumops.bridge.support.ConsoleBrowserTest;
import org.junit.jupiter.api.BeforeEach;
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

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The release manager's page in headless Chromium: the gate states it shows are those of the API, blocking items
 * link into Jira, a release manager signs a gate off from the page; over the API a viewer's sign-off is refused.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "scrumops.users-file=" + ConsoleBrowserTest.USERS_FILE,
        "scrumops.jira.base-url=https://jira.example.com",
        "scrumops.gates.schedule-delay-ms=3600000",
        "scrumops.rules.sprint-sync.enabled=false",
        "scrumops.rules.sla-sweep.enabled=false"})
class ReleasesPageIT extends ConsoleBrowserTest {

    static final String RELEASE = "jira:version:77001";
    static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    GateService gates;
    @Autowired
    WorkItemRepository workItems;
    @Autowired
    TestRestTemplate http;

    @BeforeEach
    void releaseWithABlockingDefect() {
        gates.importVersions("PAY", JSON.valueToTree(List.of(Map.of("id", "77001", "name", "2026.12",
                "releaseDate", "2099-12-20", "released", false, "archived", false))));
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        WorkItem defect = new WorkItem("jira:issue:77101", WorkItemKind.DEFECT, new SourceRef(SourceSystem.JIRA,
                "issue", "77101", "PAY-77", null, at.toEpochMilli(), at), "Refunds double-booked", null,
                CanonicalStatus.IN_PROGRESS, "In Progress", Severity.SEV2, "Major", FlowType.DEFECT, null, null, null,
                null, null, null, at, at, null, null, null);
        workItems.upsert(defect);
        gates.jiraIssueApplied(defect, JSON.valueToTree(Map.of("id", "77101", "key", "PAY-77", "fields", Map.of(
                "project", Map.of("key", "PAY"), "issuetype", Map.of("name", "Bug"),
                "fixVersions", List.of(Map.of("id", "77001", "name", "2026.12"))))), "dev");
    }

    @Test
    void thePageShowsTheGateStatesOfTheApiAndAReleaseManagerSignsOffFromIt() {
        signIn("rita", "release-password");
        open("/releases");
        waitFor(By.cssSelector("#timeline canvas"));

        Map<String, String> api = apiVerdicts();
        assertThat(api).containsEntry("sit-exit", "BLOCKED").containsEntry("uat-exit", "BLOCKED");
        assertThat(pageVerdicts()).isEqualTo(api);
        WebElement sitExit = gateRow("sit-exit");
        WebElement link = sitExit.findElement(By.cssSelector(".blocking a"));
        assertThat(link.getText()).isEqualTo("PAY-77");
        assertThat(link.getAttribute("href")).isEqualTo("https://jira.example.com/browse/PAY-77");
        screenshot("releases");

        WebElement uatExit = gateRow("uat-exit");
        uatExit.findElement(By.name("comment")).sendKeys("test completion report attached");
        uatExit.findElement(By.cssSelector("form.sign-off button")).click();
        waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".notice"), "signed off"));

        Map<String, String> afterSignOff = apiVerdicts();
        assertThat(pageVerdicts()).isEqualTo(afterSignOff);
        assertThat(gateRow("uat-exit").findElement(By.cssSelector(".signed")).getText())
                .contains("rita", "test completion report attached");
        screenshot("releases-signed-off");
    }

    @Test
    void overTheApiASignOffIsAcceptedForAReleaseManagerAndRefusedForAViewer() {
        String path = "/api/releases/" + RELEASE + "/gates/release-entry/sign-off";
        HttpEntity<Object> body = json(Map.of("comment", "ok"));

        assertThat(http.withBasicAuth("vera", "viewer-password").postForEntity(path, body, String.class)
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(http.withBasicAuth("vera", "viewer-password").exchange(path,
                org.springframework.http.HttpMethod.DELETE, body, String.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(http.withBasicAuth("rita", "release-password")
                .postForEntity("/api/releases/" + RELEASE + "/gates/uat-exit/sign-off", body, String.class)
                .getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(http.withBasicAuth("vera", "viewer-password").getForEntity("/api/releases/" + RELEASE, String.class)
                .getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    private WebElement gateRow(String gate) {
        return browser.findElement(By.cssSelector("section[data-release='" + RELEASE + "'] tr[data-gate='" + gate + "']"));
    }

    private Map<String, String> pageVerdicts() {
        Map<String, String> verdicts = new LinkedHashMap<>();
        for (WebElement row : browser.findElements(By.cssSelector("section[data-release='" + RELEASE + "'] tr.gate"))) {
            verdicts.put(row.getAttribute("data-gate"), row.findElement(By.cssSelector(".verdict")).getText());
        }
        return verdicts;
    }

    private Map<String, String> apiVerdicts() {
        Map<String, String> verdicts = new LinkedHashMap<>();
        JsonNode release = tree(http.withBasicAuth("vera", "viewer-password")
                .getForEntity("/api/releases/" + RELEASE, String.class).getBody());
        release.path("phases").forEach(p -> p.path("gates").forEach(g ->
                verdicts.put(g.path("id").asText(), g.path("verdict").asText())));
        return verdicts;
    }

    private static HttpEntity<Object> json(Object body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return new HttpEntity<>(body, headers);
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
