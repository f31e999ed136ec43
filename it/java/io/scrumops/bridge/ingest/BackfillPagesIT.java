package io.scrumops.bridge.ingest;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import io.scrumops.bridge.model.CanonicalStatus;
import io.scrumops.bridge.model.Severity;
import io.scrumops.bridge.model.WorkItem;
import io.scrumops.bridge.store.WorkItemRepository;
import io.scrumops.bridge.support.BridgeIt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Backfills take the page door (inbound-accept-page: one inbox statement and one Kafka batch per page): each record is
 * stored once with its fields and history, a backfill stopped mid-way and resumed stores nothing twice, and a webhook
 * newer than the backfilled page wins whichever arrives first.
 */
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "scrumops.jira.deployment=DATA_CENTER",
        BridgeIt.JIRA_USER, BridgeIt.JIRA_TOKEN,
        "scrumops.jira.reconcile.period-ms=3600000",
        "scrumops.jira.reconcile.page-size=2",
        BridgeIt.SERVICENOW_USER, BridgeIt.SERVICENOW_PASSWORD,
        "scrumops.servicenow.poll.period-ms=3600000",
        "scrumops.servicenow.poll.page-size=2",
        "scrumops.servicenow.poll.tables=incident"})
class BackfillPagesIT {

    static final ServiceNowTableDouble TABLES = new ServiceNowTableDouble();
    static final WireMockServer JIRA = BridgeIt.startedFake();
    static final WireMockServer SERVICENOW = BridgeIt.started(
            new WireMockServer(options().dynamicPort().extensions(TABLES)));

    @DynamicPropertySource
    static void remotes(DynamicPropertyRegistry registry) {
        BridgeIt.wire(registry, BridgeIt.mappings(), JIRA, SERVICENOW);
        SERVICENOW.stubFor(get(urlPathMatching("/api/now/v1/table/.*"))
                .willReturn(aResponse().withTransformers(ServiceNowTableDouble.NAME)));
    }

    @AfterAll
    static void stopRemotes() {
        JIRA.stop();
        SERVICENOW.stop();
    }

    @Autowired
    TestRestTemplate http;
    @Autowired
    WorkItemRepository workItems;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void jiraBackfillStoresEachIssueOfEveryPageOnceWithItsFieldsAndHistory() {
        JIRA.stubFor(search("BFA", "0").willReturn(okJson(page(
                issue("83001", "BFA-1", "First imported", "To Do", "new", "2025-02-01T09:00:00.000+0000", 0),
                issue("83002", "BFA-2", "Second imported", "In Progress", "indeterminate",
                        "2025-02-01T09:10:00.000+0000", 1)))));
        JIRA.stubFor(search("BFA", "2").willReturn(okJson(page(
                issue("83003", "BFA-3", "Third imported", "Done", "done", "2025-02-01T09:20:00.000+0000", 2),
                issue("83004", "BFA-4", "Fourth imported", "To Do", "new", "2025-02-01T09:30:00.000+0000", 0)))));
        JIRA.stubFor(search("BFA", "4").willReturn(okJson(page(
                issue("83005", "BFA-5", "Fifth imported", "Done", "done", "2025-02-01T09:40:00.000+0000", 2)))));
        JIRA.stubFor(search("BFA", "5").willReturn(okJson(page())));

        Map<?, ?> done = awaitBackfill(start("/api/backfill?source=jira&project=BFA"));

        assertThat(done.get("state")).as("backfill error: %s", done.get("error")).isEqualTo("DONE");
        assertThat(done.get("pages")).isEqualTo(3);
        assertThat(done.get("records")).isEqualTo(5);
        assertThat(done.get("accepted")).isEqualTo(5);
        WorkItem third = awaitItem("jira:issue:83003");
        WorkItem fifth = awaitItem("jira:issue:83005");
        for (String id : List.of("83001", "83002", "83004")) {
            awaitItem("jira:issue:" + id);
        }
        assertThat(third.title()).isEqualTo("Third imported");
        assertThat(third.status()).isEqualTo(CanonicalStatus.DONE);
        assertThat(third.source().key()).isEqualTo("BFA-3");
        assertThat(third.severity()).isEqualTo(Severity.SEV2);
        assertThat(third.createdAt()).isEqualTo(Instant.parse("2025-02-01T09:20:00Z"));
        assertThat(third.updatedAt()).isEqualTo(Instant.parse("2025-02-01T10:10:00Z"));
        assertThat(fifth.title()).isEqualTo("Fifth imported");
        assertThat(workItems.findById("jira:issue:83002").orElseThrow().status()).isEqualTo(CanonicalStatus.IN_PROGRESS);
        assertThat(jdbc.queryForList("select to_status from status_change where work_item_id = 'jira:issue:83003'"
                + " order by changed_at", String.class)).containsExactly("IN_PROGRESS", "DONE");
        assertThat(jdbc.queryForObject("select count(*) from work_item where source_key like 'BFA-%'", Long.class))
                .isEqualTo(5);
        assertThat(jdbc.queryForObject("select count(*) from inbox where dedup_key like 'jira:snapshot:8300_:%'",
                Long.class)).isEqualTo(5);
        assertThat(jdbc.queryForObject("select count(*) from status_change where work_item_id like 'jira:issue:8300_'",
                Long.class)).isEqualTo(1 + 2 + 2);
    }

