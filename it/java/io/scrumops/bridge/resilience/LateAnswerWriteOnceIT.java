package io.scrumops.bridge.resilience;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.scrumops.bridge.adapter.jira.JiraWriter;
import io.scrumops.bridge.model.CommentVisibility;
import io.scrumops.bridge.support.BridgeIt;
import io.scrumops.bridge.support.RemoteFakes;
import io.scrumops.bridge.writeback.JiraComment;
import io.scrumops.bridge.writeback.JiraCreateIssue;
import io.scrumops.bridge.writeback.ServiceNowCreateRecord;
import io.scrumops.bridge.writeback.ServiceNowJournalEntry;
import io.scrumops.bridge.writeback.WriteCommand;
import io.scrumops.bridge.writeback.WriteCommandQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A write that must not be made twice (an issue create, a comment, a work note, an incident create, an attachment
 * upload) whose remote
 * applied it but answered only after the bridge's timeout (1 s here; the fakes answer after 3 s). The bridge cannot
 * tell that from a write that never arrived; its next attempt must find the first write by the marker the bridge put
 * in it and take it, so that exactly one record exists and the command is done pointing at it. The fakes keep what
 * was written, as the real systems do, and the request journals count what was sent.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        BridgeIt.JIRA_USER, BridgeIt.JIRA_TOKEN, BridgeIt.JIRA_BOT,
        BridgeIt.SERVICENOW_USER, BridgeIt.SERVICENOW_PASSWORD, BridgeIt.SERVICENOW_BOT,
        "scrumops.jira.reconcile.period-ms=3600000", "scrumops.servicenow.poll.period-ms=3600000",
        "scrumops.rules.sprint-sync.enabled=false",
        "scrumops.writeback.poll-period-ms=50", "scrumops.writeback.backoff-base=PT0.2S",
        "scrumops.writeback.max-attempts=4",
        "scrumops.writeback.jira-rate-per-second=1000", "scrumops.writeback.service-now-rate-per-second=1000",
        "camel.component.http.so-timeout=1000", "camel.component.http.response-timeout=1000",
        "scrumops.attachments.transfer-timeout=PT1S"})
class LateAnswerWriteOnceIT {

    /** Longer than the bridge's 1 s timeout above. */
    private static final int LATE_MILLIS = 3_000;
    private static final StatefulFakes.Jira JIRA_STATE = new StatefulFakes.Jira();
    private static final StatefulFakes.ServiceNow SN_STATE = new StatefulFakes.ServiceNow();
    private static final WireMockServer JIRA = BridgeIt.started(new WireMockServer(options().dynamicPort()
            .extensions(JIRA_STATE)));
    private static final WireMockServer SN = BridgeIt.started(new WireMockServer(options().dynamicPort()
            .extensions(SN_STATE)));

    @Autowired
    WriteCommandQueue queue;
    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void wiring(DynamicPropertyRegistry registry) {
        new BridgeIt.Remotes(JIRA, SN).wire(registry);
    }

    @AfterAll
    static void stopFakes() {
        new BridgeIt.Remotes(JIRA, SN).stop();
    }

    @BeforeEach
    void healthyFakes() {
        RemoteFakes.resetWithDefaults(JIRA, SN, "{\"transitions\": []}");
        JIRA_STATE.serveOn(JIRA);
        JIRA_STATE.serveAttachmentsOn(JIRA);
        SN_STATE.serveOn(SN);
        SN_STATE.serveIncidentsOn(SN);
    }

    @Test
    void issueCreateAnsweredAfterTheTimeoutIsFoundByItsLabelAndNotCreatedTwice() {
        String item = "jira:issue:91001#L2";
        String label = JiraWriter.bridgeLabel(item);
        JIRA_STATE.answerLateOnce("create", LATE_MILLIS);

        long id = enqueueAndAwaitDone("late:create:91001", new JiraCreateIssue(item, "APP", "Work Package",
                "Checkout fails after the late answer", "from L1", "APP-1", null, null, List.of("escalated"),
                List.of(), Map.of(), List.of(), null));

        List<ObjectNode> issues = JIRA_STATE.issuesLabelled(label);
        assertThat(issues).hasSize(1);
        assertThat(posts(JIRA, "/rest/api/2/issue")).filteredOn(r -> r.getBodyAsString().contains(label)).hasSize(1);
        assertDone(id, issues.get(0).path("id").asText(), issues.get(0).path("key").asText());
    }

    @Test
    void commentTheBridgeWritesItselfAnsweredAfterTheTimeoutIsFoundByItsMarkerAndNotWrittenTwice() {
        String text = "SLA at risk: 80 % of the target used, 2 h left.";
        JIRA_STATE.answerLateOnce("comment", LATE_MILLIS);

        long id = enqueueAndAwaitDone("late:comment:APP-912", new JiraComment("jira:issue:91002", "APP-912", text,
                "scrumops", CommentVisibility.INTERNAL, null));

        List<ObjectNode> comments = JIRA_STATE.comments("APP-912");
        assertThat(comments).extracting(c -> c.path("body").asText()).containsExactly(text);
        assertThat(comments.get(0).path("properties").get(0).path("value").path("id").asText())
                .isEqualTo("outbox:" + id);
        assertThat(posts(JIRA, "/rest/api/2/issue/APP-912/comment")).hasSize(1);
        assertDone(id, "jira:comment:" + comments.get(0).path("id").asText(), "APP-912");
    }

