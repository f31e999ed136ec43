package io.scrumops.bridge.alignment;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

class WriteBackResilienceIT extends AlignmentItSupport {

    @Autowired
    CamelContext camel;

    @Test
    void serviceNowAnswering429IsRetriedAfterItsRetryAfterAndWrittenOnce() throws IOException {
        Incident incident = new Incident("INC0080001", "3", "Mail delivery delayed");
        Issue issue = pairedIssue(incident, "50001", "OPS-601");
        String path = "/api/now/table/incident/" + incident.sysId;
        SN.stubFor(patch(urlPathEqualTo(path)).atPriority(1).inScenario("rate limit")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("limited once")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")
                        .withBody("{\"error\": {\"message\": \"Rate limit exceeded\"}, \"status\": \"failure\"}")));
        SN.stubFor(patch(urlPathEqualTo(path)).atPriority(1).inScenario("rate limit")
                .whenScenarioStateIs("limited once")
                .willReturn(okJson("{\"result\": {\"sys_id\": \"" + incident.sysId + "\"}}")));

        issue.moveTo("In Progress", "indeterminate");
        issue.send("jira-dev");
        awaitOutboxDrained();

        List<LoggedRequest> patches = requests(SN, RequestMethod.PATCH, path + ".*");
        assertThat(patches).hasSize(2);
        assertThat(patches.get(1).getBodyAsString()).isEqualTo(patches.get(0).getBodyAsString());
        assertThat(Duration.between(patches.get(0).getLoggedDate().toInstant(), patches.get(1).getLoggedDate().toInstant()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(jdbc.queryForObject("select count(*) from outbox where status = 'DEAD' and aggregate_id = ?",
                Long.class, incident.itemKey())).isZero();
    }

    @Test
    void jiraUpdateAnswered429WaitsInTheOutboxNotInTheHttpClient() throws IOException {
        Incident incident = new Incident("INC0080009", "3", "Badge printer jammed");
        pairedIssue(incident, "50010", "OPS-610");
        String path = "/rest/api/2/issue/OPS-610";
        JIRA.stubFor(put(urlPathEqualTo(path)).atPriority(1).inScenario("jira limit")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("limited once")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3")));
        JIRA.stubFor(put(urlPathEqualTo(path)).atPriority(1).inScenario("jira limit")
                .whenScenarioStateIs("limited once").willReturn(aResponse().withStatus(204)));

        incident.summary = "Badge printer jammed on floor 2";
        incident.send("alice.ops");

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> count(JIRA, RequestMethod.PUT,
                path) == 1 && "FAILED".equals(jdbc.queryForObject("select max(status) from outbox where aggregate_id = ?"
                + " and command_type = 'JiraUpdateFields'", String.class, incident.itemKey())));
        assertThat(jdbc.queryForObject("select last_error from outbox where aggregate_id = ?"
                + " and command_type = 'JiraUpdateFields'", String.class, incident.itemKey())).contains("429");
        awaitOutboxDrained();
        List<LoggedRequest> puts = requests(JIRA, RequestMethod.PUT, path);
        assertThat(puts).hasSize(2);
        assertThat(Duration.between(puts.get(0).getLoggedDate().toInstant(), puts.get(1).getLoggedDate().toInstant()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(2950));
    }

    @Test
    void jiraPerIssueWriteLimitHoldsBackThatIssueOnlyWhileOtherIssuesAreWritten() throws IOException {
        Incident limited = new Incident("INC0080020", "3", "Door sensor offline");
        pairedIssue(limited, "50020", "OPS-620");
        Incident other = new Incident("INC0080021", "3", "Lift alarm chirps");
        pairedIssue(other, "50021", "OPS-621");
        String limitedPath = "/rest/api/2/issue/OPS-620";
        JIRA.stubFor(put(urlPathEqualTo(limitedPath)).atPriority(1).inScenario("per issue")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("limited once")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3")
                        .withHeader("RateLimit-Reason", "jira-per-issue-on-write")));
        JIRA.stubFor(put(urlPathEqualTo(limitedPath)).atPriority(1).inScenario("per issue")
                .whenScenarioStateIs("limited once").willReturn(aResponse().withStatus(204)));

        limited.summary = "Door sensor offline at gate 4";
        limited.send("alice.ops");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> count(JIRA, RequestMethod.PUT, limitedPath) == 1);
        other.summary = "Lift alarm chirps every hour";
        other.send("alice.ops");
        awaitOutboxDrained();

        List<LoggedRequest> limitedPuts = requests(JIRA, RequestMethod.PUT, limitedPath);
        List<LoggedRequest> otherPuts = requests(JIRA, RequestMethod.PUT, "/rest/api/2/issue/OPS-621");
        assertThat(limitedPuts).hasSize(2);
        assertThat(otherPuts).hasSize(1);
        assertThat(otherPuts.get(0).getLoggedDate()).as("the other issue is not held back")
                .isBefore(limitedPuts.get(1).getLoggedDate());
        assertThat(Duration.between(limitedPuts.get(0).getLoggedDate().toInstant(),
                limitedPuts.get(1).getLoggedDate().toInstant())).isGreaterThanOrEqualTo(Duration.ofMillis(2950));
    }

