package io.scrumops.bridge.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scrumops.bridge.support.ConsoleBrowserTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sandbox as the README's run command starts it: the bridge's real code paths against the Jira and ServiceNow
 * stand-ins, driven by the day generator. Everything is read from the stand-ins' state, as a user would see it in
 * their Jira and ServiceNow.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"scrumops.sandbox=true", "scrumops.sandbox.tick=PT2S"})
class SandboxIT extends ConsoleBrowserTest {

    private static final String JIRA_BOT = "scrumops-bot";
    private static final String SERVICENOW_BOT = "scrumops.bridge";
    private static final Duration BOUND = Duration.ofSeconds(150);

    @Autowired
    JiraStandIn jira;
    @Autowired
    ServiceNowStandIn serviceNow;
    @Autowired
    TestRestTemplate http;

    @Test
    void incidentsBecomeWorkPackagesCommentsCrossBothWaysAndOneIsEscalated() {
        try {
            reachesEveryMarker();
        } catch (AssertionError | RuntimeException e) {
            jira.issues().forEach(issue -> System.out.println("jira " + issue.path("key").asText() + " "
                    + issue.path("fields").path("status").path("name").asText() + " " + labels(issue) + " comments: "
                    + jira.comments(issue.path("id").asText()).stream()
                    .map(c -> c.path("author").path("accountId").asText()).toList()));
            serviceNow.records("incident").forEach(record -> System.out.println("servicenow "
                    + record.path("number").asText() + " state " + record.path("state").asText() + " journal by "
                    + serviceNow.journal(record.path("sys_id").asText()).stream()
                    .map(row -> row.path("sys_created_by").asText()).toList()));
            throw e;
        }
    }

    private void reachesEveryMarker() {
        long started = System.nanoTime();
        await("incidents became Jira work packages").atMost(BOUND).pollInterval(Duration.ofSeconds(1))
                .until(() -> workPackages().size() >= 3);
        await("a Jira comment reached ServiceNow as a journal entry written by the bridge").atMost(BOUND)
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> anyJournal(row -> SERVICENOW_BOT.equals(row.path("sys_created_by").asText())
                        && row.path("value").asText().contains("Reproduced on staging")));
        await("a ServiceNow journal entry reached Jira as a comment written by the bridge").atMost(BOUND)
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> anyComment(comment -> JIRA_BOT.equals(comment.path("author").path("accountId").asText())
                        && (comment.path("body").asText().contains("Caller confirmed the problem")
                        || comment.path("body").asText().contains("We are working on it"))));
        await("a work package was escalated to level 2 at the application team").atMost(BOUND)
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> jira.issues().stream().anyMatch(issue -> hasLabel(issue, "escalation-L2")
                        && issue.path("key").asText().startsWith("APP-")));
        System.out.printf("sandbox: all markers reached %d s after the context was up%n",
                Duration.ofNanos(System.nanoTime() - started).toSeconds());

        // nothing more than one work package per incident at the service desk (an escalated level carries the
        // incident's label too), however often the poller and the webhooks saw it
        Map<String, Long> perIncident = workPackages().stream().filter(issue -> !hasLabel(issue, "escalated"))
                .flatMap(issue -> labels(issue).stream())
                .filter(label -> label.startsWith("scrumops-servicenow-incident-"))
                .collect(Collectors.groupingBy(label -> label, Collectors.counting()));
        assertThat(perIncident).isNotEmpty().allSatisfy((label, count) -> assertThat(count).as(label).isEqualTo(1L));

        // the sandbox is labelled on the API the pages use, and the admin signs in with the sandbox password
        assertThat(http.withBasicAuth("admin", "test-admin-password").getForEntity("/api/sla", String.class)
                .getStatusCode().is2xxSuccessful()).isTrue();
    }

    @Test
    void anSlaWarningIsAnnouncedInJira() {
        // the sandbox's SEV1 target is 4 minutes: its first warning comes 2 minutes after a package is created
        await("an SLA warning was announced in Jira").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                .until(() -> jira.issues().stream().anyMatch(issue -> hasLabel(issue, "sla-at-risk")));
    }

    @Test
    void theReportFillsFromTheSeededHistoryReleasesHaveGatesAndEveryPageSaysItIsASandbox() throws Exception {
        ObjectMapper json = new ObjectMapper();
        await("the DORA figures count the seeded deployments and the lead time of their pushed commits")
                .atMost(BOUND).pollInterval(Duration.ofSeconds(2))
                .until(() -> {
                    JsonNode metrics = json.readTree(http.withBasicAuth(ADMIN, ADMIN_PASSWORD)
                            .getForObject("/api/metrics/dora?profile=default", String.class)).path("metrics");
                    return metrics.path("deploymentFrequency").path("sampleSize").asLong() > 0
                            && metrics.path("leadTime").path("sampleSize").asLong() > 0;
                });
        // the seeded commits are 2 to 71 hours older than the deployment that shipped them
        double leadTimeMinutes = json.readTree(http.withBasicAuth(ADMIN, ADMIN_PASSWORD)
                        .getForObject("/api/metrics/dora?profile=default", String.class))
                .path("metrics").path("leadTime").path("value").asDouble();
        assertThat(leadTimeMinutes).isBetween(120.0, 71 * 60.0);

        await("the application team's version became a release with gates").atMost(BOUND)
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> json.readTree(http.withBasicAuth(ADMIN, ADMIN_PASSWORD)
                        .getForObject("/api/releases", String.class)).toString().contains("Product A app 4."));

        // the gates' verdicts reached the Jira version's description: the UAT exit waits for its sign-off
        await("the release's gate verdicts were written back to its Jira version").atMost(BOUND)
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> jira.openVersions("APP").stream().map(v -> v.path("description").asText())
                        .anyMatch(d -> d.startsWith("--- ScrumOps gates ---")
                                && d.contains("uat-exit: BLOCKED - Test completion report signed off: not signed off")));

        signInAsAdmin();
        for (String page : List.of("/", "/report", "/releases", "/items")) {
            open(page);
            assertThat(waitFor(By.cssSelector(".banner.sandbox")).getText()).containsIgnoringCase("sandbox");
            screenshot(page.equals("/") ? "home" : page.substring(1));
        }
        open("/report");
        assertThat(waitFor(By.id("dora-keys")).getText()).isNotBlank();
        screenshot("report");
        open("/releases");
        assertThat(waitFor(By.cssSelector("section.release")).getText()).contains("Product A app 4.");
        screenshot("releases");
    }

    private List<ObjectNode> workPackages() {
        return jira.issues().stream()
                .filter(issue -> "Work Package".equals(issue.path("fields").path("issuetype").path("name").asText()))
                .filter(issue -> labels(issue).stream().anyMatch(l -> l.startsWith("scrumops-servicenow-incident-")))
                .toList();
    }

    private boolean anyJournal(Predicate<JsonNode> wanted) {
        return serviceNow.records("incident").stream()
                .flatMap(record -> serviceNow.journal(record.path("sys_id").asText()).stream()).anyMatch(wanted);
    }

    private boolean anyComment(Predicate<JsonNode> wanted) {
        return jira.issues().stream().flatMap(issue -> jira.comments(issue.path("id").asText()).stream())
                .anyMatch(wanted);
    }

    private static boolean hasLabel(JsonNode issue, String label) {
        return labels(issue).contains(label);
    }

    private static List<String> labels(JsonNode issue) {
        return java.util.stream.StreamSupport.stream(issue.path("fields").path("labels").spliterator(), false)
                .map(JsonNode::asText).toList();
    }
}
