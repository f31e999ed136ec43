package io.scrumops.bridge.alignment;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Configured field pairs (mappings/fields.yaml) between a paired incident and work package: custom and select fields
 * through a value table, a reference by display value, a person by e-mail, and the description through the text
 * transform, each carried once each way and never echoed back.
 */
class FieldFidelityIT extends AlignmentItSupport {

    static final String FIELDS = """
            fields:
              description:
                jira: description
                servicenow: description
                transform: text
                conflict: servicenow
              environment:
                jira: customfield_10300
                servicenow: u_environment
              category:
                jira: customfield_10050
                servicenow: category
                transform: table
                jiraShape: option
                values:
                  software: { jira: Software, servicenow: software }
                  hardware: { jira: Hardware, servicenow: hardware }
              configuration_item:
                jira: customfield_10060
                servicenow: cmdb_ci
                transform: reference
                reference: { table: cmdb_ci, by: name }
              caller:
                jira: reporter
                servicenow: caller_id
                transform: user
            """;

    @DynamicPropertySource
    static void fieldPairs(DynamicPropertyRegistry registry) throws IOException {
        Path file = Files.createTempFile("scrumops-fields", ".yaml");
        Files.writeString(file, FIELDS);
        registry.add("scrumops.alignment.fields-file", file::toString);
    }

    @Test
    void customAndSelectFieldsTravelBothWaysThroughTheValueTableOnceEach() throws IOException {
        Incident incident = new Incident("INC0093001", "3", "VPN drops every hour");
        incident.extra.put("u_environment", "");
        Issue issue = pair(incident, "63001", "OPS-931");

        issue.extra.put("customfield_10300", "staging");
        issue.extra.put("customfield_10050", Map.of("value", "Hardware", "id", "10401"));
        issue.send("jira-dev");
        awaitOutboxDrained();
        incident.extra.put("u_environment", "staging");
        incident.category = "hardware";
        incident.send(SN_BOT);
        awaitOutboxDrained();

        assertThat(serviceNowPatches(incident)).containsExactly(Map.of("u_environment", "staging", "category", "hardware"));
        assertThat(writes(JIRA)).isEmpty();

        incident.category = "software";
        incident.extra.put("u_environment", "production");
        incident.send("alice.ops");
        awaitOutboxDrained();
        issue.extra.put("customfield_10300", "production");
        issue.extra.put("customfield_10050", Map.of("value", "Software", "id", "10400"));
        issue.send(JIRA_BOT);
        awaitOutboxDrained();

        assertThat(jiraPutFields("OPS-931")).containsExactly(Map.of("customfield_10300", "production",
                "customfield_10050", Map.of("value", "Software")));
        assertThat(writes(JIRA)).containsExactly("PUT /rest/api/2/issue/OPS-931");
        assertThat(writes(SN)).containsExactly("PATCH /api/now/table/incident/" + incident.sysId);
    }