    @Test
    void serviceNowRateLimitBudgetUsedUpPausesEveryLaterWriteUntilItsReset() throws IOException {
        Incident first = new Incident("INC0080005", "3", "Printer queue stuck");
        Issue firstIssue = pairedIssue(first, "50006", "OPS-606");
        Incident second = new Incident("INC0080006", "3", "Wi-Fi drops on floor 3");
        Issue secondIssue = pairedIssue(second, "50007", "OPS-607");
        long reset = Instant.now().getEpochSecond() + 3;
        SN.stubFor(patch(urlPathEqualTo("/api/now/table/incident/" + first.sysId)).atPriority(1)
                .willReturn(okJson("{\"result\": {\"sys_id\": \"" + first.sysId + "\"}}")
                        .withHeader("X-RateLimit-Limit", "100").withHeader("X-RateLimit-Remaining", "0")
                        .withHeader("X-RateLimit-Reset", String.valueOf(reset))));

        firstIssue.moveTo("In Progress", "indeterminate");
        firstIssue.send("jira-dev");
        awaitOutboxDrained();
        secondIssue.moveTo("In Progress", "indeterminate");
        secondIssue.send("jira-dev");
        awaitOutboxDrained();

        assertThat(requests(SN, RequestMethod.PATCH, "/api/now/table/incident/" + first.sysId + ".*")).hasSize(1);
        List<LoggedRequest> held = requests(SN, RequestMethod.PATCH, "/api/now/table/incident/" + second.sysId + ".*");
        assertThat(held).hasSize(1);
        assertThat(held.get(0).getLoggedDate().toInstant()).isAfterOrEqualTo(Instant.ofEpochSecond(reset));
        assertThat(jdbc.queryForObject("select max(attempts) from outbox where aggregate_id = ? and status = 'DONE'"
                + " and target_system = 'SERVICENOW'", Integer.class, second.itemKey())).isEqualTo(1);
    }

    @Test
    void workNoteWhoseAnswerIsLostAfterItWasWrittenIsFoundAndNotWrittenAgain() throws IOException {
        workNoteWrittenOnceAfterALostAnswer(new Incident("INC0080007", "3", "VPN refuses tokens"), "50008", "OPS-608",
                aResponse().withStatus(502).withBody("<html>Bad Gateway</html>"));
    }

