package io.scrumops.bridge.alignment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.scrumops.bridge.ingest.InboundEnvelope;
import io.scrumops.bridge.ingest.InboundNormalizer;
import io.scrumops.bridge.ingest.NormalizationOutcome;
import io.scrumops.bridge.support.BridgeIt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole bridge with one WireMock as Jira and one as ServiceNow. Inbound records go through the same normalizer
 * the inbound Kafka route calls, so each step is applied before the next one is sent; the outbox writers run on
 * their own timer against the fakes, and tests wait for the outbox to drain before reading the request journals.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        BridgeIt.JIRA_USER, BridgeIt.JIRA_TOKEN, BridgeIt.JIRA_BOT,
        BridgeIt.SERVICENOW_USER, BridgeIt.SERVICENOW_PASSWORD, BridgeIt.SERVICENOW_BOT,
        "scrumops.writeback.poll-period-ms=50", "scrumops.writeback.backoff-base=PT0.2S",
        "scrumops.writeback.max-attempts=4",
        "scrumops.writeback.jira-rate-per-second=1000", "scrumops.writeback.service-now-rate-per-second=1000",
        "camel.component.http.so-timeout=1500", "camel.component.http.response-timeout=1500"})
abstract class AlignmentItSupport {

    static final String SERVICE_DESK_GROUP = "d625dccec0a8016700a222a0f7900d06";
    static final String JIRA_BOT = "bridge-bot";
    static final String SN_BOT = "scrumops.bridge";
    static final String MAPPED_JIRA_ACCOUNT = "557058:dana";
    static final String MAPPED_SN_USER = "5137153cc611227c000bbd1bd8cd2005";
    static final ObjectMapper JSON = new ObjectMapper();
    static final WireMockServer JIRA = BridgeIt.startedFake();
    static final WireMockServer SN = BridgeIt.startedFake();
    static final AtomicLong CLOCK = new AtomicLong(Instant.parse("2026-03-01T08:00:00Z").getEpochSecond());
    static final AtomicLong IDS = new AtomicLong(30000);

    @Autowired
    InboundNormalizer normalizer;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TestRestTemplate http;

    @DynamicPropertySource
    static void wiring(DynamicPropertyRegistry registry) {
        Path mappings = BridgeIt.mappings("alignment-people", Map.of("alignment.yaml", text -> text.replace(
                "people: []", "people:\n  - {jira: " + MAPPED_JIRA_ACCOUNT + ", servicenow: " + MAPPED_SN_USER + "}")));
        BridgeIt.wire(registry, mappings, JIRA, SN);
    }

    /** Set by a test whose records must go in as production's do: webhook, inbox, Kafka, normalizer. */
    boolean throughPipeline;
    /** Set by a test that means to make dead letters; in any other test a dead letter fails it. */
    boolean deadLettersExpected;
    private long outboxBefore;

    @BeforeEach
    void defaultFakes() {
        deadLettersExpected = true;
        awaitOutboxDrained();
        io.scrumops.bridge.support.RemoteFakes.resetWithDefaults(JIRA, SN, TRANSITIONS);
        outboxBefore = jdbc.queryForObject("select coalesce(max(id), 0) from outbox", Long.class);
        deadLettersExpected = false;
        throughPipeline = false;
    }

    @org.junit.jupiter.api.AfterEach
    void noUnexpectedDeadLetters() {
        if (!deadLettersExpected) {
            assertThat(deadLettersOfThisTest()).as("dead letters").isEmpty();
        }
    }

