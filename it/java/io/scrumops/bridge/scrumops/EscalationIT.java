package io.scrumops.bridge.scrumops;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.scrumops.bridge.model.WorkItem;
import io.scrumops.bridge.store.SprintRepository;
import io.scrumops.bridge.store.WorkItemRepository;
import io.scrumops.bridge.support.BridgeIt;
import io.scrumops.bridge.support.RouteRuns;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.annotation.DirtiesContext;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.scrumops.bridge.scrumops.RulesItSupport.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A SEV2 incident from ServiceNow goes the whole way: paired with a Jira work package at the ops team (L1), escalated
 * to the application team (L2), resolved there. The real outbox writers run against WireMock as Jira and as
 * ServiceNow, and each step asserts from the request journals what each system received, and that nothing was
 * written twice.
 */
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "scrumops.inbox.relay-grace=PT1S",
        "scrumops.inbox.relay-period-ms=1000",
        "scrumops.rules.notify-transition=IN_PROGRESS",
        "scrumops.rules.sla-sweep.period-ms=1000",
        "scrumops.rules.sla-sweep.delay-ms=1000",
        "scrumops.rules.sprint-sync.enabled=false",
        BridgeIt.JIRA_USER, BridgeIt.JIRA_TOKEN, BridgeIt.JIRA_BOT,
        "scrumops.jira.reconcile.period-ms=3600000",
        BridgeIt.SERVICENOW_USER, BridgeIt.SERVICENOW_PASSWORD, BridgeIt.SERVICENOW_BOT,
        "scrumops.servicenow.poll.period-ms=3600000",
        "scrumops.writeback.poll-period-ms=50", "scrumops.writeback.backoff-base=PT0.2S",
        "scrumops.writeback.max-attempts=4",
        "scrumops.writeback.jira-rate-per-second=1000", "scrumops.writeback.service-now-rate-per-second=1000"})
class EscalationIT {

    static final String SERVICE_DESK_GROUP = "d625dccec0a8016700a222a0f7900d06";
    static final String JIRA_BOT = "bridge-bot";
    static final WireMockServer JIRA = BridgeIt.startedFake();
    static final WireMockServer SN = BridgeIt.startedFake();
    /** Its own copy: a test edits teams.yaml and sla.yaml. */
    static final Path mappings = BridgeIt.mappings("escalation", java.util.Map.of());

    @DynamicPropertySource
    static void wiring(DynamicPropertyRegistry registry) {
        BridgeIt.wire(registry, mappings, JIRA, SN);
    }

    @AfterAll
    static void stopFakes() {
        JIRA.stop();
        SN.stop();
    }

    @Autowired
    TestRestTemplate http;
    @Autowired
    WorkItemRepository workItems;
    @Autowired
    SprintRepository sprints;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    org.apache.camel.CamelContext camel;

    Instant now;

    @BeforeEach
    void teamsAndFakes() {
        awaitOutboxDrained();
        now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant earlier = now.minus(Duration.ofDays(1));
        sprints.upsert(RulesItSupport.activeSprint("7", "service-desk", now));
        sprints.upsert(RulesItSupport.activeSprint("21", "app-l2", now));
        workItems.upsert(RulesItSupport.story("1", "OPS-1", "service-desk", "jira:sprint:7", true, "default", earlier));
        workItems.upsert(RulesItSupport.story("2", "APP-1", "app-l2", "jira:sprint:21", false, "default", earlier));
        io.scrumops.bridge.support.RemoteFakes.resetWithDefaults(JIRA, SN, TRANSITIONS);
    }