    @Test
    void workNoteWhoseConnectionDroppedAfterItWasWrittenIsFoundAndNotWrittenAgain() throws IOException {
        workNoteWrittenOnceAfterALostAnswer(new Incident("INC0080008", "3", "Scanner offline"), "50009", "OPS-609",
                aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
    }

    @Test
    void workNoteWhoseAnswerNeverCameIsTimedOutFoundAndNotWrittenAgain() throws IOException {
        workNoteWrittenOnceAfterALostAnswer(new Incident("INC0080019", "3", "Badge readers slow"), "50019", "OPS-619",
                okJson("{\"result\": {}}").withFixedDelay(6_000));
    }

    private void workNoteWrittenOnceAfterALostAnswer(Incident incident, String issueId, String key,
                                                     ResponseDefinitionBuilder lostAnswer) throws IOException {
        Issue issue = pairedIssue(incident, issueId, key);
        String path = "/api/now/table/incident/" + incident.sysId;
        String journal = "/api/now/table/sys_journal_field";
        String body = "Root cause: token cache full, flushed";
        // the comment webhook moves the test clock one second on and dates the comment then
        String expectedNote = "[Jira comment by jira-dev at " + Instant.ofEpochSecond(CLOCK.get() + 1) + "]\n" + body;
        SN.stubFor(patch(urlPathEqualTo(path)).atPriority(1).inScenario("lost note")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("written")
                .withRequestBody(matchingJsonPath("$.work_notes"))
                .willReturn(lostAnswer));
        SN.stubFor(get(urlPathEqualTo(journal)).atPriority(1).inScenario("lost note").whenScenarioStateIs("written")
                .withQueryParam("sysparm_query", containing("element_id=" + incident.sysId))
                .willReturn(okJson(JSON.createObjectNode().set("result", JSON.createArrayNode()
                        .add(JSON.createObjectNode().put("sys_id", "7e1a0c2f1b").put("element", "work_notes")
                                .put("value", expectedNote + "\n"))).toString())));

        issue.comment(issueId + "01", body, "jira-dev");
        awaitOutboxDrained();

        List<LoggedRequest> notes = requests(SN, RequestMethod.PATCH, path + ".*").stream()
                .filter(r -> r.getBodyAsString().contains("work_notes")).toList();
        assertThat(notes).hasSize(1);
        assertThat(JSON.readTree(notes.get(0).getBodyAsString()).path("work_notes").asText()).isEqualTo(expectedNote);
        List<LoggedRequest> lookups = requests(SN, RequestMethod.GET, journal + ".*");
        assertThat(lookups).hasSize(1);
        assertThat(lookups.get(0).queryParameter("sysparm_query").firstValue())
                .contains("element_id=" + incident.sysId).contains("element=work_notes");
        assertThat(jdbc.queryForObject("select attempts from outbox where aggregate_id = ? and status = 'DONE'"
                + " and command_type = 'ServiceNowJournalEntry' and payload ->> 'text' like ?", Integer.class,
                incident.itemKey(), "%" + body)).isEqualTo(2);
        assertThat(jdbc.queryForObject("select count(*) from outbox where status = 'DEAD' and aggregate_id = ?",
                Long.class, incident.itemKey())).isZero();
    }

    @Test
    void writeRefusedForGoodLandsInDeadLettersWithTheRemoteErrorAndReplays() throws IOException {
        deadLettersExpected = true;
        Incident incident = new Incident("INC0080002", "3", "Laptop will not boot");
        pairedIssue(incident, "50002", "OPS-602");
        JIRA.stubFor(put(urlPathEqualTo("/rest/api/2/issue/OPS-602")).atPriority(1)
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"errorMessages\": [], \"errors\": {\"summary\": \"Field 'summary' cannot be set. "
                                + "It is not on the appropriate screen, or unknown.\"}}")));

        incident.summary = "Laptop will not boot after update";
        incident.send("alice.ops");
        awaitOutboxDrained();

        JsonNode dead = deadLetterFor(incident);
        assertThat(dead).isNotNull();
        assertThat(dead.path("commandType").asText()).isEqualTo("JiraUpdateFields");
        assertThat(dead.path("attempts").asInt()).isEqualTo(1);
        assertThat(dead.path("lastError").asText()).contains("400").contains("cannot be set");

