package io.scrumops.bridge.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.scrumops.bridge.adapter.jira.JiraRestReader;
import io.scrumops.bridge.model.CanonicalStatus;
import io.scrumops.bridge.model.Comment;
import io.scrumops.bridge.model.Deployment;
import io.scrumops.bridge.model.DeploymentStatus;
import io.scrumops.bridge.model.EnvironmentType;
import io.scrumops.bridge.model.WorkItem;
import io.scrumops.bridge.model.WorkItemKind;
import io.scrumops.bridge.store.InboxRepository;
import io.scrumops.bridge.store.QuarantineRepository;
import io.scrumops.bridge.store.WatermarkRepository;
import io.scrumops.bridge.store.WorkItemRepository;
import io.scrumops.bridge.support.BridgeIt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.annotation.DirtiesContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every recorded payload goes through the real routes: webhooks through their endpoints, Jira REST issues and search
 * pages and the ServiceNow list through the read and poll path. Each must end as the expected stored item, or be
 * refused (4xx) or quarantined with a reason; none may crash a route.
 */
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "scrumops.jira.deployment=DATA_CENTER",
        "scrumops.jira.reconcile.period-ms=3600000",
        "scrumops.servicenow.poll.period-ms=3600000",
        "scrumops.servicenow.poll.tables=incident"})
class FixturePayloadsIT {

    static final Path FIXTURES = Path.of("src/test/resources/fixtures/payloads");
    static final ObjectMapper JSON = new ObjectMapper();
    static final ServiceNowTableDouble TABLES = new ServiceNowTableDouble();
    static final WireMockServer JIRA = BridgeIt.startedFake();
    static final WireMockServer SERVICENOW = BridgeIt.started(
            new WireMockServer(options().dynamicPort().extensions(TABLES)));

    static {
        SERVICENOW.stubFor(get(urlPathMatching("/api/now/v1/table/.*"))
                .willReturn(aResponse().withTransformers(ServiceNowTableDouble.NAME)));
    }

    @DynamicPropertySource
    static void remotes(DynamicPropertyRegistry registry) {
        BridgeIt.wire(registry, BridgeIt.mappings(), JIRA, SERVICENOW);
    }

    @AfterAll
    static void stopRemotes() {
        JIRA.stop();
        SERVICENOW.stop();
    }

