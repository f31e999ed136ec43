package io.scrumops.bridge.alignment;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class IncidentAlignmentIT extends AlignmentItSupport {

    @Test
    void sev1IncidentLivesItsWholeLifeWithOneWorkPackageAndNoRepeatedWrites() throws IOException {
        throughPipeline = true;
        Lifecycle run = walkLifecycle("INC0070001", "1", "Highest", 5, "40001", "OPS-501", false);
        assertThat(run.jiraPuts).isZero();
    }

    @Test
    void sev2IncidentLivesItsWholeLifeAndAPriorityChangedInJiraIsPutBack() throws IOException {
        Lifecycle run = walkLifecycle("INC0070002", "2", "High", 4, "40002", "OPS-502", true);
        List<LoggedRequest> puts = requests(JIRA, RequestMethod.PUT, "/rest/api/2/issue/OPS-502");
        assertThat(puts).hasSize(1);
        assertThat(JSON.readTree(puts.get(0).getBodyAsString()).path("fields").path("priority").path("name").asText())
                .isEqualTo("High");
        assertThat(run.pair.path("audit").findValuesAsText("action")).contains("alignment.reverted");
    }

    @Test
    void incidentPostedToTheServiceNowWebhookIsPairedThroughTheInboundPipeline() throws IOException {
        Incident incident = new Incident("INC0070005", "2", "Intranet search returns nothing");
        stubWorkPackageCreate(incident, "40005", "OPS-505");
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        var response = http.withBasicAuth("admin", "test-admin-password").postForEntity("/webhooks/servicenow",
                new HttpEntity<>(incident.body("alice.ops"), headers), String.class);
        assertThat(response.getStatusCode().is2xxSuccessful()).isTrue();

        await().atMost(Duration.ofSeconds(60))
                .until(() -> count(JIRA, RequestMethod.POST, "/rest/api/2/issue/OPS-505/remotelink") == 1);
        awaitOutboxDrained();
        assertThat(count(JIRA, RequestMethod.POST, "/rest/api/2/issue")).isEqualTo(1 + 4);
        assertThat(serviceNowPatches(incident)).hasSize(2);
    }

    @Test
    void incidentNamingAnExistingJiraIssueInItsCorrelationIdTakesThatIssueInsteadOfCreatingASecond() throws IOException {
        Incident incident = new Incident("INC0070009", "2", "Checkout times out");
        incident.correlationId = "OPS-900";
        JIRA.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
                        com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/rest/api/2/issue/OPS-900"))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.okJson(
                        "{\"id\": \"70900\", \"key\": \"OPS-900\", \"fields\": {\"summary\": \"Checkout times out\"}}")));

        incident.send("alice.ops");
        awaitOutboxDrained();

        assertThat(calls(JIRA)).filteredOn(call -> !call.contains("/search"))
                .containsExactly("GET /rest/api/2/issue/OPS-900", "PUT /rest/api/2/issue/OPS-900",
                        "POST /rest/api/2/issue/OPS-900/remotelink");
        JsonNode labelled = JSON.readTree(requests(JIRA, RequestMethod.PUT, "/rest/api/2/issue/OPS-900").get(0)
                .getBodyAsString());
        assertThat(labelled.path("update").path("labels").get(0).path("add").asText())
                .isEqualTo(incident.bridgeLabel());
        JsonNode pair = JSON.readTree(http.withBasicAuth("admin", "test-admin-password")
                .getForObject("/api/links?incident=INC0070009", String.class));
        assertThat(pair.toString()).contains("OPS-900");
    }

    @Test
    void incidentNamingAJiraKeyThatDoesNotExistGetsItsOwnWorkPackage() throws IOException {
        Incident incident = new Incident("INC0070010", "2", "Login page blank");
        incident.correlationId = "OLD-77";
        stubWorkPackageCreate(incident, "70010", "OPS-510");

        incident.send("alice.ops");
        awaitOutboxDrained();

        assertThat(calls(JIRA)).contains("GET /rest/api/2/issue/OLD-77", "POST /rest/api/2/issue/OPS-510/remotelink");
        assertThat(requests(JIRA, RequestMethod.POST, "/rest/api/2/issue")).isNotEmpty();
    }

    record Lifecycle(JsonNode pair, int jiraPuts) {
    }

    private Lifecycle walkLifecycle(String number, String priority, String jiraPriority, int subTasks, String issueId,
                                    String key, boolean jiraChangesPriority) throws IOException {
        Incident incident = new Incident(number, priority, "Payments API failing in EU");
        stubWorkPackageCreate(incident, issueId, key);

        incident.send("alice.ops");
        awaitOutboxDrained();
        List<LoggedRequest> creates = requests(JIRA, RequestMethod.POST, "/rest/api/2/issue");
        assertThat(creates).hasSize(1 + subTasks);
        JsonNode workPackage = JSON.readTree(creates.get(0).getBodyAsString()).path("fields");
        assertThat(workPackage.path("issuetype").path("name").asText()).isEqualTo("Work Package");
        assertThat(workPackage.path("parent").path("key").asText()).isEqualTo("OPS-1");
        assertThat(workPackage.path("priority").path("name").asText()).isEqualTo(jiraPriority);
        assertThat(workPackage.path("labels").toString()).contains(incident.bridgeLabel());
        assertThat(JSON.readTree(creates.get(1).getBodyAsString()).path("fields").path("parent").path("key").asText())
                .isEqualTo(key);

        Issue issue = new Issue(issueId, key, jiraPriority, incident.summary);
        issue.send(JIRA_BOT);
        incident.addJournal("work_notes", "Tracked in Jira as " + key + ": " + JIRA.baseUrl() + "/browse/" + key, SN_BOT);
        incident.send(SN_BOT);
        awaitOutboxDrained();

        issue.moveTo("In Progress", "indeterminate");
        issue.send("jira-dev");
        awaitOutboxDrained();
        incident.state = "2";
        incident.send(SN_BOT);

        incident.addJournal("work_notes", "Customer reports card payments failing", "alice.ops");
        incident.send("alice.ops");
        awaitOutboxDrained();
        List<String> jiraComments = jiraCommentBodies(key);
        assertThat(jiraComments).hasSize(1);
        assertThat(jiraComments.get(0)).startsWith("[ServiceNow work note by alice.ops at ")
                .endsWith("Customer reports card payments failing");
        issue.comment(issueId + "01", jiraComments.get(0), JIRA_BOT);

        issue.comment(issueId + "02", "Root cause: expired certificate on the gateway", "jira-dev");
        awaitOutboxDrained();
        String copied = (String) serviceNowPatches(incident).stream().filter(p -> p.containsKey("work_notes"))
                .reduce((a, b) -> b).orElseThrow().get("work_notes");
        assertThat(copied).startsWith("[Jira comment by jira-dev at ").endsWith("expired certificate on the gateway");
        incident.addJournal("work_notes", copied, SN_BOT);
        incident.send(SN_BOT);

        if (jiraChangesPriority) {
            issue.priority = "Highest";
            issue.send("jira-dev");
            awaitOutboxDrained();
            issue.priority = jiraPriority;
            issue.send(JIRA_BOT);
        }

        incident.state = "3";
        incident.send("alice.ops");
        awaitOutboxDrained();
        issue.moveTo("On Hold", "indeterminate");
        issue.send(JIRA_BOT);

        issue.summary = "Payments API failing in EU: expired certificate";
        issue.send("jira-dev");
        awaitOutboxDrained();
        incident.summary = issue.summary;
        incident.send(SN_BOT);

        issue.moveTo("Resolved", "done");
        issue.send("jira-dev");
        awaitOutboxDrained();
        incident.state = "6";
        incident.send(SN_BOT);

        incident.state = "7";
        incident.send("alice.ops");
        awaitOutboxDrained();
        issue.moveTo("Closed", "done");
        issue.send(JIRA_BOT);
        awaitOutboxDrained();

        assertThat(count(JIRA, RequestMethod.GET, "/rest/api/3/search/jql.*")).isEqualTo(1);
        assertThat(count(JIRA, RequestMethod.POST, "/rest/api/2/issue")).isEqualTo(1 + subTasks);
        assertThat(count(JIRA, RequestMethod.POST, "/rest/api/2/issue/" + key + "/remotelink")).isEqualTo(1);
        assertThat(jiraCommentBodies(key)).hasSize(1);
        assertThat(count(JIRA, RequestMethod.GET, "/rest/api/2/issue/" + key + "/transitions.*")).isEqualTo(2);
        List<LoggedRequest> transitions = requests(JIRA, RequestMethod.POST, "/rest/api/2/issue/" + key + "/transitions");
        assertThat(transitions).extracting(r -> JSON.readTree(r.getBodyAsString()).path("transition").path("id").asText())
                .containsExactly("21", "41");

        List<Map<String, Object>> patches = serviceNowPatches(incident);
        assertThat(patches).extracting(p -> Set.copyOf(p.keySet())).containsExactly(
                Set.of("correlation_id", "correlation_display"), Set.of("work_notes"), Set.of("state"),
                Set.of("work_notes"), Set.of("short_description"), Set.of("state", "close_code", "close_notes"));
        assertThat(patches.get(0)).containsEntry("correlation_id", key);
        assertThat(patches.get(2)).containsEntry("state", "2");
        assertThat(patches.get(5)).containsEntry("state", "6").containsEntry("close_code", "Solved (Permanently)");

        JsonNode pair = JSON.readTree(http.withBasicAuth("admin", "test-admin-password")
                .getForObject("/api/links?incident=" + number, String.class));
        assertThat(pair.path("jira").path("nativeKey").asText()).isEqualTo(key);
        assertThat(pair.path("commentsCarried").asLong()).isEqualTo(3);
        assertThat(pair.path("fields").findValuesAsText("value")).contains("DONE");
        JsonNode byIssue = JSON.readTree(http.withBasicAuth("admin", "test-admin-password")
                .getForObject("/api/links?issue=" + key, String.class));
        assertThat(byIssue.path("pairId").asText()).isEqualTo(incident.itemKey());
        int writes = count(JIRA, RequestMethod.POST, ".*") + count(JIRA, RequestMethod.PUT, ".*")
                + count(SN, RequestMethod.PATCH, ".*");
        System.out.printf("%s lifecycle: %d Jira calls, %d ServiceNow calls, %d writes in all%n", number,
                JIRA.getAllServeEvents().size(), SN.getAllServeEvents().size(), writes);
        return new Lifecycle(pair, count(JIRA, RequestMethod.PUT, "/rest/api/2/issue/" + key));
    }

    @Test
    void alternatingUpdatesOnBothSidesWriteNoMoreThanTheyChange() throws IOException {
        throughPipeline = true;
        int changes = 1000;
        Incident incident = new Incident("INC0070003", "3", "Printer queue stuck");
        stubWorkPackageCreate(incident, "40003", "OPS-503");
        incident.send("alice.ops");
        awaitOutboxDrained();
        Issue issue = new Issue("40003", "OPS-503", "Medium", incident.summary);
        issue.send(JIRA_BOT);
        incident.addJournal("work_notes", "Tracked in Jira as OPS-503: " + JIRA.baseUrl() + "/browse/OPS-503", SN_BOT);
        incident.send(SN_BOT);
        awaitOutboxDrained();
        JIRA.resetRequests();
        SN.resetRequests();

        for (int i = 0; i < changes; i++) {
            String text = "Printer queue stuck, round " + i;
            if (i % 2 == 0) {
                incident.summary = text;
                incident.send("alice.ops");
                issue.summary = text;
                issue.send(JIRA_BOT);
            } else {
                issue.summary = text;
                issue.send("jira-dev");
                incident.summary = text;
                incident.send(SN_BOT);
            }
        }
        awaitOutboxDrained();

        int jiraWrites = count(JIRA, RequestMethod.PUT, "/rest/api/2/issue/OPS-503");
        int serviceNowWrites = count(SN, RequestMethod.PATCH, "/api/now/table/incident/" + incident.sysId + ".*");
        int remoteCalls = JIRA.getAllServeEvents().size() + SN.getAllServeEvents().size();
        System.out.printf("echo test: %d changes, %d Jira writes, %d ServiceNow writes, %d remote calls, %.2f calls per change%n",
                changes, jiraWrites, serviceNowWrites, remoteCalls, remoteCalls / (double) changes);
        assertThat(jiraWrites + serviceNowWrites).isLessThanOrEqualTo(changes);
        assertThat(jiraWrites).isEqualTo(changes / 2);
        assertThat(serviceNowWrites).isEqualTo(changes / 2);
        assertThat(calls(JIRA)).as("every Jira write is a summary put back").hasSize(changes / 2)
                .containsOnly("PUT /rest/api/2/issue/OPS-503");
        assertThat(calls(SN)).as("every ServiceNow write is a summary patch").hasSize(changes / 2)
                .containsOnly("PATCH /api/now/table/incident/" + incident.sysId);
    }

    @Test
    void statusChangedOnBothSidesBeforeTheSyncIsSettledByPolicyWithAnAuditRow() throws IOException {
        Incident incident = new Incident("INC0070004", "3", "VPN drops every hour");
        stubWorkPackageCreate(incident, "40004", "OPS-504");
        incident.send("alice.ops");
        awaitOutboxDrained();
        Issue issue = new Issue("40004", "OPS-504", "Medium", incident.summary);
        issue.send(JIRA_BOT);
        awaitOutboxDrained();

        issue.moveTo("In Progress", "indeterminate");
        issue.send("jira-dev");
        incident.state = "3";
        incident.send("alice.ops");
        awaitOutboxDrained();

        incident.state = "2";
        incident.send(SN_BOT);
        incident.state = "3";
        incident.send(SN_BOT);
        issue.moveTo("On Hold", "indeterminate");
        issue.send(JIRA_BOT);
        awaitOutboxDrained();

        List<LoggedRequest> transitions = requests(JIRA, RequestMethod.POST, "/rest/api/2/issue/OPS-504/transitions");
        assertThat(transitions).extracting(r -> JSON.readTree(r.getBodyAsString()).path("transition").path("id").asText())
                .containsExactly("21");
        assertThat(serviceNowPatches(incident)).filteredOn(p -> p.containsKey("state"))
                .extracting(p -> p.get("state")).containsExactly("2", "3");
        JsonNode pair = JSON.readTree(http.withBasicAuth("admin", "test-admin-password")
                .getForObject("/api/links?incident=INC0070004", String.class));
        JsonNode conflict = null;
        for (JsonNode entry : pair.path("audit")) {
            if (entry.path("action").asText().equals("alignment.conflict")) {
                conflict = entry.path("detail");
            }
        }
        assertThat(conflict).isNotNull();
        assertThat(conflict.path("field").asText()).isEqualTo("status");
        assertThat(conflict.path("winner").asText()).isEqualTo("servicenow");
        assertThat(conflict.path("servicenow").asText()).isEqualTo("ON_HOLD");
        assertThat(conflict.path("jira").asText()).isEqualTo("IN_PROGRESS");
    }
}
