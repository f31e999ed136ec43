package io.scrumops.bridge.scrumops;

import com.fasterxml.jackson.databind.JsonNode;
import io.scrumops.bridge.model.Severity;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.model.WorkItem;
import io.scrumops.bridge.store.SprintRepository;
import io.scrumops.bridge.store.SyncLink;
import io.scrumops.bridge.store.SyncLinkRepository;
import io.scrumops.bridge.store.WorkItemRepository;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static io.scrumops.bridge.scrumops.RulesItSupport.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A SEV2 incident's work package at the ops team (L1) goes to the application team (L2) and is resolved there; at
 * each step the outbox holds exactly the write commands for Jira and ServiceNow that the step calls for.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "scrumops.inbox.relay-grace=PT1S",
        "scrumops.inbox.relay-period-ms=1000",
        "scrumops.rules.notify-transition=IN_PROGRESS",
        "scrumops.rules.sla-sweep.period-ms=1000",
        "scrumops.rules.sla-sweep.delay-ms=1000"})
class EscalationIT {

    static Path mappings;

    @BeforeAll
    static void copyMappings() {
        mappings = RulesItSupport.copyMappings();
    }

    @DynamicPropertySource
    static void mappingDirectory(DynamicPropertyRegistry registry) {
        registry.add("scrumops.mapping.directory", () -> mappings.toString());
    }

    @Autowired
    TestRestTemplate http;
    @Autowired
    WorkItemRepository workItems;
    @Autowired
    SprintRepository sprints;
    @Autowired
    SyncLinkRepository links;
    @Autowired
    DataSource dataSource;

    record Row(String key, String type, String aggregate, JsonNode payload) {
    }

    @Test
    void sev2PackageEscalatesFromL1ToL2AndItsResolutionNotifiesTheOpsTeamAndTheIncident() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant opened = now.minus(Duration.ofHours(1));
        sprints.upsert(RulesItSupport.activeSprint("7", "ops-l1", now));
        sprints.upsert(RulesItSupport.activeSprint("21", "app-l2", now));
        workItems.upsert(RulesItSupport.story("1", "OPS-1", "ops-l1", "jira:sprint:7", true, "default", opened));
        workItems.upsert(RulesItSupport.story("2", "APP-1", "app-l2", "jira:sprint:21", false, "default", opened));
        workItems.upsert(RulesItSupport.incident("a1b2c3", "INC0010001", opened));
        workItems.upsert(RulesItSupport.workPackage("11", "OPS-11", "jira:issue:1", "ops-l1", "jira:sprint:7",
                Severity.SEV2, opened));
        links.save(SyncLink.of("jira:issue:11", SourceSystem.SERVICENOW, "a1b2c3", "INC0010001", null));

        // L1 -> L2 on request
        ResponseEntity<String> escalated = admin().postForEntity("/api/work-packages/jira:issue:11/escalate",
                json(Map.of("actor", "duty-manager", "note", "payment service code fix needed")), String.class);