    @Test
    void aReferenceByNameAndAPersonByEmailAreResolvedAndAnUnknownPersonIsAuditedNotWritten() throws IOException {
        SN.stubFor(get(urlPathEqualTo("/api/now/table/cmdb_ci")).withQueryParam("sysparm_query", equalTo("name=mail-server-01"))
                .willReturn(okJson("{\"result\": [{\"sys_id\": \"ci0000000000000000000000000mail1\"}]}")));
        SN.stubFor(get(urlPathEqualTo("/api/now/table/cmdb_ci/ci0000000000000000000000000mail1"))
                .willReturn(okJson("{\"result\": {\"name\": \"mail-server-01\"}}")));
        SN.stubFor(get(urlPathEqualTo("/api/now/table/sys_user")).withQueryParam("sysparm_query", equalTo("email=alice@example.com"))
                .willReturn(okJson("{\"result\": [{\"sys_id\": \"usr00000000000000000000000alice\"}]}")));
        SN.stubFor(get(urlPathEqualTo("/api/now/table/sys_user")).withQueryParam("sysparm_query", equalTo("email=bob@example.com"))
                .willReturn(okJson("{\"result\": []}")));
        SN.stubFor(get(urlPathEqualTo("/api/now/table/sys_user/usr00000000000000000000000alice"))
                .willReturn(okJson("{\"result\": {\"email\": \"Alice@Example.com\"}}")));
        Incident incident = new Incident("INC0093002", "3", "Mail queue stuck");
        incident.extra.put("cmdb_ci", "");
        incident.extra.put("caller_id", "");
        Issue issue = pair(incident, "63002", "OPS-932");

        issue.extra.put("customfield_10060", "mail-server-01");
        issue.extra.put("reporter", Map.of("accountId", "557058:alice", "emailAddress", "alice@example.com"));
        issue.send("jira-dev");
        awaitOutboxDrained();
        incident.extra.put("cmdb_ci", "ci0000000000000000000000000mail1");
        incident.extra.put("caller_id", "usr00000000000000000000000alice");
        incident.send(SN_BOT);
        awaitOutboxDrained();

        assertThat(serviceNowPatches(incident)).containsExactly(Map.of("cmdb_ci", "ci0000000000000000000000000mail1",
                "caller_id", "usr00000000000000000000000alice"));

        issue.extra.put("reporter", Map.of("accountId", "557058:bob", "emailAddress", "bob@example.com"));
        issue.send("jira-dev");
        awaitOutboxDrained();

        assertThat(writes(SN)).containsExactly("PATCH /api/now/table/incident/" + incident.sysId);
        assertThat(writes(JIRA)).isEmpty();
        List<JsonNode> notCarried = audit(incident.number, "alignment.not-carried");
        assertThat(notCarried).extracting(d -> d.path("field").asText()).containsExactly("field.caller");
        assertThat(notCarried.get(0).path("value").asText()).isEqualTo("bob@example.com");
        assertThat(notCarried.get(0).path("reason").asText()).contains("no sys_user with this e-mail address");
    }

    @Test
    void aDescriptionWithListsLinksAndCodeMadeInJiraReachesServiceNowAndItsEditComesBackWithoutEcho() throws IOException {
        Incident incident = new Incident("INC0093003", "2", "Checkout fails for card payments");
        Issue issue = pair(incident, "63003", "OPS-933");
        String jiraText = """
                Card payments fail at checkout.

                # Open the [cart|https://shop.example.com/cart]
                # Pay by card

                {code:java}
                PaymentDeclined: issuer unavailable
                {code}""";

        issue.extra.put("description", jiraText);
        issue.send("jira-dev");
        awaitOutboxDrained();
        String serviceNowText = """
                Card payments fail at checkout.

                1. Open the [cart](https://shop.example.com/cart)
                2. Pay by card

                ```java
                PaymentDeclined: issuer unavailable
                ```""";
        assertThat(serviceNowPatches(incident)).containsExactly(Map.of("description", serviceNowText));
        incident.extra.put("description", serviceNowText);
        incident.send(SN_BOT);
        awaitOutboxDrained();

        incident.extra.put("description", serviceNowText + "\n\nWorkaround: pay by invoice, see [KB0012](https://kb.example.com/12).");
        incident.send("alice.ops");
        awaitOutboxDrained();
        String expectedWiki = jiraText + "\n\nWorkaround: pay by invoice, see [KB0012|https://kb.example.com/12].";
        assertThat(jiraPutFields("OPS-933")).containsExactly(Map.of("description", expectedWiki));
        issue.extra.put("description", expectedWiki);
        issue.send(JIRA_BOT);
        issue.send("jira-dev");
        awaitOutboxDrained();

        assertThat(writes(JIRA)).containsExactly("PUT /rest/api/2/issue/OPS-933");
        assertThat(writes(SN)).containsExactly("PATCH /api/now/table/incident/" + incident.sysId);
    }