        JIRA.stubFor(put(urlPathEqualTo("/rest/api/2/issue/OPS-602")).atPriority(0)
                .willReturn(aResponse().withStatus(204)));
        var replay = http.withBasicAuth("admin", "test-admin-password")
                .postForEntity("/api/dead-letters/" + dead.path("id").asLong() + "/replay", null, String.class);
        assertThat(replay.getStatusCode().value()).isEqualTo(200);
        awaitOutboxDrained();

        assertThat(count(JIRA, RequestMethod.PUT, "/rest/api/2/issue/OPS-602")).isEqualTo(2);
        assertThat(deadLetterFor(incident)).isNull();
        assertThat(jdbc.queryForObject("select status from outbox where id = ?", String.class, dead.path("id").asLong()))
                .isEqualTo("DONE");
    }

    @org.springframework.beans.factory.annotation.Autowired
    io.scrumops.bridge.writeback.WriteCommandQueue queue;
    @org.springframework.beans.factory.annotation.Autowired
    io.scrumops.bridge.store.SyncLinkRepository links;

    @Test
    void issueCreatedForAPackageWithoutIncidentIsLinkedToThatPackage() {
        String packageId = "jira:issue:70001#L2";
        queue.enqueue("escalate:jira:issue:70001:L2|JiraCreateIssue", new io.scrumops.bridge.writeback.JiraCreateIssue(
                packageId, "APP", "Work Package", "Escalated: checkout fails", "from L1", "APP-1", null, null,
                List.of("escalated"), List.of(), java.util.Map.of(), List.of(), null));
        awaitOutboxDrained();

        assertThat(requests(JIRA, RequestMethod.POST, "/rest/api/2/issue")).hasSize(1);
        var link = links.findByWorkItem(packageId, io.scrumops.bridge.model.SourceSystem.JIRA).orElseThrow();
        assertThat(link.nativeKey()).startsWith("SUB-");
        assertThat(links.findByNative(io.scrumops.bridge.model.SourceSystem.JIRA, link.nativeId()))
                .hasValueSatisfying(l -> assertThat(l.workItemId()).isEqualTo(packageId));
    }

    @Test
    void createWhoseAnswerIsLostIsFoundBySearchAndNeverCreatedTwice() throws IOException {
        Incident incident = new Incident("INC0080003", "3", "Shared drive unreachable");
        String search = "/rest/api/3/search/jql";
        JIRA.stubFor(get(urlPathEqualTo(search)).atPriority(1).inScenario("lost answer")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("{\"issues\": [], \"isLast\": true}")));
        JIRA.stubFor(post(urlPathEqualTo("/rest/api/2/issue")).atPriority(1).inScenario("lost answer")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("created remotely")
                .withRequestBody(matchingJsonPath("$.fields.issuetype.name", equalTo("Work Package")))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        JIRA.stubFor(get(urlPathEqualTo(search)).atPriority(1).inScenario("lost answer")
                .whenScenarioStateIs("created remotely")
                .willReturn(okJson("""
                        {"isLast": true, "issues": [{"id": "50003", "key": "OPS-603", "fields": {
                          "summary": "Shared drive unreachable", "labels": ["sev3", "%s"],
                          "issuetype": {"name": "Work Package", "subtask": false}, "parent": {"key": "OPS-1"}}}]}
                        """.formatted(incident.bridgeLabel()))));

        incident.send("alice.ops");
        awaitOutboxDrained();

        List<LoggedRequest> creates = requests(JIRA, RequestMethod.POST, "/rest/api/2/issue");
        assertThat(creates).filteredOn(r -> r.getBodyAsString().contains("\"Work Package\"")).hasSize(1);
        assertThat(creates).filteredOn(r -> r.getBodyAsString().contains("\"OPS-603\"")).hasSize(3);
        assertThat(count(JIRA, RequestMethod.GET, search + ".*")).isEqualTo(2);
        assertThat(count(JIRA, RequestMethod.POST, "/rest/api/2/issue/OPS-603/remotelink")).isEqualTo(1);

        JsonNode pair = JSON.readTree(http.withBasicAuth("admin", "test-admin-password")
                .getForObject("/api/links?incident=INC0080003", String.class));
        assertThat(pair.path("jira").path("nativeKey").asText()).isEqualTo("OPS-603");
        JsonNode paired = null;
        for (JsonNode entry : pair.path("audit")) {
            if (entry.path("action").asText().equals("alignment.paired")) {
                paired = entry.path("detail");
            }
        }
        assertThat(paired).isNotNull();
        assertThat(paired.path("foundExisting").asBoolean()).isTrue();
    }

    @Test
    void createClaimedByAnInstanceThatDiedIsResumedAfterRestartWithoutASecondIssue() throws Exception {
        Incident incident = new Incident("INC0080004", "3", "Badge reader offline");
        camel.getRouteController().stopRoute("outbox-dispatch");
        try {
            incident.send("alice.ops");
            // the dead instance had claimed the create and Jira had created the issue; its bookkeeping never ran
            jdbc.update("update outbox set status = 'IN_FLIGHT', attempts = 1, claimed_at = now() - interval '1 hour'"
                    + " where aggregate_id = ? and command_type = 'JiraCreateIssue'", incident.itemKey());
            JIRA.stubFor(get(urlPathEqualTo("/rest/api/3/search/jql")).atPriority(1)
                    .willReturn(okJson("""
                            {"isLast": true, "issues": [{"id": "50004", "key": "OPS-604", "fields": {
                              "summary": "Badge reader offline", "labels": ["sev3", "%s"],
                              "issuetype": {"name": "Work Package", "subtask": false}, "parent": {"key": "OPS-1"}}},
                              {"id": "50005", "key": "OPS-605", "fields": {"summary": "Investigate", "labels": ["%s"],
                              "issuetype": {"name": "Sub-task", "subtask": true}, "parent": {"key": "OPS-604"}}}]}
                            """.formatted(incident.bridgeLabel(), incident.bridgeLabel()))));
        } finally {
            camel.getRouteController().startRoute("outbox-dispatch");
        }
        awaitOutboxDrained();

        List<LoggedRequest> creates = requests(JIRA, RequestMethod.POST, "/rest/api/2/issue");
        assertThat(creates).filteredOn(r -> r.getBodyAsString().contains("\"Work Package\"")).isEmpty();
        assertThat(creates).filteredOn(r -> r.getBodyAsString().contains("\"OPS-604\"")).hasSize(2);
        assertThat(creates).filteredOn(r -> r.getBodyAsString().contains("\"Investigate\"")).isEmpty();
        JsonNode pair = JSON.readTree(http.withBasicAuth("admin", "test-admin-password")
                .getForObject("/api/links?issue=OPS-604", String.class));
        assertThat(pair.path("serviceNow").path("nativeKey").asText()).isEqualTo("INC0080004");
        assertThat(count(SN, RequestMethod.PATCH, "/api/now/table/incident/" + incident.sysId + ".*")).isEqualTo(2);
    }

    private Issue pairedIssue(Incident incident, String issueId, String key) {
        stubWorkPackageCreate(incident, issueId, key);
        incident.send("alice.ops");
        awaitOutboxDrained();
        Issue issue = new Issue(issueId, key, "Medium", incident.summary);
        issue.send(JIRA_BOT);
        awaitOutboxDrained();
        JIRA.resetRequests();
        SN.resetRequests();
        return issue;
    }

    private JsonNode deadLetterFor(Incident incident) throws IOException {
        JsonNode list = JSON.readTree(http.withBasicAuth("admin", "test-admin-password")
                .getForObject("/api/dead-letters", String.class));
        for (JsonNode entry : list) {
            if (entry.path("aggregateId").asText().equals(incident.itemKey())) {
                return entry;
            }
        }
        return null;
    }
}