    @Test
    void sev2IncidentIsEscalatedFromL1ToL2AndItsResolutionThereReachesTheOpsTeamAndTheIncidentOnce() throws Exception {
        String sysId = "esc0000000000000000000000000001";
        String l1 = "jira:issue:40001";
        String l2 = l1 + "#L2";
        stubCreate("scrumops-servicenow-incident-" + sysId, "40001", "OPS-41");
        stubCreate("scrumops-jira-issue-40001-l2", "50001", "APP-12");

        // 1. the incident arrives from ServiceNow and gets its work package at the ops team
        assertThat(postServiceNow(incident(sysId, "INC0090001", "2", 1)).getStatusCode().is2xxSuccessful()).isTrue();
        await().atMost(Duration.ofSeconds(60)).until(() -> count(JIRA, RequestMethod.POST,
                "/rest/api/2/issue/OPS-41/remotelink") == 1);
        awaitOutboxDrained();
        List<JsonNode> creates = bodies(JIRA, RequestMethod.POST, "/rest/api/2/issue");
        assertThat(creates).hasSize(1 + 4);
        JsonNode workPackage = creates.get(0).path("fields");
        assertThat(workPackage.path("project").path("key").asText()).isEqualTo("OPS");
        assertThat(workPackage.path("parent").path("key").asText()).isEqualTo("OPS-1");
        assertThat(workPackage.path("priority").path("name").asText()).isEqualTo("High");
        assertThat(workPackage.path("customfield_10020").asLong()).isEqualTo(7);
        assertThat(creates.subList(1, 5)).allSatisfy(task ->
                assertThat(task.path("fields").path("parent").path("key").asText()).isEqualTo("OPS-41"));
        List<JsonNode> snAtPairing = bodies(SN, RequestMethod.PATCH, "/api/now/table/incident/" + sysId + ".*");
        assertThat(snAtPairing).hasSize(2);
        assertThat(snAtPairing.get(0).path("correlation_id").asText()).isEqualTo("OPS-41");
        assertThat(snAtPairing.get(1).path("work_notes").asText()).startsWith("Tracked in Jira as OPS-41");

        // Jira announces the issue the bridge created: an echo, nothing is written back
        Instant l1Created = now.minus(Duration.ofHours(1));
        postJira(jiraIssue("40001", "OPS-41", "1", "To Do", "new", List.of("incident", "sev2",
                "scrumops-servicenow-incident-" + sysId), l1Created, now.minusSeconds(50), JIRA_BOT));
        await().atMost(Duration.ofSeconds(30)).until(() -> workItems.findById(l1).isPresent());
        await().atMost(Duration.ofSeconds(20)).until(() -> slaListed().contains(l1));
        awaitOutboxDrained();
        Journal beforeEscalation = journal();

        // 2. the duty manager escalates the package to level 2
        ResponseEntity<String> escalated = admin().postForEntity("/api/work-packages/" + l1 + "/escalate",
                json(Map.of("actor", "duty-manager", "note", "payment service code fix needed")), String.class);
        assertThat(escalated.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode answer = tree(escalated.getBody());
        assertThat(answer.path("workPackage").path("id").asText()).isEqualTo(l2);
        JsonNode attributes = answer.path("workPackage").path("workPackage");
        assertThat(attributes.path("escalationLevel").asInt()).isEqualTo(2);
        assertThat(Instant.parse(attributes.path("slaStartedAt").asText())).isEqualTo(l1Created);
        assertThat(Duration.parse(attributes.path("slaTarget").asText())).isEqualTo(Duration.ofHours(24));
        awaitOutboxDrained();
        // the SLA list shows the chain once, at its open level
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(slaListed()).contains(l2).doesNotContain(l1));

        Journal escalation = journal().since(beforeEscalation);
        List<JsonNode> l2Creates = escalation.bodies(RequestMethod.POST, "/rest/api/2/issue");
        assertThat(l2Creates).hasSize(1);
        JsonNode l2Issue = l2Creates.get(0).path("fields");
        assertThat(l2Issue.path("project").path("key").asText()).isEqualTo("APP");
        assertThat(l2Issue.path("parent").path("key").asText()).isEqualTo("APP-1");
        assertThat(l2Issue.path("customfield_10020").asLong()).isEqualTo(21);
        assertThat(l2Issue.path("issuetype").path("name").asText()).isEqualTo("Work Package");
        assertThat(l2Issue.path("description").asText()).contains("from OPS-41");
        assertThat(texts(l2Issue.path("labels"))).contains("escalated", "escalation-L2",
                "scrumops-jira-issue-40001-l2");
        List<JsonNode> issueLinks = escalation.bodies(RequestMethod.POST, "/rest/api/2/issueLink");
        assertThat(issueLinks).hasSize(1);
        assertThat(issueLinks.get(0).path("inwardIssue").path("key").asText()).isEqualTo("APP-12");
        assertThat(issueLinks.get(0).path("outwardIssue").path("key").asText()).isEqualTo("OPS-41");
        List<JsonNode> l1Comments = escalation.bodies(RequestMethod.POST, "/rest/api/2/issue/OPS-41/comment");
        assertThat(l1Comments).hasSize(1);
        assertThat(l1Comments.get(0).path("body").asText()).contains("level 2", "payment service code fix needed");
        List<JsonNode> escalationNotes = escalation.snBodies(sysId);
        assertThat(escalationNotes).hasSize(1);
        assertThat(escalationNotes.get(0).path("work_notes").asText()).contains("support level 2 (APP-1)", "payment service code fix needed");
        assertThat(escalation.writes()).as(escalation.describe()).isEqualTo(1 + 1 + 1 + 1);

        // the same request again writes nothing anywhere
        ResponseEntity<String> again = admin().postForEntity("/api/work-packages/" + l1 + "/escalate", null,
                String.class);
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(tree(again.getBody()).path("queued").asInt()).isZero();
        // L2 -> L3 is refused: the application team's story does not allow escalation
        ResponseEntity<String> refused = admin().postForEntity(URI.create("/api/work-packages/jira:issue:40001%23L2/escalate"),
                null, String.class);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(tree(refused.getBody()).path("reason").asText()).isEqualTo("ESCALATION_NOT_ALLOWED");

        // Jira announces the L2 issue, the application team starts on it: nothing is written back
        postJira(jiraIssue("50001", "APP-12", "2", "To Do", "new", texts(l2Issue.path("labels")), now, now.plusSeconds(1),
                JIRA_BOT));
        postJira(jiraIssue("50001", "APP-12", "2", "In Progress", "indeterminate", texts(l2Issue.path("labels")), now,
                now.plusSeconds(2), "app-dev"));
        await().atMost(Duration.ofSeconds(30)).until(() -> workItems.findById(l2).map(WorkItem::status)
                .map(Enum::name).filter("IN_PROGRESS"::equals).isPresent());
        awaitInboxProcessed();
        awaitQuietAfterMoreRuns();
        assertThat(journal().since(beforeEscalation).writes()).isEqualTo(escalation.writes());
        Journal beforeResolution = journal();

        // 3. the application team resolves the L2 package in Jira
        String done = jiraIssue("50001", "APP-12", "2", "Done", "done", texts(l2Issue.path("labels")), now,
                now.plusSeconds(3), "app-dev");
        postJira(done);
        await().atMost(Duration.ofSeconds(30)).until(() -> workItems.findById(l2).map(WorkItem::isDone).orElse(false));
        awaitOutboxDrained();

        Journal resolution = journal().since(beforeResolution);
        List<JsonNode> notified = resolution.bodies(RequestMethod.POST, "/rest/api/2/issue/OPS-41/comment");
        assertThat(notified).hasSize(1);
        assertThat(notified.get(0).path("body").asText()).contains("L2 completed in APP-12", "inform the customer");
        List<JsonNode> transitions = resolution.bodies(RequestMethod.POST, "/rest/api/2/issue/OPS-41/transitions");
        assertThat(transitions).hasSize(1);
        assertThat(transitions.get(0).path("transition").path("id").asText()).isEqualTo("11");
        List<JsonNode> resolutionNotes = resolution.snBodies(sysId);
        assertThat(resolutionNotes).hasSize(1);
        assertThat(resolutionNotes.get(0).path("work_notes").asText()).contains("(L2) completed in APP-12");
        assertThat(resolutionNotes.get(0).has("state")).isFalse();
        assertThat(resolution.writes()).as(resolution.describe()).isEqualTo(1 + 1 + 1);
        assertThat(resolution.count(RequestMethod.POST, "/rest/api/2/issue/APP-12/.*")).isZero();
        assertThat(workItems.findById(l1).map(WorkItem::isDone)).contains(false);

        // the redelivered webhook and a later edit of the done issue notify nobody again
        postJira(done);
        postJira(jiraIssue("50001", "APP-12", "2", "Done", "done", texts(l2Issue.path("labels")), now,
                now.plusSeconds(4), "app-dev"));
        awaitInboxProcessed();
        awaitQuietAfterMoreRuns();
        assertThat(journal().since(beforeResolution).writes()).isEqualTo(resolution.writes());

        // one SLA clock for the chain, on its open original's start and target; no clock for the L2 issue's mirror
        assertThat(workItems.findById(l2).map(w -> w.workPackage().slaStartedAt())).contains(l1Created);
        assertThat(workItems.findById(l2).map(w -> w.workPackage().slaTarget())).contains(Duration.ofHours(24));
        assertThat(jdbc.queryForList("select work_package_id from sla_status", String.class))
                .doesNotContain("jira:issue:50001");
    }