        assertThat(escalated.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode answer = tree(escalated.getBody());
        assertThat(answer.path("workPackage").path("id").asText()).isEqualTo("jira:issue:11#L2");
        JsonNode attributes = answer.path("workPackage").path("workPackage");
        assertThat(attributes.path("escalationLevel").asInt()).isEqualTo(2);
        assertThat(Instant.parse(attributes.path("slaStartedAt").asText())).isEqualTo(opened);
        assertThat(Duration.parse(attributes.path("slaTarget").asText())).isEqualTo(Duration.ofHours(24));

        List<Row> afterEscalation = chainOutbox();
        assertThat(afterEscalation).extracting(Row::type, Row::aggregate).containsExactly(
                org.assertj.core.groups.Tuple.tuple("JiraCreateIssue", "jira:issue:11#L2"),
                org.assertj.core.groups.Tuple.tuple("JiraComment", "jira:issue:11"),
                org.assertj.core.groups.Tuple.tuple("ServiceNowJournalEntry", "servicenow:incident:a1b2c3"));
        JsonNode create = afterEscalation.get(0).payload();
        assertThat(afterEscalation.get(0).key()).isEqualTo("escalate:jira:issue:11:L2|JiraCreateIssue");
        assertThat(create.path("projectKey").asText()).isEqualTo("APP");
        assertThat(create.path("parentKey").asText()).isEqualTo("APP-1");
        assertThat(create.path("sprintId").asText()).isEqualTo("21");
        assertThat(create.path("issueType").asText()).isEqualTo("Work Package");
        assertThat(create.path("labels").toString()).contains("escalated", "escalation-L2");
        JsonNode comment = afterEscalation.get(1).payload();
        assertThat(comment.path("issueKey").asText()).isEqualTo("OPS-11");
        assertThat(comment.path("body").asText()).contains("level 2", "jira:issue:2", "payment service code fix needed");
        JsonNode note = afterEscalation.get(2).payload();
        assertThat(note.path("table").asText()).isEqualTo("incident");
        assertThat(note.path("sysId").asText()).isEqualTo("a1b2c3");
        assertThat(note.path("visibility").asText()).isEqualTo("INTERNAL");
        assertThat(note.path("text").asText()).contains("support level 2");

        // the same request again queues nothing new
        ResponseEntity<String> again = admin().postForEntity("/api/work-packages/jira:issue:11/escalate", null,
                String.class);
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(tree(again.getBody()).path("queued").asInt()).isZero();
        assertThat(chainOutbox()).hasSize(3);

        // L2 -> L3 is refused: the application team's story does not allow escalation
        ResponseEntity<String> refused = admin().postForEntity(java.net.URI.create("/api/work-packages/jira:issue:11%23L2/escalate"), null,
                String.class);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(tree(refused.getBody()).path("reason").asText()).isEqualTo("ESCALATION_NOT_ALLOWED");
        assertThat(tree(refused.getBody()).path("rule").asText()).contains("must allow escalation");
        assertThat(chainOutbox()).hasSize(3);

        // the writer created the L2 issue as APP-12; the application team resolves it in Jira
        links.save(SyncLink.of("jira:issue:11#L2", SourceSystem.JIRA, "2002", "APP-12", null));
        assertThat(postJira(RulesItSupport.workPackageWebhook("2002", "APP-12", "2", "Done", "done",
                List.of("escalated", "escalation-L2"), now, now.plusSeconds(60))).getStatusCode())
                .isEqualTo(HttpStatus.ACCEPTED);

        await().atMost(Duration.ofSeconds(30)).until(() -> chainOutbox().size() >= 6);
        List<Row> afterResolution = chainOutbox().subList(3, chainOutbox().size());
        assertThat(afterResolution).extracting(Row::type, Row::aggregate, Row::key).containsExactly(
                org.assertj.core.groups.Tuple.tuple("JiraComment", "jira:issue:11",
                        "escalation-completed:jira:issue:11:jira:issue:11#L2|JiraComment"),
                org.assertj.core.groups.Tuple.tuple("JiraTransition", "jira:issue:11",
                        "escalation-completed:jira:issue:11:jira:issue:11#L2|JiraTransition"),
                org.assertj.core.groups.Tuple.tuple("ServiceNowJournalEntry", "servicenow:incident:a1b2c3",
                        "comment:servicenow:incident:a1b2c3:escalation-completed:jira:issue:11#L2|ServiceNowJournalEntry"));
        assertThat(afterResolution.get(0).payload().path("issueKey").asText()).isEqualTo("OPS-11");
        assertThat(afterResolution.get(0).payload().path("body").asText()).contains("inform the customer");
        assertThat(afterResolution.get(1).payload().path("targetStatus").asText()).isEqualTo("IN_PROGRESS");
        assertThat(afterResolution.get(2).payload().path("visibility").asText()).isEqualTo("INTERNAL");
        assertThat(workItems.findById("jira:issue:11#L2").map(WorkItem::isDone)).contains(true);
        assertThat(workItems.findById("jira:issue:11").map(WorkItem::isDone)).contains(false);
    }

    @Test
    void escalateLabelPutOnInJiraEscalatesThePackage() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        sprints.upsert(RulesItSupport.activeSprint("7", "ops-l1", now));
        sprints.upsert(RulesItSupport.activeSprint("21", "app-l2", now));
        workItems.upsert(RulesItSupport.story("1", "OPS-1", "ops-l1", "jira:sprint:7", true, "default", now));
        workItems.upsert(RulesItSupport.story("2", "APP-1", "app-l2", "jira:sprint:21", false, "default", now));
        Instant created = now.minus(Duration.ofMinutes(30));

        assertThat(postJira(RulesItSupport.workPackageWebhook("31", "OPS-31", "1", "In Progress", "indeterminate",
                List.of("incident"), created, now)).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        await().atMost(Duration.ofSeconds(30)).until(() -> workItems.findById("jira:issue:31").isPresent());
        assertThat(postJira(RulesItSupport.workPackageWebhook("31", "OPS-31", "1", "In Progress", "indeterminate",
                List.of("incident", "escalate"), created, now.plusSeconds(5))).getStatusCode())
                .isEqualTo(HttpStatus.ACCEPTED);

        await().atMost(Duration.ofSeconds(30)).until(() -> workItems.findById("jira:issue:31#L2").isPresent());
        assertThat(outbox("jira:issue:31")).filteredOn(r -> r.key().startsWith("escalate:jira:issue:31:L2"))
                .singleElement().satisfies(r -> {
                    assertThat(r.type()).isEqualTo("JiraCreateIssue");
                    assertThat(r.payload().path("parentKey").asText()).isEqualTo("APP-1");
                    assertThat(r.payload().path("labels").toString()).doesNotContain("\"escalate\"");
                });
    }

    private List<Row> outbox(String... aggregatePrefixes) {
        return JdbcClient.create(dataSource)
                .sql("select idempotency_key, command_type, aggregate_id, payload::text from outbox order by id")
                .query((rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), tree(rs.getString(4))))
                .list().stream()
                .filter(r -> java.util.Arrays.stream(aggregatePrefixes).anyMatch(p -> r.aggregate().startsWith(p)))
                .toList();
    }

    private List<Row> chainOutbox() {
        return outbox("jira:issue:11", "servicenow:incident:a1b2c3");
    }

    private TestRestTemplate admin() {
        return http.withBasicAuth("admin", "test-admin-password");
    }

    private static HttpEntity<Object> json(Object body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return new HttpEntity<>(body, headers);
    }

    private ResponseEntity<String> postJira(String body) {
        return admin().postForEntity("/webhooks/jira", json(body), String.class);
    }
}