    /**
     * What each payload must become: "stored <work item id>" (checked against {@link #ITEMS}), "comment <comment id>
     * on <work item id>", "deployment <id>" (checked against {@link #DEPLOYMENTS}), "refused <words of the reason>",
     * "quarantined <words of the reason>"; a payload holding several records lists one outcome per record. The ids
     * and values are read off the recorded payloads by hand, not computed by the bridge's code.
     */
    static final Map<String, List<String>> EXPECTED = Map.ofEntries(
            Map.entry("deployments/github-deployment_status-in_progress-pages.json", List.of("deployment github:deployment:145988746")),
            Map.entry("deployments/github-deployment_status-success.json", List.of("deployment github:deployment:145988746")),
            Map.entry("deployments/gitlab-deployment-hook-success.json", List.of("deployment gitlab:deployment:15")),
            Map.entry("deployments/jenkins-notification-plugin-started.json", List.of("deployment jenkins:deployment:JobName#1")),
            Map.entry("deployments/gitlab-note-hook-merge-request.json",
                    List.of("review gitlab:merge_request:gitlab-org/hello-world!7001 at 2017-12-10T17:05:42Z")),
            Map.entry("jira/error-400-create-issue.json", List.of("refused webhookEvent")),
            Map.entry("jira/error-400-field-error.json", List.of("refused webhookEvent")),
            Map.entry("jira/error-400-invalid-field-put.json", List.of("refused webhookEvent")),
            Map.entry("jira/error-400-missing-fields-put.json", List.of("refused webhookEvent")),
            Map.entry("jira/error-404-issue-not-found.json", List.of("refused webhookEvent")),
            Map.entry("jira/rest-v2-server-get-comments.json", List.of("refused webhookEvent")),
            Map.entry("jira/rest-v2-server-get-transitions.json", List.of("refused webhookEvent")),
            Map.entry("jira/rest-v3-create-issue-201.json", List.of("refused webhookEvent")),
            Map.entry("jira/rest-v3-get-changelog-paged.json", List.of("refused webhookEvent")),
            Map.entry("jira/rest-v3-get-comments.json", List.of("refused webhookEvent")),
            Map.entry("jira/rest-v3-get-transitions.json", List.of("refused webhookEvent")),
            Map.entry("jira/rest-v2-server-get-issue.json", List.of("stored jira:issue:10002")),
            Map.entry("jira/rest-v2-get-issue-fixversions-issuelinks.json", List.of("refused webhookEvent")),
            Map.entry("jira/rest-v3-get-issue.json", List.of("quarantined issuetype.name")),
            Map.entry("jira/rest-v2-search-empty-page.json", List.of()),
            Map.entry("jira/rest-v3-search-jql.json", List.of("quarantined issuetype.name")),
            Map.entry("jira/rest-v3-search-legacy-offset.json", List.of("quarantined issuetype.name")),
            Map.entry("jira/rest-agile-issues-with-changelog.json", List.of("stored jira:issue:12338")),
            Map.entry("jira/webhook-cloud-comment_created-2018.json", List.of("comment jira:comment:10021 on jira:issue:10023")),
            Map.entry("jira/webhook-cloud-comment_created.json", List.of("comment jira:comment:10019 on jira:issue:10040")),
            Map.entry("jira/webhook-cloud-comment_deleted.json", List.of("stored jira:issue:10357")),
            Map.entry("jira/webhook-cloud-comment_updated.json", List.of("comment jira:comment:10019 on jira:issue:10040")),
            Map.entry("jira/webhook-cloud-issue_created.json", List.of("stored jira:issue:10040")),
            Map.entry("jira/webhook-cloud-issue_deleted.json", List.of("stored jira:issue:10303")),
            Map.entry("jira/webhook-cloud-issue_updated-assignee.json", List.of("stored jira:issue:10040")),
            Map.entry("jira/webhook-cloud-issue_updated-priority.json", List.of("stored jira:issue:10040")),
            Map.entry("jira/webhook-cloud-issue_updated-status-done.json", List.of("stored jira:issue:10040")),
            Map.entry("jira/webhook-cloud-issue_updated-unassigned.json", List.of("stored jira:issue:10040")),
            Map.entry("jira/webhook-server-comment_created.json", List.of("comment jira:comment:10082 on jira:issue:10013")),
            Map.entry("jira/webhook-server-issue_updated-commented.json", List.of("stored jira:issue:10231")),
            Map.entry("jira/webhook-server-issue_updated-many-fields.json", List.of("stored jira:issue:10400")),
            Map.entry("jira/webhook-server-issue_updated-status-in-progress.json", List.of("stored jira:issue:10300")),
            Map.entry("jira/webhook-server-legacy-issue_updated-status.json", List.of("stored jira:issue:10010")),
            Map.entry("jira/webhook-server-legacy-issue_updated-with-comment.json", List.of("stored jira:issue:10003")),
            Map.entry("servicenow/change-conflict-get.json", List.of("refused sys_id")),
            Map.entry("servicenow/change-normal-get-by-id-display-all.json", List.of("stored servicenow:change_request:51cff803db440010a704fe1b68961946")),
            Map.entry("servicenow/error-responses.json", List.of("failed 401", "failed 40", "failed 40",
                    "refused error response")),
            Map.entry("servicenow/table-get-incident-single.json", List.of("stored servicenow:incident:03dbb48fdb040010a704fe1b6896191b")),
            Map.entry("servicenow/table-list-incident-subset.json", List.of(
                    "stored servicenow:incident:1c741bd70b2322007518478d83673af3",
                    "stored servicenow:incident:46b66a40a9fe198101f243dfbc79033d",
                    "stored servicenow:incident:03dbb48fdb040010a704fe1b6896191b",
                    "stored servicenow:incident:46e2fee9a9fe19810049b49dee0daf58",
                    "stored servicenow:incident:46e482d9a9fe198101d3e3f3e2a14459")),
            Map.entry("servicenow/table-patch-incident.json", List.of("stored servicenow:incident:03dbb48fdb040010a704fe1b6896191b")),
            Map.entry("servicenow/table-post-incident-201.json", List.of("stored servicenow:incident:03dbb48fdb040010a704fe1b6896191b")));

    /**
     * A stored item as its payload says it must be; null: not checked (several payloads carry the item in different
     * states, and which one is stored last depends on their times, not on this test).
     */
    record Item(String key, WorkItemKind kind, String title, CanonicalStatus status, String label) {
    }

