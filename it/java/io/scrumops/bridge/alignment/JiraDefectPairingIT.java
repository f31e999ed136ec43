package io.scrumops.bridge.alignment;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class JiraDefectPairingIT extends AlignmentItSupport {

    static final String APP_SUPPORT_GROUP = "8a4dde73c6112278017a6a4baf547aa7";
    static final String INCIDENTS = "/api/now/table/incident";

    @Test
    void bugMatchingARuleGetsOneIncidentLinkedBothWaysAndItsEchoAndRedeliveryWriteNothing() throws IOException {
        throughPipeline = true;
        Issue bug = bug("60001", "APP-101", "Checkout total rounds wrongly");
        stubNoIncidentFor(bug.key);
        stubIncidentCreate("sn60001000000000000000000000000", "INC0090001");

        bug.send("jira-dev");
        awaitOutboxDrained();

        assertThat(calls(SN)).containsExactly("GET " + INCIDENTS, "POST " + INCIDENTS);
        LoggedRequest search = requests(SN, RequestMethod.GET, INCIDENTS + ".*").get(0);
        assertThat(search.queryParameter("sysparm_query").firstValue()).isEqualTo("correlation_id=APP-101^ORDERBYsys_created_on");
        List<LoggedRequest> creates = requests(SN, RequestMethod.POST, INCIDENTS + ".*");
        assertThat(creates).hasSize(1);
        JsonNode incident = JSON.readTree(creates.get(0).getBodyAsString());
        assertThat(incident.path("assignment_group").asText()).isEqualTo(APP_SUPPORT_GROUP);
        assertThat(incident.path("category").asText()).isEqualTo("software");
        assertThat(incident.path("contact_type").asText()).isEqualTo("self-service");
        assertThat(incident.path("short_description").asText()).isEqualTo("Checkout total rounds wrongly");
        assertThat(incident.path("description").asText()).startsWith("Jira Bug APP-101: " + JIRA.baseUrl() + "/browse/APP-101");
        assertThat(incident.path("impact").asText()).isEqualTo("2");
        assertThat(incident.path("urgency").asText()).isEqualTo("1");
        assertThat(incident.path("correlation_id").asText()).isEqualTo("APP-101");
        assertThat(incident.path("correlation_display").asText()).isEqualTo("Jira APP-101");

        assertThat(calls(JIRA)).containsExactly("POST /rest/api/2/issue/APP-101/remotelink");
        List<LoggedRequest> remoteLinks = requests(JIRA, RequestMethod.POST, "/rest/api/2/issue/APP-101/remotelink");
        assertThat(remoteLinks).hasSize(1);
        JsonNode remoteLink = JSON.readTree(remoteLinks.get(0).getBodyAsString());
        assertThat(remoteLink.path("globalId").asText()).isEqualTo("servicenow:incident:sn60001000000000000000000000000");
        assertThat(remoteLink.path("object").path("title").asText()).isEqualTo("ServiceNow INC0090001");

        JIRA.resetRequests();
        SN.resetRequests();
        Incident created = createdIncident("sn60001000000000000000000000000", "INC0090001", bug, "2");
        created.send(SN_BOT);
        bug.send("jira-dev");
        bug.send(JIRA_BOT);
        awaitOutboxDrained();
        assertThat(calls(SN)).isEmpty();
        assertThat(calls(JIRA)).isEmpty();

        JsonNode pair = JSON.readTree(http.withBasicAuth("admin", "test-admin-password")
                .getForObject("/api/links?issue=APP-101", String.class));
        assertThat(pair.path("pairId").asText()).isEqualTo("jira:issue:60001");
        assertThat(pair.path("serviceNow").path("nativeKey").asText()).isEqualTo("INC0090001");
        assertThat(pair.path("audit").findValuesAsText("action")).containsOnlyOnce("alignment.paired");
    }

    @Test
    void webhookDeliveredAgainCreatesNoSecondIncident() throws IOException {
        Issue bug = bug("60009", "APP-109", "Basket empties on login");
        stubNoIncidentFor(bug.key);
        stubIncidentCreate("sn60009000000000000000000000000", "INC0090009");
        String created = bug.webhook("jira:issue_created", "jira-dev");
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.set("X-Atlassian-Webhook-Identifier", "delivery-60009");

        var first = http.withBasicAuth("admin", "test-admin-password").postForEntity("/webhooks/jira",
                new HttpEntity<>(created, headers), String.class);
        var again = http.withBasicAuth("admin", "test-admin-password").postForEntity("/webhooks/jira",
                new HttpEntity<>(created, headers), String.class);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> count(JIRA, RequestMethod.POST, "/rest/api/2/issue/APP-109/remotelink") == 1);
        apply("jira", "jira:issue:60009", created);
        awaitOutboxDrained();

        assertThat(first.getStatusCode().value()).isEqualTo(202);
        assertThat(again.getStatusCode().value()).isEqualTo(200);
        assertThat(again.getBody()).contains("duplicate");
        assertThat(calls(SN)).containsExactly("GET " + INCIDENTS, "POST " + INCIDENTS);
        assertThat(calls(JIRA)).containsExactly("POST /rest/api/2/issue/APP-109/remotelink");
    }

    @Test
    void incidentCreateWhoseAnswerWasLostIsFoundByItsCorrelationIdNotCreatedTwice() throws IOException {
        Issue bug = bug("60002", "APP-102", "Invoice PDF is blank");
        SN.stubFor(get(urlPathEqualTo(INCIDENTS)).atPriority(1).inScenario("lost answer")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("{\"result\": []}")));
        SN.stubFor(post(urlPathEqualTo(INCIDENTS)).atPriority(1).inScenario("lost answer")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("created")
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        SN.stubFor(get(urlPathEqualTo(INCIDENTS)).atPriority(1).inScenario("lost answer")
                .whenScenarioStateIs("created")
                .willReturn(okJson("{\"result\": [{\"sys_id\": \"sn60002000000000000000000000000\", \"number\": \"INC0090002\", "
                        + "\"correlation_id\": \"APP-102\"}]}")));

        bug.send("jira-dev");
        awaitOutboxDrained();

        assertThat(calls(SN)).containsExactly("GET " + INCIDENTS, "POST " + INCIDENTS, "GET " + INCIDENTS);
        assertThat(calls(JIRA)).containsExactly("POST /rest/api/2/issue/APP-102/remotelink");
        JsonNode pair = JSON.readTree(http.withBasicAuth("admin", "test-admin-password")
                .getForObject("/api/links?issue=APP-102", String.class));
        assertThat(pair.path("serviceNow").path("nativeKey").asText()).isEqualTo("INC0090002");
        assertThat(pairedDetail(pair).path("foundExisting").asBoolean()).isTrue();
    }

    @Test
    void incidentCarryingTheKeyThatArrivesBeforeTheCreateIsLinkedAndNeverRoutedToAWorkPackage() throws IOException {
        Issue bug = bug("60003", "APP-103", "Search ignores accents");
        SN.stubFor(get(urlPathEqualTo(INCIDENTS)).atPriority(5).willReturn(aResponse().withStatus(503)));

        bug.send("jira-dev");
        Incident existing = new Incident("sn60003000000000000000000000000", "INC0090003", "3", "Accents ignored in search");
        existing.category = "software";
        existing.assignmentGroup = APP_SUPPORT_GROUP;
        existing.correlationId = "APP-103";
        existing.send("alice.ops");
        SN.stubFor(get(urlPathEqualTo(INCIDENTS)).atPriority(1)
                .willReturn(okJson("{\"result\": [{\"sys_id\": \"" + existing.sysId + "\", \"number\": \"INC0090003\", "
                        + "\"correlation_id\": \"APP-103\"}]}")));
        awaitOutboxDrained();

        assertThat(calls(SN)).filteredOn(call -> !call.equals("GET " + INCIDENTS))
                .containsExactly("PATCH " + INCIDENTS + "/" + existing.sysId);
        assertThat(calls(SN)).contains("GET " + INCIDENTS).doesNotContain("POST " + INCIDENTS);
        assertThat(calls(JIRA)).containsExactly("POST /rest/api/2/issue/APP-103/remotelink");
        List<java.util.Map<String, Object>> patches = serviceNowPatches(existing);
        assertThat(patches).hasSize(1);
        assertThat(patches.get(0)).containsOnlyKeys("short_description", "impact", "urgency")
                .containsEntry("short_description", "Search ignores accents")
                .containsEntry("impact", "2").containsEntry("urgency", "1");
        JsonNode pair = JSON.readTree(http.withBasicAuth("admin", "test-admin-password")
                .getForObject("/api/links?incident=INC0090003", String.class));
        assertThat(pair.path("pairId").asText()).isEqualTo("jira:issue:60003");
        assertThat(pairedDetail(pair).path("foundExisting").asBoolean()).isTrue();
    }

    @Test
    void bugNamingAnIncidentInItsIncidentFieldTakesThatIncidentAndGivesItTheKey() throws IOException {
        Issue bug = bug("60007", "APP-107", "Exports stuck in queue");
        bug.incidentField = "INC0090007";
        SN.stubFor(get(urlPathEqualTo(INCIDENTS)).atPriority(1).willReturn(okJson(
                "{\"result\": [{\"sys_id\": \"sn60007000000000000000000000000\", \"number\": \"INC0090007\", \"correlation_id\": \"\"}]}")));

        bug.send("jira-dev");
        awaitOutboxDrained();

        assertThat(calls(SN)).containsExactly("GET " + INCIDENTS, "PATCH " + INCIDENTS + "/sn60007000000000000000000000000");
        assertThat(requests(SN, RequestMethod.GET, INCIDENTS + ".*").get(0).queryParameter("sysparm_query").firstValue())
                .isEqualTo("correlation_id=APP-107^ORnumber=INC0090007^ORDERBYsys_created_on");
        assertThat(JSON.readTree(requests(SN, RequestMethod.PATCH, INCIDENTS + ".*").get(0).getBodyAsString()))
                .isEqualTo(JSON.readTree("{\"correlation_id\": \"APP-107\", \"correlation_display\": \"Jira APP-107\"}"));
        assertThat(calls(JIRA)).containsExactly("POST /rest/api/2/issue/APP-107/remotelink");
        JsonNode pair = JSON.readTree(http.withBasicAuth("admin", "test-admin-password")
                .getForObject("/api/links?issue=APP-107", String.class));
        assertThat(pair.path("serviceNow").path("nativeKey").asText()).isEqualTo("INC0090007");
    }

    @Test
    void bugNamingAnIncidentCorrelatedWithAnotherIssueIsADeadLetterNotALinkOrASecondIncident() {
        deadLettersExpected = true;
        Issue bug = bug("60008", "APP-108", "Coupon code rejected");
        bug.incidentField = "INC0090008";
        SN.stubFor(get(urlPathEqualTo(INCIDENTS)).atPriority(1).willReturn(okJson(
                "{\"result\": [{\"sys_id\": \"sn60008000000000000000000000000\", \"number\": \"INC0090008\", \"correlation_id\": \"OPS-9\"}]}")));

        bug.send("jira-dev");
        awaitOutboxDrained();

        assertThat(calls(SN)).containsExactly("GET " + INCIDENTS);
        assertThat(calls(JIRA)).isEmpty();
        assertThat(jdbc.queryForObject("select last_error from outbox where status = 'DEAD' and aggregate_id = ?",
                String.class, "jira:issue:60008")).contains("INC0090008").contains("correlated with OPS-9");
    }

    @Test
    void secondIncidentNamingAnIssueAlreadyPairedIsRefusedOnceAndWritesNothingHoweverOftenItChanges() {
        Issue bug = bug("60011", "APP-111", "Coupon applied twice");
        stubNoIncidentFor(bug.key);
        stubIncidentCreate("sn60011000000000000000000000000", "INC0090011");
        bug.send("jira-dev");
        awaitOutboxDrained();
        createdIncident("sn60011000000000000000000000000", "INC0090011", bug, "2").send("alice.ops");
        awaitOutboxDrained();
        SN.resetRequests();
        JIRA.resetRequests();

        Incident other = new Incident("sn60010000000000000000000000000", "INC0090010", "3", "Coupon counted twice");
        other.category = "software";
        other.assignmentGroup = APP_SUPPORT_GROUP;
        other.correlationId = bug.key;
        other.send("bob.ops");
        other.summary = "Coupon counted twice at checkout";
        other.send("bob.ops");
        other.send("carol.ops");
        awaitOutboxDrained();

        assertThat(calls(SN)).isEmpty();
        assertThat(calls(JIRA)).isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from audit_log where action = 'alignment.not-paired'"
                + " and entity_id = ?", Long.class, "servicenow:incident:sn60010000000000000000000000000")).isEqualTo(1);
    }

    @Test
    void bugNamingACraftedIncidentNumberIsAuditedAndNeverTakesAnUnrelatedIncident() throws IOException {
        Issue bug = bug("60013", "APP-113", "Refund button does nothing");
        bug.incidentField = "INC0000001^ORnumberISNOTEMPTY";
        // what ServiceNow would answer the query the crafted value makes: any incident at all
        SN.stubFor(get(urlPathEqualTo(INCIDENTS)).atPriority(2).willReturn(okJson(
                "{\"result\": [{\"sys_id\": \"sn00000001000000000000000000000\", \"number\": \"INC0000001\", "
                        + "\"correlation_id\": \"\"}]}")));
        SN.stubFor(get(urlPathEqualTo(INCIDENTS)).atPriority(1)
                .withQueryParam("sysparm_query", equalTo("correlation_id=APP-113^ORDERBYsys_created_on"))
                .willReturn(okJson("{\"result\": []}")));
        stubIncidentCreate("sn60013000000000000000000000000", "INC0090013");

        bug.send("jira-dev");
        awaitOutboxDrained();

        assertThat(requests(SN, RequestMethod.PATCH, ".*")).isEmpty();
        assertThat(calls(SN)).containsExactly("GET " + INCIDENTS, "POST " + INCIDENTS);
        assertThat(requests(SN, RequestMethod.GET, INCIDENTS + ".*").get(0).queryParameter("sysparm_query").firstValue())
                .isEqualTo("correlation_id=APP-113^ORDERBYsys_created_on");
        List<java.util.Map<String, Object>> refusals = jdbc.queryForList("select detail::text as detail from audit_log"
                + " where action = 'alignment.incident-number-refused' and entity_id = ?", "jira:issue:60013");
        assertThat(refusals).hasSize(1);
        JsonNode detail = JSON.readTree((String) refusals.get(0).get("detail"));
        assertThat(detail.path("issue").asText()).isEqualTo("APP-113");
        assertThat(detail.path("value").asText()).isEqualTo("INC0000001^ORnumberISNOTEMPTY");
        JsonNode pair = JSON.readTree(http.withBasicAuth("admin", "test-admin-password")
                .getForObject("/api/links?issue=APP-113", String.class));
        assertThat(pair.path("serviceNow").path("nativeKey").asText()).isEqualTo("INC0090013");
    }

    @Test
    void issuesOutsideEveryRuleOrAlreadyCopiesOfAnIncidentGetNoIncident() {
        Issue task = bug("60004", "APP-104", "Refactor the cart");
        task.issueType = "Task";
        Issue otherProject = bug("60005", "WEB-105", "Logo is blurry");
        Issue copy = bug("60006", "APP-106", "Copy of an incident");
        copy.labels.add("scrumops-servicenow-incident-sn60006000000000000000000000000");

        task.send("jira-dev");
        otherProject.send("jira-dev");
        copy.send("jira-dev");
        awaitOutboxDrained();

        assertThat(calls(SN)).isEmpty();
        assertThat(calls(JIRA)).isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from sync_link where native_key in ('APP-104', 'WEB-105', 'APP-106')",
                Long.class)).isZero();
    }

    private Issue bug(String id, String key, String summary) {
        Issue bug = new Issue(id, key, "High", summary);
        bug.issueType = "Bug";
        return bug;
    }

    private void stubNoIncidentFor(String key) {
        SN.stubFor(get(urlPathEqualTo(INCIDENTS)).atPriority(1).willReturn(okJson("{\"result\": []}")));
    }

    private void stubIncidentCreate(String sysId, String number) {
        SN.stubFor(post(urlPathEqualTo(INCIDENTS)).atPriority(1).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"result\": {\"sys_id\": \"" + sysId + "\", \"number\": \"" + number + "\", \"sys_mod_count\": \"0\"}}")));
    }

    /** The incident the bridge created for {@code bug}, as the next poll reads it back. */
    private Incident createdIncident(String sysId, String number, Issue bug, String priority) {
        Incident incident = new Incident(sysId, number, priority, bug.summary);
        incident.category = "software";
        incident.assignmentGroup = APP_SUPPORT_GROUP;
        incident.correlationId = bug.key;
        return incident;
    }

    private static JsonNode pairedDetail(JsonNode pair) {
        for (JsonNode entry : pair.path("audit")) {
            if (entry.path("action").asText().equals("alignment.paired")) {
                return entry.path("detail");
            }
        }
        return JSON.createObjectNode();
    }
}
