package io.scrumops.bridge.gates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.scrumops.bridge.support.BridgeIt;
import io.scrumops.bridge.support.RemoteFakes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Release gates end to end: Jira webhooks and a ServiceNow change request in, verdicts stored, published on the
 * gates topic and written back to the Jira version, the release's epic and the change request, checked in the
 * WireMock journals; a verdict that stays writes nothing; a deployment webhook opens the UAT entry; sign-off over
 * the API.
 */
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "scrumops.inbox.relay-grace=PT1S",
        "scrumops.inbox.relay-period-ms=1000",
        "scrumops.rules.sprint-sync.enabled=false",
        "scrumops.rules.sla-sweep.enabled=false",
        "scrumops.gates.schedule-delay-ms=3600000",
        "scrumops.gates.publish-period-ms=200",
        "scrumops.jira.username=bridge", "scrumops.jira.api-token=jira-test-token",
        "scrumops.jira.bot-account=bridge-bot",
        "scrumops.jira.reconcile.period-ms=3600000",
        "scrumops.servicenow.username=bridge", "scrumops.servicenow.password=sn-test-password",
        "scrumops.servicenow.bot-user=scrumops.bridge",
        "scrumops.servicenow.poll.period-ms=3600000",
        "scrumops.writeback.poll-period-ms=50", "scrumops.writeback.backoff-base=PT0.2S",
        "scrumops.writeback.jira-rate-per-second=1000", "scrumops.writeback.service-now-rate-per-second=1000"})
class ReleaseGatesIT {

    static final WireMockServer JIRA = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    static final WireMockServer SN = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    static final ObjectMapper JSON = new ObjectMapper();
    static final DateTimeFormatter JIRA_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ")
            .withZone(ZoneOffset.UTC);
    static final DateTimeFormatter SN_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    static Path mappings;