    @Test
    void escalatingATaskIsRefusedAsNotAWorkPackageAndNothingIsQueued() throws Exception {
        WorkItem parent = RulesItSupport.workPackage("60101", "OPS-71", "jira:issue:1", "service-desk",
                "jira:sprint:7", io.scrumops.bridge.model.Severity.SEV2, now);
        workItems.upsert(parent);
        workItems.upsert(new WorkItem("jira:issue:60102", io.scrumops.bridge.model.WorkItemKind.TASK,
                new io.scrumops.bridge.model.SourceRef(io.scrumops.bridge.model.SourceSystem.JIRA, "issue", "60102",
                        "OPS-72", null, 1, now), "Inform the customer", null,
                io.scrumops.bridge.model.CanonicalStatus.NEW, "To Do", null, null, null, null, null, "service-desk",
                parent.id(), "jira:sprint:7", java.util.Set.of(), now, now, null, null, null));
        Integer outboxBefore = jdbc.queryForObject("select count(*) from outbox", Integer.class);

        ResponseEntity<String> refused = admin().postForEntity("/api/work-packages/jira:issue:60102/escalate", null,
                String.class);

        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(tree(refused.getBody()).path("reason").asText()).isEqualTo("NOT_A_WORK_PACKAGE");
        assertThat(jdbc.queryForObject("select count(*) from outbox", Integer.class)).isEqualTo(outboxBefore);
    }