    static final Map<String, Item> ITEMS = Map.ofEntries(
            Map.entry("jira:issue:10002", new Item("SAMPLEPROJECT-1", WorkItemKind.TASK, "Sample Issue", CanonicalStatus.NEW, null)),
            Map.entry("jira:issue:12338", new Item("AR-86", WorkItemKind.TASK, null, null, null)),
            Map.entry("jira:issue:10023", new Item("TEST-24", WorkItemKind.TASK, "test", CanonicalStatus.NEW, null)),
            Map.entry("jira:issue:10040", new Item("TES-41", WorkItemKind.STORY, null, null, null)),
            Map.entry("jira:issue:10357", new Item("KT-7", WorkItemKind.TASK, "s", CanonicalStatus.NEW, null)),
            Map.entry("jira:issue:10303", new Item("IDT-19", WorkItemKind.TASK, "hey", CanonicalStatus.CANCELLED, "deleted-in-source")),
            Map.entry("jira:issue:10231", new Item("PRJA-42", WorkItemKind.STORY, "test for notifications", CanonicalStatus.NEW, null)),
            Map.entry("jira:issue:10400", new Item("HEY-15", WorkItemKind.TASK, "ddgdg", CanonicalStatus.NEW, null)),
            Map.entry("jira:issue:10300", new Item("TES-4", WorkItemKind.DEFECT, "Unit test summary 1", CanonicalStatus.IN_PROGRESS, null)),
            Map.entry("jira:issue:10010", new Item("TEST-11", WorkItemKind.TASK, "summary updated", CanonicalStatus.DONE, null)),
            Map.entry("jira:issue:10003", new Item("TEST-4", WorkItemKind.TASK, "a", CanonicalStatus.NEW, null)),
            Map.entry("servicenow:change_request:51cff803db440010a704fe1b68961946", new Item("CHG0030011", WorkItemKind.CHANGE, null, null, null)),
            Map.entry("servicenow:incident:03dbb48fdb040010a704fe1b6896191b", new Item("INC0010019", WorkItemKind.INCIDENT, null, null, null)),
            Map.entry("servicenow:incident:1c741bd70b2322007518478d83673af3", new Item("INC0000060", WorkItemKind.INCIDENT, "Unable to connect to email", null, null)),
            Map.entry("servicenow:incident:46b66a40a9fe198101f243dfbc79033d", new Item("INC0000009", WorkItemKind.INCIDENT, "Reset my password", null, null)),
            Map.entry("servicenow:incident:46e2fee9a9fe19810049b49dee0daf58", new Item("INC0000015", WorkItemKind.INCIDENT, null, null, null)),
            Map.entry("servicenow:incident:46e482d9a9fe198101d3e3f3e2a14459", new Item("INC0000017", WorkItemKind.INCIDENT, "How do I create a sub-folder", null, null)));

    /** A stored deployment as its payload says it must be; null: not checked. */
    record Deploy(String service, EnvironmentType environment, DeploymentStatus status) {
    }

    static final Map<String, Deploy> DEPLOYMENTS = Map.of(
            // both GitHub payloads are deployment 145988746 (to github-pages and production: both production)
            "github:deployment:145988746", new Deploy("Codertocat/Hello-World", EnvironmentType.PRODUCTION, null),
            "gitlab:deployment:15", new Deploy(null, EnvironmentType.STAGING, DeploymentStatus.SUCCESS),
            "jenkins:deployment:JobName#1", new Deploy("JobName", null, null));

    @Autowired
    TestRestTemplate http;
    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;
    @Autowired
    InboxRepository inbox;
    @Autowired
    QuarantineRepository quarantine;
    @Autowired
    WorkItemRepository workItems;
    @Autowired
    io.scrumops.bridge.store.DeploymentRepository deployments;
    @Autowired
    WatermarkRepository watermarks;
    @Autowired
    io.scrumops.bridge.store.CommentRepository comments;
    @Autowired
    io.scrumops.bridge.store.AuditLogRepository audit;
    @Autowired
    JiraRestReader jiraReader;
    @Autowired
    JiraReconciler jiraReconciler;
    @Autowired
    ServiceNowPoller serviceNowPoller;