    @DynamicPropertySource
    static void wiring(DynamicPropertyRegistry registry) throws IOException {
        if (!JIRA.isRunning()) {
            JIRA.start();
            SN.start();
        }
        if (mappings == null) {
            mappings = Files.createTempDirectory("scrumops-gates-mappings");
            try (var files = Files.list(Path.of("mappings"))) {
                for (Path f : files.toList()) {
                    Files.copy(f, mappings.resolve(f.getFileName()));
                }
            }
            Files.writeString(mappings.resolve("releases.yaml"), """
                    products:
                      Orders:
                        jira: { projects: [ORD], epics: { "5.0": ORD-1 } }
                        serviceNow: { releaseField: correlation_display, verdictField: u_gate_verdict }
                        deployments: { services: [orders-api] }
                        phases:
                          - name: SIT
                            days: 5
                            exit: { criteria: [ { kind: noOpenDefects, severity: SEV2 } ] }
                          - name: UAT
                            days: 5
                            entry: { criteria: [ { kind: deployedTo, environment: uat } ] }
                            exit: { criteria: [ { kind: signOff, title: Test completion report signed off } ] }
                    """);
        }
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
    JdbcTemplate jdbc;
    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;
    @Value("${scrumops.gates.topic}")
    String topic;

    @BeforeEach
    void fakes() {
        RemoteFakes.resetWithDefaults(JIRA, SN, "{\"transitions\": []}");
        JIRA.stubFor(get(urlPathMatching("/rest/api/2/version/[0-9]+"))
                .willReturn(okJson("{\"id\": \"20500\", \"name\": \"5.0\", \"description\": \"Spring release\"}")));
        JIRA.stubFor(put(urlPathMatching("/rest/api/2/version/[0-9]+")).willReturn(okJson("{\"id\": \"20500\"}")));
        SN.stubFor(patch(urlPathMatching("/api/now/table/change_request/.+"))
                .willReturn(okJson("{\"result\": {\"sys_id\": \"chg500\"}}")));
    }

    @Test
    void theSitExitUnblocksWhenTheLastSev2DefectIsResolvedInJiraAndTheVerdictIsWrittenBackOnce() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String release = "jira:version:20500";
        try (KafkaConsumer<String, String> consumer = consumer()) {
            postJira(bug("30001", "ORD-11", "Major", "In Progress", "indeterminate", now, now.plusSeconds(1), "dev"));
            postJira(bug("30002", "ORD-12", "Critical", "Open", "new", now, now.plusSeconds(2), "dev"));
            postServiceNow(changeRequest(now));
            await().atMost(Duration.ofSeconds(30)).until(() -> verdict(release, "sit-exit").equals("BLOCKED")
                    && blocking(release, "sit-exit").equals(List.of("ORD-11", "ORD-12")));
            awaitOutboxDrained();
            Journal blocked = journal();

            // the SEV1 is resolved: the gate still blocks on the SEV2, nothing is written
            postJira(bug("30002", "ORD-12", "Critical", "Done", "done", now, now.plusSeconds(3), "qa"));
            await().atMost(Duration.ofSeconds(30)).until(() -> blocking(release, "sit-exit").equals(List.of("ORD-11")));
            awaitOutboxDrained();
            assertThat(journal().since(blocked).writes()).as(journal().since(blocked).describe()).isZero();

            // the last SEV2 is resolved: the gate passes and the verdict goes to Jira and ServiceNow once
            postJira(bug("30001", "ORD-11", "Major", "Done", "done", now, now.plusSeconds(4), "qa"));
            await().atMost(Duration.ofSeconds(30)).until(() -> verdict(release, "sit-exit").equals("PASSED"));
            awaitOutboxDrained();
            Journal passed = journal().since(blocked);
            assertThat(passed.writes()).as(passed.describe()).isEqualTo(4);
            List<JsonNode> version = passed.bodies(JIRA_SIDE, RequestMethod.PUT, "/rest/api/2/version/20500");
            assertThat(version).hasSize(1);
            assertThat(version.get(0).path("description").asText()).isEqualTo("""
                    Spring release
                    --- ScrumOps gates ---
                    sit-exit: PASSED
                    uat-entry: BLOCKED - Deployed to uat: no successful deployment to uat
                    uat-exit: BLOCKED - Test completion report signed off: not signed off""");
            List<JsonNode> epic = passed.bodies(JIRA_SIDE, RequestMethod.POST, "/rest/api/2/issue/ORD-1/comment");
            assertThat(epic).hasSize(1);
            assertThat(epic.get(0).path("body").asText()).isEqualTo(
                    "[ScrumOps] Gate SIT exit (sit-exit) of release 5.0: PASSED (was BLOCKED). all 1 criteria met");
            List<JsonNode> change = passed.bodies(SN_SIDE, RequestMethod.PATCH, "/api/now/table/change_request/chg500");
            assertThat(change).hasSize(2);
            assertThat(change.get(0).path("work_notes").asText()).isEqualTo(
                    "[ScrumOps] Gate SIT exit (sit-exit) of release 5.0: PASSED (was BLOCKED). all 1 criteria met");
            assertThat(change.get(1).path("u_gate_verdict").asText())
                    .isEqualTo("sit-exit=PASSED; uat-entry=BLOCKED; uat-exit=BLOCKED");

            // the change reached the gates topic with who moved it and why
            List<ConsumerRecord<String, String>> events = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(events::add);
                return events.stream().anyMatch(e -> tree(e.value()).path("to").asText().equals("PASSED"));
            });
            JsonNode event = tree(events.stream().filter(e -> tree(e.value()).path("to").asText().equals("PASSED"))
                    .findFirst().orElseThrow().value());
            assertThat(event.path("releaseId").asText()).isEqualTo(release);
            assertThat(event.path("gateId").asText()).isEqualTo("sit-exit");
            assertThat(event.path("from").asText()).isEqualTo("BLOCKED");
            assertThat(event.path("cause").asText()).isEqualTo("jira:issue:30001");
            assertThat(event.path("actor").asText()).isEqualTo("qa");