    @Test
    void serviceNowBackfillStoresEachIncidentOfEveryPageOnceWithItsFields() {
        TABLES.put("incident", incident("bfs1", "INC9300001", "2025-02-02 08:00:00", "1", "1", "grp-bfs"));
        TABLES.put("incident", incident("bfs2", "INC9300002", "2025-02-02 08:00:00", "2", "3", "grp-bfs"));
        TABLES.put("incident", incident("bfs3", "INC9300003", "2025-02-02 08:00:01", "6", "2", "grp-bfs"));
        TABLES.put("incident", incident("bfs4", "INC9300004", "2025-02-02 08:00:02", "7", "4", "grp-bfs"));
        TABLES.put("incident", incident("bfs5", "INC9300005", "2025-02-02 08:00:02", "1", "3", "grp-bfs"));
        TABLES.put("incident", incident("bfsx", "INC9300009", "2025-02-02 08:00:02", "1", "3", "grp-other"));

        Map<?, ?> done = awaitBackfill(start("/api/backfill?source=servicenow&assignmentGroup=grp-bfs"));

        assertThat(done.get("state")).as("backfill error: %s", done.get("error")).isEqualTo("DONE");
        assertThat(done.get("records")).isEqualTo(5);
        assertThat(done.get("accepted")).isEqualTo(5);
        WorkItem first = awaitItem("servicenow:incident:bfs1");
        WorkItem third = awaitItem("servicenow:incident:bfs3");
        WorkItem fourth = awaitItem("servicenow:incident:bfs4");
        awaitItem("servicenow:incident:bfs2");
        awaitItem("servicenow:incident:bfs5");
        assertThat(first.source().key()).isEqualTo("INC9300001");
        assertThat(first.status()).isEqualTo(CanonicalStatus.NEW);
        assertThat(first.severity()).isEqualTo(Severity.SEV1);
        assertThat(third.status()).isEqualTo(CanonicalStatus.RESOLVED);
        assertThat(third.severity()).isEqualTo(Severity.SEV2);
        assertThat(fourth.status()).isEqualTo(CanonicalStatus.DONE);
        assertThat(fourth.title()).isEqualTo("Imported INC9300004");
        assertThat(jdbc.queryForObject("select count(*) from work_item where source_key like 'INC93%'", Long.class))
                .isEqualTo(5);
        assertThat(jdbc.queryForObject("select count(*) from inbox where dedup_key like 'servicenow:incident:bfs%'",
                Long.class)).isEqualTo(5);
    }