    private List<Map<String, Object>> deadLettersOfThisTest() {
        return jdbc.queryForList("select id, command_type, attempts, last_error from outbox where status = 'DEAD'"
                + " and id > ?", outboxBefore);
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder okJson(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    static final String TRANSITIONS = """
            {"transitions": [
              {"id": "11", "name": "Start progress", "to": {"name": "In Progress", "statusCategory": {"key": "indeterminate"}}},
              {"id": "21", "name": "Hold", "to": {"name": "On Hold", "statusCategory": {"key": "indeterminate"}}},
              {"id": "31", "name": "Resolve", "to": {"name": "Resolved", "statusCategory": {"key": "done"}},
               "fields": {"resolution": {"required": true, "allowedValues": [{"id": "10000", "name": "Done"}]}}},
              {"id": "41", "name": "Close", "to": {"name": "Closed", "statusCategory": {"key": "done"}}},
              {"id": "51", "name": "Reopen", "to": {"name": "To Do", "statusCategory": {"key": "new"}}}
            ]}""";

    /** Stubs the create of the work package for one incident, answering with the given issue id and key. */
    void stubWorkPackageCreate(Incident incident, String issueId, String key) {
        JIRA.stubFor(post(urlPathEqualTo("/rest/api/2/issue")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.fields.labels[?(@ == '" + incident.bridgeLabel() + "')]"))
                .withRequestBody(matchingJsonPath("$.fields.issuetype.name", equalTo("Work Package")))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\": \"" + issueId + "\", \"key\": \"" + key + "\", \"self\": \""
                                + JIRA.baseUrl() + "/rest/api/2/issue/" + issueId + "\"}")));
    }

    NormalizationOutcome apply(String source, String itemKey, String body) {
        if (throughPipeline) {
            deliver(source, body);
            return null;
        }
        NormalizationOutcome outcome = normalizer.process(new InboundEnvelope(0, source, "it", itemKey, Map.of(), body));
        assertThat(outcome.isQuarantined()).as(outcome.reason()).isFalse();
        return outcome;
    }

    /**
     * Posts the record to its webhook as its sender would and waits until the inbox row is processed (it went through
     * Kafka and the normalizer); a redelivery the inbox already holds is answered as a duplicate and not processed.
     */
    @SuppressWarnings("unchecked")
    void deliver(String source, String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        var response = http.withBasicAuth("admin", "test-admin-password").postForEntity("/webhooks/" + source,
                new HttpEntity<>(body, headers), Map.class);
        assertThat(response.getStatusCode().value()).as(String.valueOf(response.getBody())).isIn(200, 202);
        Map<String, Object> answer = response.getBody();
        if ("duplicate".equals(answer.get("status"))) {
            return;
        }
        long inboxId = ((Number) answer.get("inboxId")).longValue();
        String status = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
                .until(() -> jdbc.queryForObject("select status from inbox where id = ?", String.class, inboxId),
                        s -> s.equals("PROCESSED") || s.equals("QUARANTINED"));
        assertThat(status).as("inbox " + inboxId + " " + jdbc.queryForList(
                "select reason from quarantine where inbox_id = ?", String.class, inboxId)).isEqualTo("PROCESSED");
    }

    /** Waits until nothing is left to write; a dead letter made by this test fails it unless the test expects one. */
    void awaitOutboxDrained() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> jdbc.queryForObject(
                "select count(*) from outbox where status in ('PENDING', 'IN_FLIGHT', 'FAILED')", Long.class) == 0);
        if (!deadLettersExpected) {
            assertThat(deadLettersOfThisTest()).as("dead letters").isEmpty();
        }
    }

    static List<LoggedRequest> requests(WireMockServer server, RequestMethod method, String urlRegex) {
        return server.findAll(new RequestPatternBuilder(method, urlMatching(urlRegex)));
    }

    /**
     * Every request the fake received since its journal was last reset, oldest first, as "METHOD path"; the reads of
     * the pollers running beside the test (ServiceNow poll, Jira reconciliation and sprint sync) are left out.
     */
    static List<String> calls(WireMockServer server) {
        List<String> calls = new ArrayList<>();
        server.getAllServeEvents().forEach(event -> {
            LoggedRequest request = event.getRequest();
            if (!isPollerRead(request)) {
                calls.add(0, request.getMethod() + " " + request.getUrl().replaceAll("\\?.*", ""));
            }
        });
        return calls;
    }

    private static boolean isPollerRead(LoggedRequest request) {
        if (!RequestMethod.GET.equals(request.getMethod())) {
            return false;
        }
        var query = request.queryParameter("sysparm_query");
        var jql = request.queryParameter("jql");
        return (query.isPresent() && query.firstValue().contains("sys_updated_on"))
                || (jql.isPresent() && jql.firstValue().contains("updated"))
                || request.getUrl().startsWith("/rest/agile/")
                // the release gates' scheduled read of each project's versions
                || request.getUrl().matches("/rest/api/\\d/project/[^/]+/versions.*");
    }

    static int count(WireMockServer server, RequestMethod method, String urlRegex) {
        return requests(server, method, urlRegex).size();
    }

    static String at(long epochSecond) {
        return LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC)
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
    }

    static String jiraAt(long epochSecond) {
        return LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC)
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS")) + "+0000";
    }

    /** A ServiceNow incident as the test changes it; each record() is one later version of it. */
    final class Incident {
        final String sysId;
        final String number;
        String state = "1";
        String priority;
        String summary;
        String assignedTo = "";
        String assignmentGroup = SERVICE_DESK_GROUP;
        String category = "";
        String correlationId = "";
        String closeCode = "";
        String closeNotes = "";
        long modCount = 0;
        final List<ObjectNode> journal = new ArrayList<>();
        /** Further fields of the record (stored values), e.g. for configured field pairs. */
        final Map<String, String> extra = new java.util.LinkedHashMap<>();
        /** The record's table: incident, or another paired table such as problem. */
        String table = "incident";

        Incident(String number, String priority, String summary) {
            // 32 letters and digits, the shape of a sys_id
            this(String.format("it%030d", IDS.incrementAndGet()), number, priority, summary);
        }

        Incident(String sysId, String number, String priority, String summary) {
            this.sysId = sysId;
            this.number = number;
            this.priority = priority;
            this.summary = summary;
        }

        String bridgeLabel() {
            return "scrumops-servicenow-" + table + "-" + sysId;
        }

        String itemKey() {
            return "servicenow:" + table + ":" + sysId;
        }

        /** Sends the incident as it now is, last updated by {@code user}. */
        void send(String user) {
            apply("servicenow", itemKey(), body(user));
        }

        /** The next version of the incident as a Table API response, last updated by {@code user}. */
        String body(String user) {
            modCount++;
            ObjectNode record = JSON.createObjectNode();
            record.put("sys_id", sysId);
            record.put("number", number);
            record.put("state", state);
            record.put("priority", priority);
            record.put("short_description", summary);
            record.put("assigned_to", assignedTo);
            record.put("assignment_group", assignmentGroup);
            record.put("category", category);
            record.put("correlation_id", correlationId);
            record.put("close_code", closeCode);
            record.put("close_notes", closeNotes);
            record.put("opened_at", at(CLOCK.get() - 3600));
            record.put("sys_updated_on", at(CLOCK.addAndGet(5)));
            record.put("sys_mod_count", String.valueOf(modCount));
            record.put("sys_updated_by", user);
            extra.forEach(record::put);
            ArrayNode rows = record.putArray("sys_journal_field");
            journal.forEach(rows::add);
            ObjectNode body = JSON.createObjectNode();
            body.set("result", record);
            return body.toString();
        }

        void addJournal(String element, String text, String user) {
            ObjectNode row = JSON.createObjectNode();
            row.put("sys_id", "j" + IDS.incrementAndGet());
            row.put("element", element);
            row.put("value", text);
            row.put("sys_created_by", user);
            row.put("sys_created_on", at(CLOCK.addAndGet(1)));
            journal.add(row);
        }
    }

    /** The Jira work package as the test changes it; each send is one webhook. */
    final class Issue {
        final String id;
        final String key;
        String status = "To Do";
        String statusCategory = "new";
        String priority;
        String summary;
        String assignee;
        String issueType = "Work Package";
        String team;
        String resolution;
        String incidentField;
        List<String> labels = new ArrayList<>();
        /** Further fields of the issue (JSON values), e.g. for configured field pairs. */
        final Map<String, Object> extra = new java.util.LinkedHashMap<>();

        Issue(String id, String key, String priority, String summary) {
            this.id = id;
            this.key = key;
            this.priority = priority;
            this.summary = summary;
        }

        ObjectNode issueNode(boolean withUpdated) {
            ObjectNode issue = JSON.createObjectNode();
            issue.put("id", id);
            issue.put("key", key);
            issue.put("self", JIRA.baseUrl() + "/rest/api/2/issue/" + id);
            ObjectNode fields = issue.putObject("fields");
            fields.putObject("issuetype").put("name", issueType).put("subtask", false);
            ArrayNode labelNodes = fields.putArray("labels");
            labels.forEach(labelNodes::add);
            if (team != null) {
                fields.putObject("customfield_10001").put("value", team);
            }
            if (incidentField != null) {
                fields.put("customfield_10210", incidentField);
            }
            if (resolution == null) {
                fields.putNull("resolution");
            } else {
                fields.putObject("resolution").put("name", resolution);
            }
            fields.putObject("project").put("key", key.substring(0, key.indexOf('-')));
            ObjectNode status = fields.putObject("status");
            status.put("name", this.status);
            status.putObject("statusCategory").put("key", statusCategory);
            fields.putObject("priority").put("name", priority);
            fields.put("summary", summary);
            if (assignee == null) {
                fields.putNull("assignee");
            } else {
                fields.putObject("assignee").put("accountId", assignee);
            }
            fields.put("created", jiraAt(CLOCK.get() - 3000));
            extra.forEach((name, value) -> fields.set(name, JSON.valueToTree(value)));
            if (withUpdated) {
                fields.put("updated", jiraAt(CLOCK.addAndGet(5)));
            }
            return issue;
        }

        void send(String actor) {
            apply("jira", "jira:issue:" + id, webhook("jira:issue_updated", actor));
        }

        /** The issue as it now is, in a webhook of {@code event} made by {@code actor}. */
        String webhook(String event, String actor) {
            ObjectNode hook = JSON.createObjectNode();
            hook.put("timestamp", CLOCK.get() * 1000);
            hook.put("webhookEvent", event);
            hook.putObject("user").put("accountId", actor);
            hook.set("issue", issueNode(true));
            return hook.toString();
        }

        void moveTo(String status, String category) {
            this.status = status;
            this.statusCategory = category;
        }

        void comment(String commentId, String body, String author) {
            commentEvent("comment_created", commentId, body, author, author);
        }

        /** A comment_updated or comment_deleted webhook; {@code actor} is who edited or deleted it. */
        void commentEvent(String event, String commentId, String body, String author, String actor) {
            ObjectNode hook = JSON.createObjectNode();
            long created = CLOCK.get();
            hook.put("timestamp", CLOCK.addAndGet(1) * 1000);
            hook.put("webhookEvent", event);
            hook.putObject("user").put("accountId", actor);
            hook.set("issue", issueNode(false));
            ObjectNode comment = hook.putObject("comment");
            comment.put("id", commentId);
            comment.put("self", JIRA.baseUrl() + "/rest/api/2/issue/" + id + "/comment/" + commentId);
            comment.putObject("author").put("accountId", author);
            comment.put("body", body);
            comment.put("created", jiraAt(event.equals("comment_created") ? CLOCK.get() : created - 60));
            comment.put("updated", jiraAt(CLOCK.get()));
            apply("jira", "jira:issue:" + id, hook.toString());
        }
    }

    /** The text of every comment the bridge posted to Jira for one issue. */
    static List<String> jiraCommentBodies(String key) throws IOException {
        List<String> bodies = new ArrayList<>();
        for (LoggedRequest r : requests(JIRA, RequestMethod.POST, "/rest/api/2/issue/" + key + "/comment")) {
            bodies.add(JSON.readTree(r.getBodyAsString()).path("body").asText());
        }
        return bodies;
    }

    static List<Map<String, Object>> serviceNowPatches(Incident incident) throws IOException {
        List<Map<String, Object>> bodies = new ArrayList<>();
        for (LoggedRequest r : requests(SN, RequestMethod.PATCH, "/api/now/table/incident/" + incident.sysId + ".*")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> body = JSON.readValue(r.getBodyAsString(), Map.class);
            bodies.add(body);
        }
        return bodies;
    }
}