            // the same webhook again changes nothing and writes nothing
            Journal beforeRepeat = journal();
            postJira(bug("30001", "ORD-11", "Major", "Done", "done", now, now.plusSeconds(4), "qa"));
            awaitInboxProcessed();
            awaitOutboxDrained();
            assertThat(journal().since(beforeRepeat).writes()).isZero();
        }

        JsonNode history = tree(admin().getForEntity("/api/releases/" + release + "/history", String.class).getBody());
        List<String> sit = new ArrayList<>();
        history.forEach(h -> {
            if (h.path("gateId").asText().equals("sit-exit")) {
                sit.add(h.path("from").asText(null) + "->" + h.path("to").asText() + " by " + h.path("actor").asText());
            }
        });
        assertThat(sit).containsExactly("null->BLOCKED by dev", "BLOCKED->PASSED by qa");
    }

    @Test
    void aDeploymentOfTheVersionToUatOpensTheUatEntryAndASignOffTheUatExit() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String release = "jira:version:20600";
        postJira(story("30101", "ORD-21", "20600", "6.0", now));
        await().atMost(Duration.ofSeconds(30)).until(() -> verdict(release, "uat-entry").equals("BLOCKED"));

        ResponseEntity<String> deployed = admin().postForEntity("/webhooks/deployments", json(Map.of(
                "id", "dep-" + UUID.randomUUID(), "service", "orders-api", "environment", "uat",
                "status", "success", "ref", "v6.0", "startedAt", now.toString(), "finishedAt", now.toString())),
                String.class);
        assertThat(deployed.getStatusCode().is2xxSuccessful()).as(deployed.getBody()).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> verdict(release, "uat-entry").equals("PASSED"));

        ResponseEntity<String> signed = admin().postForEntity("/api/releases/" + release + "/gates/uat-exit/sign-off",
                json(Map.of("comment", "test completion report attached")), String.class);
        assertThat(signed.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(tree(signed.getBody()).path("verdict").asText()).isEqualTo("PASSED");
        assertThat(tree(signed.getBody()).path("signOff").path("signedBy").asText()).isEqualTo("admin");
        assertThat(jdbc.queryForList("select actor || ' ' || action from audit_log where entity_id = ?", String.class,
                release)).containsExactly("admin gate-sign-off");

        ResponseEntity<String> withdrawn = admin().exchange("/api/releases/" + release + "/gates/uat-exit/sign-off",
                HttpMethod.DELETE, json(Map.of("comment", "report reopened")), String.class);
        assertThat(withdrawn.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(verdict(release, "uat-exit")).isEqualTo("BLOCKED");
        assertThat(admin().postForEntity("/api/releases/" + release + "/gates/sit-exit/sign-off", json(Map.of()),
                String.class).getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    }

    // ------------------------------------------------------------------ helpers

    private String verdict(String release, String gate) {
        ResponseEntity<String> answer = admin().getForEntity("/api/releases/" + release, String.class);
        if (!answer.getStatusCode().is2xxSuccessful()) {
            return "";
        }
        for (JsonNode phase : tree(answer.getBody()).path("phases")) {
            for (JsonNode g : phase.path("gates")) {
                if (g.path("id").asText().equals(gate)) {
                    return g.path("verdict").asText();
                }
            }
        }
        return "";
    }

    private List<String> blocking(String release, String gate) {
        List<String> keys = new ArrayList<>();
        ResponseEntity<String> answer = admin().getForEntity("/api/releases/" + release, String.class);
        if (!answer.getStatusCode().is2xxSuccessful()) {
            return keys;
        }
        for (JsonNode phase : tree(answer.getBody()).path("phases")) {
            for (JsonNode g : phase.path("gates")) {
                if (g.path("id").asText().equals(gate)) {
                    g.path("evaluation").path("criteria").forEach(c -> c.path("blocking")
                            .forEach(b -> keys.add(b.path("key").asText())));
                }
            }
        }
        return keys;
    }

    private static String bug(String id, String key, String priority, String status, String category, Instant created,
                              Instant updated, String actor) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("issuetype", Map.of("name", "Bug"));
        fields.put("project", Map.of("key", "ORD"));
        fields.put("status", Map.of("name", status, "statusCategory", Map.of("key", category)));
        fields.put("priority", Map.of("name", priority));
        fields.put("summary", "Order total wrong " + key);
        fields.put("created", JIRA_TIME.format(created));
        fields.put("updated", JIRA_TIME.format(updated));
        if ("done".equals(category)) {
            fields.put("resolutiondate", JIRA_TIME.format(updated));
        }
        fields.put("labels", List.of());
        fields.put("fixVersions", List.of(Map.of("self", "https://jira.example.com/rest/api/2/version/20500",
                "id", "20500", "name", "5.0", "releaseDate", "2099-01-10", "archived", false, "released", false)));
        return webhook(id, key, fields, updated, actor);
    }

    private static String story(String id, String key, String versionId, String version, Instant at) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("issuetype", Map.of("name", "Story"));
        fields.put("project", Map.of("key", "ORD"));
        fields.put("status", Map.of("name", "Done", "statusCategory", Map.of("key", "done")));
        fields.put("summary", "Checkout " + key);
        fields.put("created", JIRA_TIME.format(at));
        fields.put("updated", JIRA_TIME.format(at));
        fields.put("resolutiondate", JIRA_TIME.format(at));
        fields.put("labels", List.of());
        fields.put("fixVersions", List.of(Map.of("id", versionId, "name", version, "releaseDate", "2099-02-10",
                "archived", false, "released", false)));
        return webhook(id, key, fields, at, "dev");
    }

    private static String webhook(String id, String key, Map<String, Object> fields, Instant updated, String actor) {
        Map<String, Object> issue = Map.of("id", id, "key", key,
                "self", "https://jira.example.com/rest/api/2/issue/" + id, "fields", fields);
        return write(Map.of("timestamp", updated.toEpochMilli(), "webhookEvent", "jira:issue_updated",
                "issue_event_type_name", "issue_generic", "issue", issue, "user", Map.of("accountId", actor)));
    }

    private static String changeRequest(Instant now) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("sys_id", "chg500");
        record.put("sys_class_name", "change_request");
        record.put("number", "CHG0050000");
        record.put("state", "-3");
        record.put("approval", "requested");
        record.put("correlation_display", "5.0");
        record.put("short_description", "Orders release 5.0");
        record.put("type", "normal");
        record.put("priority", "4");
        record.put("opened_at", SN_TIME.format(now.minusSeconds(600)));
        record.put("sys_updated_on", SN_TIME.format(now.minusSeconds(60)));
        record.put("sys_mod_count", "1");
        record.put("sys_updated_by", "cab.manager");
        record.put("sys_journal_field", List.of());
        return write(Map.of("result", record));
    }

    private void postJira(String body) {
        ResponseEntity<String> answer = admin().postForEntity("/webhooks/jira", json(body), String.class);
        assertThat(answer.getStatusCode().is2xxSuccessful()).as(answer.getBody()).isTrue();
    }

    private void postServiceNow(String body) {
        ResponseEntity<String> answer = admin().postForEntity("/webhooks/servicenow", json(body), String.class);
        assertThat(answer.getStatusCode().is2xxSuccessful()).as(answer.getBody()).isTrue();
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

    private void awaitInboxProcessed() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> jdbc.queryForObject(
                "select count(*) from inbox where status in ('RECEIVED', 'PUBLISHED')", Long.class) == 0);
    }

    private KafkaConsumer<String, String> consumer() {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "gates-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static final String JIRA_SIDE = "jira";
    static final String SN_SIDE = "servicenow";

    private static Journal journal() {
        return new Journal(JIRA.getAllServeEvents().stream().map(e -> (LoggedRequest) e.getRequest()).toList(),
                SN.getAllServeEvents().stream().map(e -> (LoggedRequest) e.getRequest()).toList());
    }

    /** What Jira and ServiceNow received, newest first as WireMock keeps it. */
    record Journal(List<LoggedRequest> jira, List<LoggedRequest> serviceNow) {

        Journal since(Journal earlier) {
            return new Journal(jira.subList(0, jira.size() - earlier.jira.size()),
                    serviceNow.subList(0, serviceNow.size() - earlier.serviceNow.size()));
        }

        List<JsonNode> bodies(String side, RequestMethod method, String urlRegex) {
            List<JsonNode> found = new ArrayList<>((side.equals(JIRA_SIDE) ? jira : serviceNow).stream()
                    .filter(r -> r.getMethod().equals(method) && r.getUrl().split("\\?")[0].matches(urlRegex))
                    .map(r -> tree(r.getBodyAsString())).toList());
            java.util.Collections.reverse(found);
            return found;
        }

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