    @Test
    void escalateLabelPutOnInJiraCreatesTheL2IssueAndNotesTheIncident() throws Exception {
        String sysId = "esc0000000000000000000000000002";
        stubCreate("scrumops-servicenow-incident-" + sysId, "40002", "OPS-42");
        stubCreate("scrumops-jira-issue-40002-l2", "50002", "APP-13");
        postServiceNow(incident(sysId, "INC0090002", "2", 1));
        await().atMost(Duration.ofSeconds(60)).until(() -> count(JIRA, RequestMethod.POST,
                "/rest/api/2/issue/OPS-42/remotelink") == 1);
        awaitOutboxDrained();
        Instant created = now.minus(Duration.ofMinutes(30));
        List<String> labels = List.of("incident", "sev2", "scrumops-servicenow-incident-" + sysId);
        postJira(jiraIssue("40002", "OPS-42", "1", "In Progress", "indeterminate", labels, created,
                now.minusSeconds(20), "ops-dev"));
        await().atMost(Duration.ofSeconds(30)).until(() -> workItems.findById("jira:issue:40002").isPresent());
        awaitOutboxDrained();
        Journal beforeLabel = journal();

        List<String> withLabel = new ArrayList<>(labels);
        withLabel.add("escalate");
        postJira(jiraIssue("40002", "OPS-42", "1", "In Progress", "indeterminate", withLabel, created,
                now.minusSeconds(10), "ops-dev"));
        await().atMost(Duration.ofSeconds(30)).until(() -> workItems.findById("jira:issue:40002#L2").isPresent());
        awaitOutboxDrained();

        Journal escalation = journal().since(beforeLabel);
        List<JsonNode> l2Creates = escalation.bodies(RequestMethod.POST, "/rest/api/2/issue");
        assertThat(l2Creates).hasSize(1);
        JsonNode fields = l2Creates.get(0).path("fields");
        assertThat(fields.path("parent").path("key").asText()).isEqualTo("APP-1");
        assertThat(texts(fields.path("labels"))).contains("escalated", "escalation-L2").doesNotContain("escalate");
        assertThat(escalation.bodies(RequestMethod.POST, "/rest/api/2/issue/OPS-42/comment")).singleElement()
                .satisfies(c -> assertThat(c.path("body").asText()).contains("level 2", "label escalate"));
        assertThat(escalation.snBodies(sysId)).singleElement()
                .satisfies(n -> assertThat(n.path("work_notes").asText()).contains("support level 2"));
    }

