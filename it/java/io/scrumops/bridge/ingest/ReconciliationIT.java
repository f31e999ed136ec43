package io.scrumops.bridge.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.scrumops.bridge.adapter.jira.JiraRestReader;
import io.scrumops.bridge.model.CanonicalStatus;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.model.WorkItem;
import io.scrumops.bridge.store.WatermarkRepository;
import io.scrumops.bridge.store.WorkItemRepository;
import io.scrumops.bridge.support.BridgeIt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.annotation.DirtiesContext;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "scrumops.jira.deployment=DATA_CENTER",
        BridgeIt.JIRA_USER, BridgeIt.JIRA_TOKEN,
        "scrumops.jira.reconcile.period-ms=3600000",
        "scrumops.jira.reconcile.page-size=2",
        BridgeIt.SERVICENOW_USER, BridgeIt.SERVICENOW_PASSWORD,
        "scrumops.servicenow.poll.period-ms=3600000",
        "scrumops.servicenow.poll.page-size=2",
        "scrumops.servicenow.poll.rate-limited-pause=PT1S",
        "scrumops.servicenow.poll.tables=incident"})
class ReconciliationIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final ServiceNowTableDouble TABLES = new ServiceNowTableDouble();
    static final BridgeIt.Remotes REMOTES = BridgeIt.remotes(TABLES);
    static final WireMockServer JIRA = REMOTES.jira();
    static final WireMockServer SERVICENOW = REMOTES.serviceNow();

    @DynamicPropertySource
    static void remotes(DynamicPropertyRegistry registry) {
        REMOTES.wire(registry);
    }

    @AfterAll
    static void stopRemotes() {
        REMOTES.stop();
    }

    @Autowired
    TestRestTemplate http;
    @Autowired
    WorkItemRepository workItems;
    @Autowired
    WatermarkRepository watermarks;
    @Autowired
    JiraRestReader jiraReader;
    @Autowired
    JiraReconciler jiraReconciler;
    @Autowired
    ServiceNowPoller serviceNowPoller;
    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    @BeforeEach
    void resetRemotes() {
        // a 429 met by an earlier test (a poll or a backfill) holds ServiceNow reads back for a second or three
        await().atMost(Duration.ofSeconds(60)).until(() -> serviceNowPoller.pausedUntil().isEmpty());
        JIRA.resetAll();
        SERVICENOW.resetAll();
        TABLES.clear();
        TABLES.serveOn(SERVICENOW, "bridge", BridgeIt.SERVICENOW_SECRET);
    }

    @Test
    void dataCenterSearchPagesUntilAnEmptyPageAndWaitsOutA429() {
        JIRA.stubFor(search("DCP", "0").inScenario("slow down").whenScenarioStateIs("Started")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1"))
                .willSetStateTo("served"));
        JIRA.stubFor(search("DCP", "0").inScenario("slow down").whenScenarioStateIs("served")
                .willReturn(okJson(offsetPage(0, 1, issue("81001", "DCP-1", "Open"), issue("81002", "DCP-2", "Open")))));
        JIRA.stubFor(search("DCP", "2").willReturn(okJson(offsetPage(2, 1, issue("81003", "DCP-3", "In Progress")))));
        JIRA.stubFor(search("DCP", "3").willReturn(okJson(offsetPage(3, 1))));

        var started = admin().postForEntity("/api/backfill?source=jira&project=DCP", null, Map.class);
        assertThat(started.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        Map<?, ?> done = awaitBackfill((String) started.getBody().get("id"));

        assertThat(done.get("state")).as("backfill error: %s", done.get("error")).isEqualTo("DONE");
        assertThat(done.get("pages")).isEqualTo(2);
        assertThat(done.get("records")).isEqualTo(3);
        awaitItem("jira:issue:81001");
        awaitItem("jira:issue:81002");
        assertThat(awaitItem("jira:issue:81003").status()).isEqualTo(CanonicalStatus.IN_PROGRESS);
        JIRA.verify(4, getRequestedFor(urlPathEqualTo("/rest/api/2/search"))
                .withHeader("Authorization", equalTo("Basic " + java.util.Base64.getEncoder().encodeToString(
                        ("bridge:" + BridgeIt.JIRA_SECRET).getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                .withQueryParam("expand", equalTo("changelog")));
    }

    @Test
    void cloudSearchFollowsNextPageTokenUntilIsLast() {
        JIRA.stubFor(get(urlPathEqualTo("/rest/api/3/search/jql")).withQueryParam("jql", containing("CLP"))
                .withQueryParam("nextPageToken", absent())
                .willReturn(okJson(tokenPage("page-2", false, issue("82001", "CLP-1", "Open"), issue("82002", "CLP-2", "Done")))));
        JIRA.stubFor(get(urlPathEqualTo("/rest/api/3/search/jql")).withQueryParam("jql", containing("CLP"))
                .withQueryParam("nextPageToken", equalTo("page-2"))
                .willReturn(okJson(tokenPage(null, true, issue("82003", "CLP-3", "Open")))));

        List<String> keys = new ArrayList<>();
        var result = jiraReader.search(JiraRestReader.SearchApi.CLOUD, "project = CLP", issue -> {
            keys.add(issue.get("key").asText());
            jiraReconciler.feedIssue(issue);
        }, (pages, issues) -> { });

        assertThat(result.pages()).isEqualTo(2);
        assertThat(keys).containsExactly("CLP-1", "CLP-2", "CLP-3");
        assertThat(awaitItem("jira:issue:82002").status()).isEqualTo(CanonicalStatus.DONE);
        awaitItem("jira:issue:82003");
    }

    @Test
    void issueIsReadWithItsChangelogAndADeletedIssueReadsAsAbsent() {
        JIRA.stubFor(get(urlPathEqualTo("/rest/api/2/issue/DCP-9")).withQueryParam("expand", equalTo("changelog"))
                .willReturn(okJson(issue("81009", "DCP-9", "Open").toString())));
        JIRA.stubFor(get(urlPathEqualTo("/rest/api/2/issue/DCP-404"))
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json")
                        .withBody(fixture("jira/error-404-issue-not-found.json"))));

        assertThat(jiraReader.issue("DCP-9")).hasValueSatisfying(i -> assertThat(i.get("id").asText()).isEqualTo("81009"));
        assertThat(jiraReader.issue("DCP-404")).isEmpty();
    }

    @Test
    void missedWebhookIsRecoveredByReconciliation() {
        ObjectNode before = issue("83001", "REC-1", "Open", "2026-03-01T10:00:00.000+0000");
        ObjectNode webhook = JSON.createObjectNode().put("webhookEvent", "jira:issue_updated")
                .put("timestamp", 1772359200000L);
        webhook.set("issue", before);
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        assertThat(admin().postForEntity("/webhooks/jira", new HttpEntity<>(webhook.toString(), headers), String.class)
                .getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        await().atMost(Duration.ofSeconds(30)).until(() -> workItems.findById("jira:issue:83001").isPresent());

        // the transition to Done happened in Jira, but its webhook never arrived
        ObjectNode after = issue("83001", "REC-1", "Done", "2026-03-01T11:30:00.000+0000");
        JIRA.stubFor(sweep("0").willReturn(okJson(offsetPage(0, 1, after))));
        JIRA.stubFor(sweep("1").willReturn(okJson(offsetPage(1, 1))));

        Counting first = new Counting();
        jiraReconciler.sweep(first);
        assertThat(first.accepted.get()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> workItems.findById("jira:issue:83001")
                .map(WorkItem::status).filter(s -> s == CanonicalStatus.DONE).isPresent());
        assertThat(watermarks.get("jira.reconcile")).isPresent();

        Counting second = new Counting();
        jiraReconciler.sweep(second);
        assertThat(second.duplicates.get()).as("an unchanged issue read again is recognised").isEqualTo(1);
        assertThat(second.accepted.get()).isZero();
    }

    @Test
    void issueDeletedInJiraIsMarkedDeletedByTheNextProjectBackfill() {
        JIRA.stubFor(search("DEL", "0").willReturn(okJson(offsetPage(0, 2, issue("84001", "DEL-1", "Open"),
                issue("84002", "DEL-2", "Open")))));
        JIRA.stubFor(search("DEL", "2").willReturn(okJson(offsetPage(2, 2))));
        assertThat(awaitBackfill(startJiraBackfill("DEL")).get("state")).isEqualTo("DONE");
        awaitItem("jira:issue:84002");

        JIRA.resetAll();
        JIRA.stubFor(search("DEL", "0").willReturn(okJson(offsetPage(0, 1, issue("84001", "DEL-1", "Open")))));
        JIRA.stubFor(search("DEL", "1").willReturn(okJson(offsetPage(1, 1))));
        JIRA.stubFor(get(urlPathEqualTo("/rest/api/2/issue/84002")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withBody(fixture("jira/error-404-issue-not-found.json"))));
        assertThat(awaitBackfill(startJiraBackfill("DEL")).get("state")).isEqualTo("DONE");

        await().atMost(Duration.ofSeconds(30)).until(() -> workItems.findById("jira:issue:84002")
                .filter(i -> i.labels().contains("deleted-in-source")).isPresent());
        assertThat(workItems.findById("jira:issue:84002").orElseThrow().status()).isEqualTo(CanonicalStatus.CANCELLED);
        assertThat(workItems.findById("jira:issue:84001").orElseThrow().labels()).doesNotContain("deleted-in-source");
    }

    private String startJiraBackfill(String project) {
        var started = admin().postForEntity("/api/backfill?source=jira&project=" + project, null, Map.class);
        assertThat(started.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        return (String) started.getBody().get("id");
    }

    @Test
    void serviceNowPagingAcrossEqualTimestampsLosesNoRecordAndStoresNoneTwice() {
        TABLES.put("incident", incident("a1", "INC9000001", "2026-04-01 08:00:00", 0, null));
        for (String id : List.of("b1", "b2", "b3", "b4")) {
            TABLES.put("incident", incident(id, "INC90000" + id.charAt(1) + "2", "2026-04-01 08:00:05", 0, null));
        }
        TABLES.put("incident", incident("c1", "INC9000003", "2026-04-01 08:00:09", 0, null));
        watermarks.set("servicenow.poll.incident", "2026-04-01 00:00:00");

        Counting first = new Counting();
        var result = serviceNowPoller.pollTable("incident", first);
        assertThat(first.accepted.get()).isEqualTo(6);
        assertThat(first.duplicates.get()).isZero();
        assertThat(result.last().updatedOn()).isEqualTo("2026-04-01 08:00:09");
        for (String number : List.of("INC9000001", "INC9000012", "INC9000022", "INC9000032", "INC9000042", "INC9000003")) {
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    workItems.findBySourceKey(SourceSystem.SERVICENOW, number).isPresent());
        }

        Counting again = new Counting();
        serviceNowPoller.pollTable("incident", again);
        assertThat(again.accepted.get()).as("the boundary second is read again, and dropped as held").isZero();
        assertThat(again.duplicates.get()).isEqualTo(1);

        TABLES.put("incident", incident("b2", "INC9000022", "2026-04-01 08:01:00", 1, null));
        Counting changed = new Counting();
        serviceNowPoller.pollTable("incident", changed);
        assertThat(changed.accepted.get()).isEqualTo(1);
        assertThat(watermarks.get("servicenow.poll.incident")).hasValue("2026-04-01 08:01:00");
    }

    @Test
    void serviceNowPollAnswered429StopsBacksOffAndResumesWithoutLosingOrDoublingRecords() {
        List<String> ids = List.of("r4001", "r4002", "r4003", "r4004", "r4005");
        for (int i = 0; i < ids.size(); i++) {
            TABLES.put("incident", incident(ids.get(i), "INC940000" + (i + 1), "2026-05-01 08:00:0" + (i + 1), 0, null));
        }
        watermarks.set("servicenow.poll.incident", "2026-05-01 00:00:00");
        SERVICENOW.stubFor(get(urlPathEqualTo("/api/now/v1/table/incident")).atPriority(1)
                .withQueryParam("sysparm_query", containing("sys_updated_on>=2026-05-01 08:00:02"))
                .inScenario("rate limit").whenScenarioStateIs("Started").willSetStateTo("limited once")
                .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                        .withHeader("Retry-After", "1")
                        .withBody("{\"error\": {\"message\": \"Rate limit exceeded\", \"detail\": null},"
                                + " \"status\": \"failure\"}")));

        serviceNowPoller.poll();

        assertThat(watermarks.get("servicenow.poll.incident")).as("kept at the last record read")
                .hasValue("2026-05-01 08:00:02");
        assertThat(serviceNowPoller.pausedUntil()).isPresent();
        int requestsSoFar = SERVICENOW.getAllServeEvents().size();
        assertThat(requestsSoFar).as("no page after the 429").isEqualTo(2);
        serviceNowPoller.poll();
        assertThat(SERVICENOW.getAllServeEvents()).as("no poll during the pause").hasSize(requestsSoFar);

        await().atMost(Duration.ofSeconds(10)).until(() -> serviceNowPoller.pausedUntil().isEmpty());
        serviceNowPoller.poll();

        assertThat(watermarks.get("servicenow.poll.incident")).hasValue("2026-05-01 08:00:05");
        for (int i = 0; i < ids.size(); i++) {
            String number = "INC940000" + (i + 1);
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    workItems.findBySourceKey(SourceSystem.SERVICENOW, number).isPresent());
        }
        for (String id : ids) {
            assertThat(jdbc.queryForObject("select count(*) from inbox where source = 'servicenow' and dedup_key"
                    + " like ?", Long.class, "%" + id + "%")).as(id).isEqualTo(1);
        }
    }

    @Test
    void serviceNowBackfillImportsAnAssignmentGroupWithProgress() {
        TABLES.put("incident", incident("g1", "INC9100001", "2025-01-01 08:00:00", 0, "grp-ops"));
        TABLES.put("incident", incident("g2", "INC9100002", "2025-01-01 08:00:00", 0, "grp-ops"));
        TABLES.put("incident", incident("g3", "INC9100003", "2025-02-01 08:00:00", 0, "grp-ops"));
        TABLES.put("incident", incident("x1", "INC9100009", "2025-02-01 08:00:00", 0, "grp-other"));

        var started = admin().postForEntity("/api/backfill?source=servicenow&assignmentGroup=grp-ops", null, Map.class);
        assertThat(started.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        Map<?, ?> done = awaitBackfill((String) started.getBody().get("id"));

        assertThat(done.get("state")).as("backfill error: %s", done.get("error")).isEqualTo("DONE");
        assertThat(done.get("records")).isEqualTo(3);
        assertThat((Integer) done.get("pages")).isGreaterThanOrEqualTo(2);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                workItems.findBySourceKey(SourceSystem.SERVICENOW, "INC9100003").isPresent());
        assertThat(workItems.findBySourceKey(SourceSystem.SERVICENOW, "INC9100009")).isEmpty();
    }

    @Test
    void serviceNowBackfillWaitsOutA429AndResumesWhereItWas() {
        for (int i = 1; i <= 5; i++) {
            TABLES.put("incident", incident("q" + i, "INC920000" + i, "2025-03-01 08:00:0" + i, 0, "grp-rl"));
        }
        SERVICENOW.stubFor(get(urlPathEqualTo("/api/now/v1/table/incident")).atPriority(1)
                .withQueryParam("sysparm_query", containing("sys_updated_on>=2025-03-01 08:00:04"))
                .inScenario("backfill limit").whenScenarioStateIs("Started").willSetStateTo("limited once")
                .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                        .withHeader("Retry-After", "1")
                        .withBody("{\"error\": {\"message\": \"Rate limit exceeded\", \"detail\":"
                                + " \"Rate limit of 100 requests per hour exceeded\"}, \"status\": \"failure\"}")));

        var started = admin().postForEntity("/api/backfill?source=servicenow&assignmentGroup=grp-rl", null, Map.class);
        Map<?, ?> done = awaitBackfill((String) started.getBody().get("id"));

        assertThat(done.get("state")).as("backfill error: %s", done.get("error")).isEqualTo("DONE");
        assertThat(done.get("accepted")).as("every record once").isEqualTo(5);
        assertThat(done.get("duplicates")).as("the boundary second read again").isEqualTo(1);
        List<String> queries = SERVICENOW.getAllServeEvents().stream()
                .map(e -> e.getRequest().queryParameter("sysparm_query").firstValue()).toList();
        assertThat(queries).as("resumed from the last record read, not from the beginning")
                .filteredOn(q -> q.contains("sys_updated_on>=1970-01-01")).hasSize(1);
    }

    @Test
    void serviceNowBackfillWaitsAsLongAsRetryAfterSays() {
        for (int i = 1; i <= 3; i++) {
            TABLES.put("incident", incident("w" + i, "INC930000" + i, "2025-04-01 08:00:0" + i, 0, "grp-wait"));
        }
        SERVICENOW.stubFor(get(urlPathEqualTo("/api/now/v1/table/incident")).atPriority(1)
                .withQueryParam("sysparm_query", containing("sys_updated_on>=2025-04-01 08:00:02"))
                .inScenario("long wait").whenScenarioStateIs("Started").willSetStateTo("waited")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3")));

        var started = admin().postForEntity("/api/backfill?source=servicenow&assignmentGroup=grp-wait", null, Map.class);
        Map<?, ?> done = awaitBackfill((String) started.getBody().get("id"));

        assertThat(done.get("state")).as("backfill error: %s", done.get("error")).isEqualTo("DONE");
        assertThat(done.get("accepted")).isEqualTo(3);
        List<Date> asked = SERVICENOW.getAllServeEvents().stream()
                .map(e -> e.getRequest().getLoggedDate()).sorted().toList();
        int refused = SERVICENOW.getAllServeEvents().stream().sorted(java.util.Comparator.comparing(
                e -> e.getRequest().getLoggedDate())).map(e -> e.getResponse().getStatus()).toList().indexOf(429);
        assertThat(asked.get(refused + 1).getTime() - asked.get(refused).getTime())
                .as("waited the 3 s Retry-After, not the configured 1 s pause").isGreaterThanOrEqualTo(2_800L);
    }

    @Test
    void serviceNowPollAnswered429WithoutRetryAfterIsRecognisedAsRateLimited() {
        TABLES.put("incident", incident("n1", "INC9500001", "2026-06-01 08:00:01", 0, null));
        TABLES.put("incident", incident("n2", "INC9500002", "2026-06-01 08:00:02", 0, null));
        watermarks.set("servicenow.poll.incident", "2026-06-01 00:00:00");
        SERVICENOW.stubFor(get(urlPathEqualTo("/api/now/v1/table/incident")).atPriority(1)
                .withQueryParam("sysparm_query", containing("sys_updated_on>=2026-06-01 08:00:02"))
                .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\": {\"message\": \"Rate limit exceeded\"}, \"status\": \"failure\"}")));

        serviceNowPoller.poll();

        assertThat(watermarks.get("servicenow.poll.incident")).as("moved to the last record read, no further")
                .hasValue("2026-06-01 08:00:02");
        assertThat(serviceNowPoller.pausedUntil()).as("polling paused").isPresent();
    }

    @Test
    void serviceNowBackfillIsResumedWhereTheInterruptedOneLeftOff() {
        for (int i = 1; i <= 4; i++) {
            TABLES.put("incident", incident("s" + i, "INC960000" + i, "2025-05-01 08:00:0" + i, 0, "grp-resume"));
        }
        stoppedJob("job-cut-short", "servicenow", "grp-resume", "INTERRUPTED", "incident|2025-05-01 08:00:02|s2");

        var resumed = admin().postForEntity("/api/backfill/job-cut-short/resume", null, Map.class);
        assertThat(resumed.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(resumed.getBody().get("resumes")).isEqualTo("job-cut-short");
        Map<?, ?> done = awaitBackfill((String) resumed.getBody().get("id"));

        assertThat(done.get("state")).as("backfill error: %s", done.get("error")).isEqualTo("DONE");
        assertThat(done.get("accepted")).as("s2 (read again at the checkpoint), s3 and s4").isEqualTo(3);
        assertThat(done.get("resumeFrom")).isEqualTo("incident|2025-05-01 08:00:04|s4");
        List<String> queries = SERVICENOW.getAllServeEvents().stream()
                .map(e -> e.getRequest().queryParameter("sysparm_query").firstValue()).toList();
        assertThat(queries).noneMatch(q -> q.contains("sys_updated_on>=1970-01-01"))
                .anyMatch(q -> q.contains("sys_updated_on>=2025-05-01 08:00:02"));
    }

    @Test
    void jiraBackfillIsResumedFromTheLastIssueCreatedItFed() {
        JIRA.stubFor(search("RSM", "0").willReturn(okJson(offsetPage(0, 1, issue("87001", "RSM-7", "Open")))));
        JIRA.stubFor(search("RSM", "1").willReturn(okJson(offsetPage(1, 1))));
        stoppedJob("job-failed-midway", "jira", "RSM", "FAILED", "2026-01-10T12:00:00.000+0000");

        var resumed = admin().postForEntity("/api/backfill/job-failed-midway/resume", null, Map.class);
        Map<?, ?> done = awaitBackfill((String) resumed.getBody().get("id"));

        assertThat(done.get("state")).as("backfill error: %s", done.get("error")).isEqualTo("DONE");
        assertThat(done.get("accepted")).isEqualTo(1);
        JIRA.verify(getRequestedFor(urlPathEqualTo("/rest/api/2/search")).withQueryParam("jql",
                equalTo("project = \"RSM\" AND created >= \"2026/01/10 11:00\" ORDER BY created ASC")));
        assertThat(done.get("resumeFrom")).as("the fed issue's created time").isEqualTo("2011-12-14T10:26:06.030+1300");
    }

    @Test
    void onlyAnInterruptedOrFailedBackfillThatReadSomethingCanBeResumed() {
        stoppedJob("job-done", "servicenow", "grp-ops", "DONE", "incident|2025-05-01 08:00:02|s2");
        stoppedJob("job-read-nothing", "servicenow", "grp-ops", "INTERRUPTED", null);

        var done = admin().postForEntity("/api/backfill/job-done/resume", null, String.class);
        var nothing = admin().postForEntity("/api/backfill/job-read-nothing/resume", null, String.class);

        assertThat(done.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(done.getBody()).contains("is DONE");
        assertThat(nothing.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(nothing.getBody()).contains("start it again");
        assertThat(admin().postForEntity("/api/backfill/no-such-job/resume", null, String.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    private void stoppedJob(String id, String source, String scope, String state, String resumeFrom) {
        jdbc.update("insert into backfill_job (id, source, scope, state, pages, accepted, owner, queued_at, started_at,"
                + " finished_at, heartbeat_at, resume_from) values (?, ?, ?, ?, 1, 2, 'gone', now() - interval '1 hour',"
                + " now() - interval '1 hour', now() - interval '30 minutes', now() - interval '30 minutes', ?)",
                id, source, scope, state, resumeFrom);
    }

    @Test
    void backfillOfABridgeProcessThatStoppedReadsAsInterrupted() {
        jdbc.update("insert into backfill_job (id, source, scope, state, pages, accepted, owner, queued_at, started_at,"
                + " heartbeat_at) values ('job-of-a-stopped-process', 'jira', 'OPS', 'RUNNING', 4, 180, 'gone',"
                + " now() - interval '1 hour', now() - interval '1 hour', now() - interval '30 minutes')");

        Map<?, ?> status = admin().getForObject("/api/backfill/job-of-a-stopped-process", Map.class);

        assertThat(status.get("state")).isEqualTo("INTERRUPTED");
        assertThat(status.get("pages")).isEqualTo(4);
        assertThat(status.get("records")).isEqualTo(180);
        assertThat((String) status.get("error")).contains("after 4 pages")
                .contains("resume it (POST /api/backfill/job-of-a-stopped-process/resume)");
    }

    @Test
    void backfillWithoutAProjectKeyIsRefusedWithTheReason() {
        var response = admin().postForEntity("/api/backfill?source=jira&project=A%22%20OR%20x", null, String.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getBody()).contains("project key");
        assertThat(admin().getForEntity("/api/backfill/no-such-job", String.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    static final class Counting implements BackfillProgress {
        final AtomicInteger accepted = new AtomicInteger();
        final AtomicInteger duplicates = new AtomicInteger();
        final AtomicInteger refused = new AtomicInteger();

        @Override
        public void page(int pages, int records) {
        }

        @Override
        public void record(InboundFeed.Receipt receipt) {
            (switch (receipt.outcome()) {
                case ACCEPTED -> accepted;
                case DUPLICATE -> duplicates;
                case REFUSED -> refused;
            }).incrementAndGet();
        }
    }

    private Map<?, ?> awaitBackfill(String id) {
        return await().atMost(Duration.ofSeconds(60)).until(
                () -> admin().getForObject("/api/backfill/" + id, Map.class),
                status -> !"QUEUED".equals(status.get("state")) && !"RUNNING".equals(status.get("state")));
    }

    private WorkItem awaitItem(String id) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> workItems.findById(id), Optional::isPresent)
                .orElseThrow();
    }

    private TestRestTemplate admin() {
        return http.withBasicAuth("admin", "test-admin-password");
    }

    private static com.github.tomakehurst.wiremock.client.MappingBuilder search(String project, String startAt) {
        return get(urlPathEqualTo("/rest/api/2/search")).withQueryParam("jql", containing("project = \"" + project + "\""))
                .withQueryParam("startAt", equalTo(startAt));
    }

    private static com.github.tomakehurst.wiremock.client.MappingBuilder sweep(String startAt) {
        return get(urlPathEqualTo("/rest/api/2/search")).withQueryParam("jql", containing("updated >= \""))
                .withQueryParam("startAt", equalTo(startAt));
    }

    /** A Data Center page whose total is a stale estimate, as Jira's often is. */
    private static String offsetPage(int startAt, int total, ObjectNode... issues) {
        ObjectNode page = JSON.createObjectNode().put("startAt", startAt).put("maxResults", 2).put("total", total);
        ArrayNode list = page.putArray("issues");
        for (ObjectNode i : issues) {
            list.add(i);
        }
        return page.toString();
    }

    private static String tokenPage(String next, boolean last, ObjectNode... issues) {
        ObjectNode page = JSON.createObjectNode().put("isLast", last);
        if (next != null) {
            page.put("nextPageToken", next);
        }
        ArrayNode list = page.putArray("issues");
        for (ObjectNode i : issues) {
            list.add(i);
        }
        return page.toString();
    }

    private static ObjectNode issue(String id, String key, String status) {
        return issue(id, key, status, "2026-02-01T09:00:00.000+0000");
    }

    /** The recorded Data Center issue with its id, key, status and update time replaced. */
    private static ObjectNode issue(String id, String key, String status, String updated) {
        try {
            ObjectNode issue = (ObjectNode) JSON.readTree(fixture("jira/rest-v2-server-get-issue.json"));
            issue.put("id", id).put("key", key);
            ObjectNode fields = (ObjectNode) issue.get("fields");
            fields.put("updated", updated);
            ObjectNode statusNode = (ObjectNode) fields.get("status");
            statusNode.put("name", status);
            statusNode.remove("statusCategory");
            return issue;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The recorded incident with its identity, update time, modification count and group replaced. */
    private static ObjectNode incident(String sysId, String number, String updatedOn, int modCount, String group) {
        try {
            ObjectNode record = (ObjectNode) JSON.readTree(fixture("servicenow/table-get-incident-single.json")).get("result");
            record.put("sys_id", sysId).put("number", number).put("sys_updated_on", updatedOn)
                    .put("sys_mod_count", Integer.toString(modCount));
            if (group != null) {
                record.putObject("assignment_group").put("link", "https://example/api/now/table/sys_user_group/" + group)
                        .put("value", group);
            }
            return record;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String fixture(String path) {
        try {
            return new ClassPathResource("fixtures/payloads/" + path).getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