    @Test
    void aDryRunShowsTheWritesEachSideWouldGetWithoutMakingThem() throws IOException {
        Incident incident = new Incident("INC0093009", "3", "Printer jam");
        incident.category = "software";
        incident.extra.put("u_environment", "staging");
        JsonNode record = JSON.readTree(incident.body("alice.ops"));
        Issue issue = new Issue("63009", "OPS-939", "Medium", "Printer jam on floor 3");
        issue.extra.put("customfield_10050", Map.of("value", "Hardware"));
        issue.extra.put("customfield_10300", "staging");
        var request = JSON.createObjectNode();
        request.set("jira", issue.issueNode(true));
        request.set("servicenow", record);
        JIRA.resetRequests();
        SN.resetRequests();

        JsonNode answer = JSON.readTree(http.withBasicAuth("admin", "test-admin-password")
                .postForObject("/api/alignment/dry-run", new org.springframework.http.HttpEntity<>(request.toString(),
                        jsonHeaders()), String.class));

        assertThat(answer.path("toJira")).isEmpty();
        assertThat(answer.path("toServiceNow")).hasSize(1);
        JsonNode write = answer.path("toServiceNow").get(0);
        assertThat(write.path("request").asText()).isEqualTo("PATCH /api/now/table/incident/" + incident.sysId);
        assertThat(JSON.convertValue(write.path("fields"), Map.class))
                .isEqualTo(Map.of("short_description", "Printer jam on floor 3", "category", "hardware"));
        assertThat(answer.path("fields").findValuesAsText("outcome")).contains("aligned", "write to servicenow");
        awaitOutboxDrained();
        assertThat(writes(JIRA)).isEmpty();
        assertThat(writes(SN)).isEmpty();
    }

    private static org.springframework.http.HttpHeaders jsonHeaders() {
        org.springframework.http.HttpHeaders headers = new org.springframework.http.HttpHeaders();
        headers.setContentType(org.springframework.http.MediaType.APPLICATION_JSON);
        return headers;
    }

    /** Pairs a new incident with its work package and clears the journals. */
    private Issue pair(Incident incident, String issueId, String key) {
        stubWorkPackageCreate(incident, issueId, key);
        incident.send("alice.ops");
        awaitOutboxDrained();
        Issue issue = new Issue(issueId, key, "Medium", incident.summary);
        issue.send(JIRA_BOT);
        incident.addJournal("work_notes", "Tracked in Jira as " + key + ": " + JIRA.baseUrl() + "/browse/" + key, SN_BOT);
        incident.correlationId = key;
        incident.send(SN_BOT);
        awaitOutboxDrained();
        JIRA.resetRequests();
        SN.resetRequests();
        return issue;
    }

    /** The writes a fake received (reads and look-ups left out), oldest first. */
    private static List<String> writes(com.github.tomakehurst.wiremock.WireMockServer server) {
        return calls(server).stream().filter(call -> !call.startsWith("GET ")).toList();
    }

    private static List<Map<String, Object>> jiraPutFields(String key) throws IOException {
        List<Map<String, Object>> fields = new ArrayList<>();
        for (LoggedRequest put : requests(JIRA, RequestMethod.PUT, "/rest/api/2/issue/" + key)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> body = JSON.readValue(put.getBodyAsString(), Map.class);
            @SuppressWarnings("unchecked")
            Map<String, Object> set = (Map<String, Object>) body.get("fields");
            fields.add(new HashMap<>(set));
        }
        return fields;
    }

    private List<JsonNode> audit(String incidentNumber, String action) throws IOException {
        JsonNode pair = JSON.readTree(http.withBasicAuth("admin", "test-admin-password")
                .getForObject("/api/links?incident=" + incidentNumber, String.class));
        List<JsonNode> details = new ArrayList<>();
        for (JsonNode entry : pair.path("audit")) {
            if (entry.path("action").asText().equals(action)) {
                details.add(entry.path("detail"));
            }
        }
        return details;
    }
}