    @Test
    void reloadedTeamsFileChangesWhereEscalationGoesAndABrokenRuleFileIsRefusedNamingFileKeyAndValue() throws Exception {
        Path teams = mappings.resolve("teams.yaml");
        Path sla = mappings.resolve("sla.yaml");
        String shippedTeams = java.nio.file.Files.readString(teams);
        String shippedSla = java.nio.file.Files.readString(sla);
        workItems.upsert(RulesItSupport.workPackage("60001", "OPS-61", "jira:issue:1", "service-desk",
                "jira:sprint:7", io.scrumops.bridge.model.Severity.SEV3, now.minus(Duration.ofMinutes(10))));
        try {
            java.nio.file.Files.writeString(sla, shippedSla.replace("      SEV2: 24h\n      SEV3: 3d",
                    "      SEV2: soon\n      SEV3: 3d"));
            ResponseEntity<String> refused = admin().postForEntity("/api/mappings/reload", null, String.class);
            assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
            assertThat(tree(refused.getBody()).path("error").asText())
                    .contains(sla + ": policies.default.targets.SEV2 = 'soon'");
            java.nio.file.Files.writeString(sla, shippedSla);

            java.nio.file.Files.writeString(teams, shippedTeams.replace("escalation-targets: { \"*\": APP-1 }",
                    "escalation-targets: { website: APP-1 }"));
            assertThat(admin().postForEntity("/api/mappings/reload", null, String.class).getStatusCode())
                    .isEqualTo(HttpStatus.OK);
            ResponseEntity<String> noTarget = admin().postForEntity("/api/work-packages/jira:issue:60001/escalate",
                    null, String.class);
            assertThat(noTarget.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
            assertThat(tree(noTarget.getBody()).path("reason").asText()).isEqualTo("NO_TARGET_FOR_CATEGORY");
        } finally {
            java.nio.file.Files.writeString(teams, shippedTeams);
            java.nio.file.Files.writeString(sla, shippedSla);
            assertThat(admin().postForEntity("/api/mappings/reload", null, String.class).getStatusCode())
                    .isEqualTo(HttpStatus.OK);
        }
        assertThat(admin().postForEntity("/api/work-packages/jira:issue:60001/escalate", null, String.class)
                .getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    // --- Jira and ServiceNow as the test drives them

    static final String TRANSITIONS = """
            {"transitions": [
              {"id": "11", "name": "Start progress", "to": {"name": "In Progress", "statusCategory": {"key": "indeterminate"}}},
              {"id": "31", "name": "Resolve", "to": {"name": "Resolved", "statusCategory": {"key": "done"}},
               "fields": {"resolution": {"required": true, "allowedValues": [{"id": "10000", "name": "Done"}]}}},
              {"id": "51", "name": "Reopen", "to": {"name": "To Do", "statusCategory": {"key": "new"}}}
            ]}""";

    private static void stubCreate(String bridgeLabel, String id, String key) {
        JIRA.stubFor(post(urlPathEqualTo("/rest/api/2/issue")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.fields.labels[?(@ == '" + bridgeLabel + "')]"))
                .withRequestBody(matchingJsonPath("$.fields.issuetype.name", com.github.tomakehurst.wiremock.client.WireMock.equalTo("Work Package")))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\": \"" + id + "\", \"key\": \"" + key + "\"}")));
    }

    private String incident(String sysId, String number, String priority, int modCount) {
        Map<String, Object> record = new java.util.LinkedHashMap<>();
        record.put("sys_id", sysId);
        record.put("number", number);
        record.put("state", "2");
        record.put("priority", priority);
        record.put("short_description", "Card payments fail at checkout");
        record.put("assigned_to", "");
        record.put("assignment_group", SERVICE_DESK_GROUP);
        record.put("opened_at", snTime(now.minus(Duration.ofHours(1))));
        record.put("sys_updated_on", snTime(now.minusSeconds(60)));
        record.put("sys_mod_count", String.valueOf(modCount));
        record.put("sys_updated_by", "alice.ops");
        record.put("sys_journal_field", List.of());
        return write(Map.of("result", record));
    }

    private static String jiraIssue(String id, String key, String parentId, String status, String category,
                                    List<String> labels, Instant created, Instant updated, String actor) {
        return RulesItSupport.workPackageWebhook(id, key, parentId, status, category, labels, created, updated, actor,
                key.substring(0, key.indexOf('-')));
    }

    private static String snTime(Instant at) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(java.time.ZoneOffset.UTC)
                .format(at);
    }

    private static String write(Object value) {
        try {
            return RulesItSupport.JSON.writeValueAsString(value);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private ResponseEntity<String> postServiceNow(String body) {
        return admin().postForEntity("/webhooks/servicenow", json(body), String.class);
    }

    private void postJira(String body) {
        ResponseEntity<String> answer = admin().postForEntity("/webhooks/jira", json(body), String.class);
        assertThat(answer.getStatusCode().is2xxSuccessful()).as(answer.getBody()).isTrue();
    }

    private List<String> slaListed() {
        List<String> ids = new java.util.ArrayList<>();
        tree(admin().getForEntity("/api/sla", String.class).getBody())
                .forEach(row -> ids.add(row.path("workPackageId").asText()));
        return ids;
    }

    private TestRestTemplate admin() {
        return BridgeIt.admin(http);
    }

    private static HttpEntity<Object> json(Object body) {
        return new HttpEntity<>(body, BridgeIt.json());
    }

    private void awaitOutboxDrained() {
        BridgeIt.awaitOutboxDrained(jdbc);
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder okJson(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    /**
     * The positive marker before "nothing more happened": every step that could still write has run again since the
     * inbox was processed (an SLA sweep, the rule hooks' outbox dispatch), and the outbox is drained.
     */
    private void awaitQuietAfterMoreRuns() {
        RouteRuns runs = RouteRuns.of(camel);
        runs.awaitMore("sla-sweep", 2, Duration.ofSeconds(30));
        runs.awaitMore("outbox-dispatch", 2, Duration.ofSeconds(30));
        awaitOutboxDrained();
    }

    private void awaitInboxProcessed() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> jdbc.queryForObject(
                "select count(*) from inbox where status in ('RECEIVED', 'PUBLISHED')", Long.class) == 0);
    }

    private static int count(WireMockServer server, RequestMethod method, String urlRegex) {
        return server.findAll(new RequestPatternBuilder(method, urlMatching(urlRegex))).size();
    }

    private static List<JsonNode> bodies(WireMockServer server, RequestMethod method, String urlRegex) {
        return server.findAll(new RequestPatternBuilder(method, urlMatching(urlRegex))).stream()
                .map(r -> tree(r.getBodyAsString())).toList();
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static Journal journal() {
        List<LoggedRequest> all = new ArrayList<>(JIRA.getAllServeEvents().stream().map(e -> e.getRequest())
                .map(LoggedRequest.class::cast).toList());
        List<LoggedRequest> sn = SN.getAllServeEvents().stream().map(e -> e.getRequest()).map(LoggedRequest.class::cast)
                .toList();
        return new Journal(all, sn);
    }

    /** What Jira and ServiceNow received, newest first as WireMock keeps it. */
    record Journal(List<LoggedRequest> jira, List<LoggedRequest> serviceNow) {

        Journal since(Journal earlier) {
            return new Journal(jira.subList(0, jira.size() - earlier.jira.size()),
                    serviceNow.subList(0, serviceNow.size() - earlier.serviceNow.size()));
        }

        List<JsonNode> bodies(RequestMethod method, String urlRegex) {
            return jira.stream().filter(r -> r.getMethod().equals(method) && r.getUrl().split("\\?")[0].matches(urlRegex))
                    .map(r -> tree(r.getBodyAsString())).collect(oldestFirst());
        }

        int count(RequestMethod method, String urlRegex) {
            return bodies(method, urlRegex).size();
        }

        List<JsonNode> snBodies(String sysId) {
            return serviceNow.stream().filter(r -> r.getMethod().equals(RequestMethod.PATCH)
                            && r.getUrl().contains("/incident/" + sysId))
                    .map(r -> tree(r.getBodyAsString())).collect(oldestFirst());
        }

        private static java.util.stream.Collector<JsonNode, ?, List<JsonNode>> oldestFirst() {
            return java.util.stream.Collectors.collectingAndThen(java.util.stream.Collectors.toList(), list -> {
                java.util.Collections.reverse(list);
                return list;
            });
        }

        /** Calls that change something: everything but reads. */
        long writes() {
            return jira.stream().filter(r -> !r.getMethod().equals(RequestMethod.GET)).count()
                    + serviceNow.stream().filter(r -> !r.getMethod().equals(RequestMethod.GET)).count();
        }

        String describe() {
            List<String> lines = new ArrayList<>();
            jira.forEach(r -> lines.add("jira " + r.getMethod() + " " + r.getUrl() + " " + r.getBodyAsString()));
            serviceNow.forEach(r -> lines.add("servicenow " + r.getMethod() + " " + r.getUrl() + " " + r.getBodyAsString()));
            return String.join("\n", lines);
        }
    }
}