    @Test
    void jiraBackfillStoppedMidwayAndResumedStoresNothingTwice() {
        JIRA.stubFor(get(urlPathEqualTo("/rest/api/2/search"))
                .withQueryParam("jql", equalTo("project = \"BFR\" ORDER BY created ASC"))
                .withQueryParam("startAt", equalTo("0"))
                .willReturn(okJson(page(resumable(1), resumable(2)))));
        JIRA.stubFor(get(urlPathEqualTo("/rest/api/2/search"))
                .withQueryParam("jql", equalTo("project = \"BFR\" ORDER BY created ASC"))
                .withQueryParam("startAt", equalTo("2"))
                .willReturn(aResponse().withStatus(500).withBody("{\"errorMessages\":[\"down\"]}")));
        Map<?, ?> failed = awaitBackfill(start("/api/backfill?source=jira&project=BFR"));
        assertThat(failed.get("state")).isEqualTo("FAILED");
        assertThat(failed.get("records")).isEqualTo(2);
        assertThat(failed.get("resumeFrom")).isEqualTo("2025-03-01T10:10:00.000+0000");

        // read again from an hour before the checkpoint: the first two issues come back
        MappingBuilder resumed = get(urlPathEqualTo("/rest/api/2/search"))
                .withQueryParam("jql", equalTo("project = \"BFR\" AND created >= \"2025/03/01 09:10\""
                        + " ORDER BY created ASC"));
        JIRA.stubFor(resumed.withQueryParam("startAt", equalTo("0")).willReturn(okJson(page(resumable(1), resumable(2)))));
        JIRA.stubFor(get(urlPathEqualTo("/rest/api/2/search"))
                .withQueryParam("jql", containing("AND created >= \"2025/03/01 09:10\""))
                .withQueryParam("startAt", equalTo("2")).willReturn(okJson(page(resumable(3), resumable(4)))));
        JIRA.stubFor(get(urlPathEqualTo("/rest/api/2/search"))
                .withQueryParam("jql", containing("AND created >= \"2025/03/01 09:10\""))
                .withQueryParam("startAt", equalTo("4")).willReturn(okJson(page(resumable(5)))));
        JIRA.stubFor(get(urlPathEqualTo("/rest/api/2/search"))
                .withQueryParam("jql", containing("AND created >= \"2025/03/01 09:10\""))
                .withQueryParam("startAt", equalTo("5")).willReturn(okJson(page())));
        var again = admin().postForEntity("/api/backfill/" + failed.get("id") + "/resume", null, Map.class);
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        Map<?, ?> done = awaitBackfill((String) again.getBody().get("id"));

        assertThat(done.get("state")).as("backfill error: %s", done.get("error")).isEqualTo("DONE");
        assertThat(done.get("records")).isEqualTo(5);
        assertThat(done.get("duplicates")).isEqualTo(2);
        assertThat(done.get("accepted")).isEqualTo(3);
        for (int n = 1; n <= 5; n++) {
            assertThat(awaitItem("jira:issue:8400" + n).title()).isEqualTo("Resumable " + n);
        }
        awaitProcessed("jira:snapshot:8400_:%", 5);
        assertThat(jdbc.queryForObject("select count(*) from inbox where dedup_key like 'jira:snapshot:8400_:%'",
                Long.class)).isEqualTo(5);
        assertThat(jdbc.queryForObject("select count(*) from work_item where source_key like 'BFR-%'", Long.class))
                .isEqualTo(5);
        // each issue moved To Do -> In Progress once
        assertThat(jdbc.queryForObject("select count(*) from status_change where work_item_id like 'jira:issue:8400_'",
                Long.class)).isEqualTo(5);
    }

    @Test
    void webhookNewerThanItsBackfilledPageWinsWhicheverArrivesFirst() {
        postJiraWebhook("bfw-1", issue("85001", "BFW-1", "Newer from the webhook", "Done", "done",
                "2025-04-01T09:00:00.000+0000", 2, "2025-04-01T12:00:00.000+0000"));
        assertThat(await().atMost(Duration.ofSeconds(30)).until(() -> workItems.findById("jira:issue:85001"),
                Optional::isPresent).orElseThrow().title()).isEqualTo("Newer from the webhook");
        JIRA.stubFor(search("BFW", "0").willReturn(okJson(page(
                issue("85001", "BFW-1", "Older from the backfill", "In Progress", "indeterminate",
                        "2025-04-01T09:00:00.000+0000", 1),
                issue("85002", "BFW-2", "Older from the backfill", "In Progress", "indeterminate",
                        "2025-04-01T09:05:00.000+0000", 1)))));
        JIRA.stubFor(search("BFW", "2").willReturn(okJson(page())));

        Map<?, ?> done = awaitBackfill(start("/api/backfill?source=jira&project=BFW"));
        assertThat(done.get("state")).as("backfill error: %s", done.get("error")).isEqualTo("DONE");
        assertThat(done.get("accepted")).isEqualTo(2);
        awaitProcessed("jira:snapshot:8500_:%", 2);

        WorkItem first = workItems.findById("jira:issue:85001").orElseThrow();
        assertThat(first.title()).isEqualTo("Newer from the webhook");
        assertThat(first.status()).isEqualTo(CanonicalStatus.DONE);
        assertThat(workItems.findById("jira:issue:85002").orElseThrow().title()).isEqualTo("Older from the backfill");

        postJiraWebhook("bfw-2", issue("85002", "BFW-2", "Newer from the webhook", "Done", "done",
                "2025-04-01T09:05:00.000+0000", 2, "2025-04-01T12:00:00.000+0000"));
        WorkItem second = await().atMost(Duration.ofSeconds(30)).until(
                () -> workItems.findById("jira:issue:85002").orElseThrow(),
                item -> item.title().equals("Newer from the webhook"));
        assertThat(second.status()).isEqualTo(CanonicalStatus.DONE);
        assertThat(second.updatedAt()).isEqualTo(Instant.parse("2025-04-01T12:00:00Z"));
    }