    @Test
    void workNoteAnsweredAfterTheTimeoutIsFoundInTheJournalAndNotWrittenTwice() {
        String sysId = "4f1c2a9be0d34c5f8a7b6c5d4e3f2a19";
        String text = "SLA breached: the target of 8 h passed.";
        SN_STATE.answerLateOnce("work_notes", LATE_MILLIS);

        long id = enqueueAndAwaitDone("late:work-note:" + sysId, new ServiceNowJournalEntry(
                "servicenow:incident:" + sysId, "incident", sysId, text, "scrumops", CommentVisibility.INTERNAL, null));

        List<ObjectNode> journal = SN_STATE.journal(sysId);
        assertThat(journal).extracting(e -> e.path("element").asText() + ": " + e.path("value").asText())
                .containsExactly("work_notes: " + text);
        assertThat(SN.findAll(anyRequestedFor(urlPathMatching("/api/now/table/incident/" + sysId))).stream()
                .filter(r -> r.getMethod().equals(RequestMethod.PATCH)).toList()).hasSize(1);
        assertDone(id, "servicenow:journal:" + journal.get(0).path("sys_id").asText(), null);
    }

    @Test
    void incidentCreateAnsweredAfterTheTimeoutIsFoundByItsCorrelationIdAndNotCreatedTwice() {
        SN_STATE.answerLateOnce("create", LATE_MILLIS);

        long id = enqueueAndAwaitDone("late:incident:APP-914", new ServiceNowCreateRecord("jira:issue:91004",
                "incident", "APP-914", null, Map.of("short_description", "Payments time out")));

        List<ObjectNode> incidents = SN_STATE.incidentsCorrelatedWith("APP-914");
        assertThat(incidents).hasSize(1);
        assertThat(posts(SN, "/api/now/table/incident")).hasSize(1);
        assertDone(id, incidents.get(0).path("sys_id").asText(), incidents.get(0).path("number").asText());
    }

    @Test
    void attachmentUploadAnsweredAfterTheTimeoutIsFoundByNameAndSizeAndNotUploadedTwice() {
        byte[] log = "2026-03-01T10:00:00Z payment gateway timed out after 30 s\n".repeat(40)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        SN.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
                        com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(
                                "/api/now/attachment/7a11c0ffee0000000000000000000001/file"))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(200)
                        .withHeader("Content-Type", "text/plain").withBody(log)));
        JIRA_STATE.answerLateOnce("attachment", LATE_MILLIS);

        long id = enqueueAndAwaitDone("late:attachment:APP-915", new io.scrumops.bridge.writeback.JiraAttachmentUpload(
                "jira:issue:91005", "APP-915", "servicenow:attachment:7a11c0ffee0000000000000000000001",
                "7a11c0ffee0000000000000000000001", "gateway.log", "text/plain", (long) log.length));

        List<ObjectNode> attachments = JIRA_STATE.attachments("APP-915");
        assertThat(attachments).extracting(a -> a.path("filename").asText() + " " + a.path("size").asLong())
                .containsExactly("gateway.log " + log.length);
        assertThat(posts(JIRA, "/rest/api/2/issue/APP-915/attachments")).hasSize(1);
        assertDone(id, "jira:attachment:" + attachments.get(0).path("id").asText(), null);
    }

    /** Queues the command and waits until it is settled (done or dead); returns its outbox id. */
    private long enqueueAndAwaitDone(String key, WriteCommand command) {
        assertThat(queue.enqueue(key, command)).isTrue();
        long id = jdbc.queryForObject("select id from outbox where idempotency_key = ?", Long.class, key);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> List.of("DONE", "DEAD")
                .contains(jdbc.queryForObject("select status from outbox where id = ?", String.class, id)));
        return id;
    }

    /** Done on the second attempt (the first got no answer in time), pointing at the one record. */
    private void assertDone(long id, String remoteId, String remoteKey) {
        Map<String, Object> row = jdbc.queryForMap("select status, attempts, last_error, remote_id, remote_key"
                + " from outbox where id = ?", id);
        assertThat(row.get("status")).as("outbox %s: %s", id, row.get("last_error")).isEqualTo("DONE");
        assertThat(row.get("attempts")).isEqualTo(2);
        assertThat(row.get("remote_id")).isEqualTo(remoteId);
        assertThat(row.get("remote_key")).isEqualTo(remoteKey);
    }

    private static List<LoggedRequest> posts(WireMockServer fake, String path) {
        return fake.findAll(anyRequestedFor(urlPathMatching(path))).stream()
                .filter(r -> r.getMethod().equals(RequestMethod.POST)).toList();
    }
}