    @TestFactory
    Stream<DynamicTest> everyRecordedPayloadIsStoredOrRefusedOrQuarantinedWithAReason() throws IOException {
        List<Path> files;
        try (var walk = Files.walk(FIXTURES)) {
            files = walk.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(40);
        return files.stream().map(file -> {
            String name = FIXTURES.relativize(file).toString().replace('\\', '/');
            return DynamicTest.dynamicTest(name, () -> {
                List<String> outcomes = run(name, Files.readString(file));
                List<String> expected = EXPECTED.get(name);
                assertThat(expected).as("an expectation for " + name + " (got " + outcomes + ")").isNotNull();
                assertThat(outcomes).as(name).hasSameSizeAs(expected);
                for (int i = 0; i < expected.size(); i++) {
                    String[] want = expected.get(i).split(" ", 2);
                    if (List.of("stored", "comment", "deployment", "review").contains(want[0])) {
                        assertThat(outcomes.get(i)).as(name).isEqualTo("processed");
                        assertModel(name, want[0], want[1]);
                        continue;
                    }
                    assertThat(outcomes.get(i)).as(name).startsWith(want[0]);
                    assertThat(outcomes.get(i)).as(name).contains(want[1]);
                    assertThat(outcomes.get(i).length()).as("a reason is given for " + name)
                            .isGreaterThan(want[0].length() + 10);
                }
            });
        });
    }

    private List<String> run(String name, String body) throws IOException {
        if (name.startsWith("deployments/")) {
            HttpHeaders headers = json();
            if (name.startsWith("deployments/github")) {
                headers.set("X-GitHub-Event", "deployment_status");
            } else if (name.startsWith("deployments/gitlab-note-hook")) {
                headers.set("X-Gitlab-Event", "Note Hook");
                // under a merge request number of its own: other classes store merge request !1 on this database
                body = body.replace("\"iid\": 1,", "\"iid\": 7001,");
            } else if (name.startsWith("deployments/gitlab")) {
                headers.set("X-Gitlab-Event", "Deployment Hook");
            }
            return List.of(post("/webhooks/deployments", body, headers));
        }
        if (name.equals("servicenow/error-responses.json")) {
            return serviceNowErrors(body);
        }
        if (name.equals("servicenow/table-list-incident-subset.json")) {
            return pollServiceNow(body);
        }
        if (name.startsWith("servicenow/")) {
            return List.of(post("/webhooks/servicenow", body, json()));
        }
        if (name.matches("jira/rest-v[23](-server)?-get-issue.json")) {
            return readIssue(name.contains("v2") ? "2" : "3", body);
        }
        if (name.contains("search") || name.contains("agile")) {
            return searchJira(name, body);
        }
        return List.of(post("/webhooks/jira", body, json()));
    }

    /** The webhook answer, then what became of the record: stored, a deployment, or quarantined with its reason. */
    private String post(String path, String body, HttpHeaders headers) {
        var response = http.withBasicAuth("admin", "test-admin-password")
                .postForEntity(path, new HttpEntity<>(body, headers), Map.class);
        int status = response.getStatusCode().value();
        assertThat(status).as("no payload may crash a route").isLessThan(500);
        if (status == 400) {
            return "refused " + response.getBody().get("reason");
        }
        assertThat(status).isIn(200, 202);
        return settled(((Number) response.getBody().get("inboxId")).longValue());
    }

    /** Follows an accepted record's inbox row until it is applied or quarantined. */
    private String settled(long inboxId) {
        return BridgeIt.settled(inbox, quarantine, inboxId);
    }

    private List<String> readIssue(String version, String body) {
        JIRA.resetAll();
        JIRA.stubFor(get(urlPathEqualTo("/rest/api/" + version + "/issue/FIX-1")).willReturn(okJson(body)));
        JsonNode issue = version.equals("2") ? jiraReader.issue("FIX-1").orElseThrow()
                : fetchV3("/rest/api/3/issue/FIX-1");
        return List.of(afterFeed(jiraReconciler.feedIssue(issue)));
    }

    private JsonNode fetchV3(String path) {
        try {
            return JSON.readTree(http.getRestTemplate().getForObject(JIRA.baseUrl() + path, String.class));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> searchJira(String name, String body) {
        JIRA.resetAll();
        boolean cloud = name.contains("search-jql");
        String path = cloud ? "/rest/api/3/search/jql" : "/rest/api/2/search";
        if (cloud) {
            JIRA.stubFor(get(urlPathEqualTo(path)).willReturn(okJson(body)));
        } else {
            JIRA.stubFor(get(urlPathEqualTo(path)).withQueryParam("startAt", equalTo("0")).willReturn(okJson(body)));
            JIRA.stubFor(get(urlPathEqualTo(path)).atPriority(10)
                    .willReturn(okJson("{\"startAt\": 50, \"total\": 0, \"issues\": []}")));
        }
        List<String> outcomes = new ArrayList<>();
        jiraReader.search(cloud ? JiraRestReader.SearchApi.CLOUD : JiraRestReader.SearchApi.DATA_CENTER, "fixture",
                issue -> outcomes.add(afterFeed(jiraReconciler.feedIssue(issue))), (p, n) -> { });
        return outcomes;
    }

    /**
     * Each error answer served by the Table API: the poll fails with the status, the scheduled poll survives it and the
     * watermark stays; and the envelope posted as a webhook is refused as an error response.
     */
    private List<String> serviceNowErrors(String body) throws IOException {
        List<String> outcomes = new ArrayList<>();
        watermarks.set("servicenow.poll.incident", "2000-01-01 00:00:00");
        for (JsonNode example : JSON.readTree(body).get("examples")) {
            var stub = SERVICENOW.stubFor(get(urlPathMatching("/api/now/v1/table/.*")).atPriority(1)
                    .willReturn(aResponse().withStatus(example.get("http_status").asInt())
                            .withHeader("Content-Type", "application/json")
                            .withBody(example.has("body") ? example.get("body").toString() : example.get("body_text").asText())));
            try {
                serviceNowPoller.poll();
                serviceNowPoller.pollTable("incident", BackfillProgress.NONE);
                outcomes.add("polled (unexpectedly)");
            } catch (RuntimeException e) {
                outcomes.add("failed " + example.get("http_status").asInt() + ": " + e.getMessage());
            } finally {
                SERVICENOW.removeStub(stub);
            }
            assertThat(watermarks.get("servicenow.poll.incident")).hasValue("2000-01-01 00:00:00");
        }
        JsonNode first = JSON.readTree(body).get("examples").get(0).get("body");
        outcomes.add(post("/webhooks/servicenow", first.toString(), json()));
        return outcomes;
    }

    private List<String> pollServiceNow(String body) throws IOException {
        TABLES.clear();
        JsonNode result = JSON.readTree(body).get("result");
        result.forEach(r -> TABLES.put("incident", (ObjectNode) r));
        watermarks.set("servicenow.poll.incident", "2000-01-01 00:00:00");
        List<InboundFeed.Receipt> receipts = new ArrayList<>();
        serviceNowPoller.pollTable("incident", new BackfillProgress() {
            @Override
            public void page(int pages, int records) {
            }

            @Override
            public void record(InboundFeed.Receipt receipt) {
                receipts.add(receipt);
            }
        });
        return receipts.stream().map(this::afterFeed).toList();
    }

    private String afterFeed(InboundFeed.Receipt receipt) {
        if (receipt.outcome() == InboundFeed.Outcome.REFUSED) {
            return "refused " + audit.latest(1).get(0).detail();
        }
        return settled(receipt.inboxId());
    }

    /** The stored model holds what the payload says: values written above, read back from the repositories. */
    private void assertModel(String name, String what, String id) {
        switch (what) {
            case "review" -> {
                String[] parts = id.split(" at ");
                var firstReview = jdbc.queryForObject("select first_review_at from scm_change where id = ?",
                        java.time.OffsetDateTime.class, parts[0]);
                assertThat(firstReview).as(name + ": first review of " + parts[0]).isNotNull();
                assertThat(firstReview.toInstant()).as(name + ": first review of " + parts[0])
                        .isEqualTo(java.time.Instant.parse(parts[1]));
            }
            case "stored" -> {
                Item want = ITEMS.get(id);
                assertThat(want).as("expected values for " + id).isNotNull();
                WorkItem item = workItems.findById(id).orElse(null);
                assertThat(item).as(name + ": stored item " + id).isNotNull();
                assertThat(item.source().key()).as(name + " key").isEqualTo(want.key());
                assertThat(item.kind()).as(name + " kind").isEqualTo(want.kind());
                if (want.title() != null) {
                    assertThat(item.title()).as(name + " title").isEqualTo(want.title());
                }
                if (want.status() != null) {
                    assertThat(item.status()).as(name + " status").isEqualTo(want.status());
                }
                if (want.label() != null) {
                    assertThat(item.labels()).as(name + " labels").contains(want.label());
                }
            }
            case "comment" -> {
                String[] parts = id.split(" on ");
                Comment comment = comments.findById(parts[0]).orElse(null);
                assertThat(comment).as(name + ": stored comment " + parts[0]).isNotNull();
                assertThat(comment.workItemId()).as(name + " comment's item").isEqualTo(parts[1]);
            }
            case "deployment" -> {
                Deploy want = DEPLOYMENTS.get(id);
                assertThat(want).as("expected values for " + id).isNotNull();
                Deployment deployment = deployments.findById(id).orElse(null);
                assertThat(deployment).as(name + ": stored deployment " + id).isNotNull();
                if (want.service() != null) {
                    assertThat(deployment.service()).as(name + " service").isEqualTo(want.service());
                }
                if (want.environment() != null) {
                    assertThat(deployment.environmentType()).as(name + " environment").isEqualTo(want.environment());
                }
                if (want.status() != null) {
                    assertThat(deployment.status()).as(name + " status").isEqualTo(want.status());
                }
            }
            default -> throw new IllegalArgumentException(what);
        }
    }

    private static HttpHeaders json() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return headers;
    }
}