    private void postJiraWebhook(String delivery, String issue) {
        String body = "{\"timestamp\": 1743508800000, \"webhookEvent\": \"jira:issue_updated\", \"issue\": " + issue + "}";
        var answer = BridgeIt.postWebhook(http, "jira", body, Map.of("X-Atlassian-Webhook-Identifier", delivery));
        assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(202);
    }

    private static String resumable(int n) {
        return issue("8400" + n, "BFR-" + n, "Resumable " + n, "In Progress", "indeterminate",
                "2025-03-01T10:%02d:00.000+0000".formatted((n - 1) * 10), 1);
    }

    /** A Data Center issue created at {@code created}, updated 50 minutes later, with {@code histories} status moves. */
    private static String issue(String id, String key, String summary, String status, String category,
                                String created, int histories) {
        Instant at = java.time.OffsetDateTime.parse(created.replace("+0000", "Z")).toInstant();
        return issue(id, key, summary, status, category, created, histories,
                created.substring(0, 11) + at.plusSeconds(3000).toString().substring(11, 19) + ".000+0000");
    }

    private static String issue(String id, String key, String summary, String status, String category,
                                String created, int histories, String updated) {
        String[] moves = {
                "{\"id\":\"" + id + "1\",\"created\":\"" + created.replace(":00.000", ":30.000")
                        + "\",\"items\":[{\"field\":\"status\",\"fromString\":\"To Do\",\"toString\":\"In Progress\"}]}",
                "{\"id\":\"" + id + "2\",\"created\":\"" + updated
                        + "\",\"items\":[{\"field\":\"status\",\"fromString\":\"In Progress\",\"toString\":\"Done\"}]}"};
        String changelog = String.join(",", List.of(moves).subList(0, histories));
        return """
                {"id": "%s", "key": "%s", "self": "https://jira.example/rest/api/2/issue/%s",
                 "fields": {"summary": "%s", "issuetype": {"name": "Story"}, "priority": {"name": "High"},
                  "labels": [], "created": "%s", "updated": "%s",
                  "status": {"name": "%s", "statusCategory": {"key": "%s"}}},
                 "changelog": {"startAt": 0, "maxResults": %d, "total": %d, "histories": [%s]}}"""
                .formatted(id, key, id, summary, created, updated, status, category, histories, histories, changelog);
    }

    private static String page(String... issues) {
        return "{\"startAt\": 0, \"maxResults\": 2, \"total\": " + issues.length + ", \"issues\": ["
                + String.join(",", issues) + "]}";
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode incident(String sysId, String number,
                                                                          String updatedOn, String state,
                                                                          String priority, String group) {
        var record = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        record.put("sys_id", sysId).put("number", number).put("sys_class_name", "incident")
                .put("short_description", "Imported " + number).put("state", state).put("priority", priority)
                .put("sys_created_on", "2025-02-01 08:00:00").put("opened_at", "2025-02-01 08:00:00")
                .put("sys_updated_on", updatedOn).put("sys_mod_count", "2");
        record.putObject("assignment_group").put("value", group);
        return record;
    }

    private static MappingBuilder search(String project, String startAt) {
        return get(urlPathEqualTo("/rest/api/2/search")).withQueryParam("jql", containing("project = \"" + project + "\""))
                .withQueryParam("startAt", equalTo(startAt));
    }

    private String start(String request) {
        var started = admin().postForEntity(request, null, Map.class);
        assertThat(started.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        return (String) started.getBody().get("id");
    }

    private Map<?, ?> awaitBackfill(String id) {
        return await().atMost(Duration.ofSeconds(60)).until(
                () -> admin().getForObject("/api/backfill/" + id, Map.class),
                status -> !"QUEUED".equals(status.get("state")) && !"RUNNING".equals(status.get("state")));
    }

    /** The positive marker that every inbox record matching {@code dedupKeys} went through normalization. */
    private void awaitProcessed(String dedupKeys, long expected) {
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from inbox where dedup_key like ? and status = 'PROCESSED'", Long.class, dedupKeys),
                count -> count == expected);
    }

    private WorkItem awaitItem(String id) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> workItems.findById(id), Optional::isPresent)
                .orElseThrow();
    }

    private TestRestTemplate admin() {
        return BridgeIt.admin(http);
    }
}
