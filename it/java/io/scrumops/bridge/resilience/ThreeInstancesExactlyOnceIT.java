package io.scrumops.bridge.resilience;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.scrumops.bridge.BridgeApplication;
import io.scrumops.bridge.support.BridgeIt;
import io.scrumops.bridge.support.RemoteFakes;
import io.scrumops.bridge.support.RouteRuns;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three bridges (three application contexts in this JVM, each with its own web server, routes, consumers and outbox
 * dispatcher) on one PostgreSQL and one broker, Jira and ServiceNow faked. 10,000 webhooks are spread over the three
 * doors: ServiceNow incidents, each of which must get exactly one Jira work package, Jira's echoes of those packages,
 * summaries changed in Jira, work notes written in ServiceNow and comments written in Jira, and a stream of plain Jira
 * issues besides. One bridge is stopped in the middle of the stream; its senders go to the others, as a load
 * balancer would send them. Every event must take effect once: counted in the fakes' request journals and the store.
 */
class ThreeInstancesExactlyOnceIT {

    private static final int EVENTS = Integer.getInteger("scrumops.proof.three-instance-events", 10_000);
    private static final int INCIDENTS = Integer.getInteger("scrumops.proof.three-instance-incidents", 300);
    /** Events per incident: created in ServiceNow; Jira's echo of the work package; ServiceNow's echo of the pairing;
     * the summary changed in Jira; a work note in ServiceNow; a comment in Jira. */
    private static final int EVENTS_PER_INCIDENT = 6;
    /** Incidents are numbered from here: their work packages OPS-5001 ... stay clear of the recurring story OPS-1. */
    private static final int FIRST = 5001;
    private static final int PHASES = 4;
    /** Plain Jira issues (not paired), each sent once per phase: created, then updated three times. */
    private static final int FILLER = (EVENTS - INCIDENTS * EVENTS_PER_INCIDENT) / PHASES;
    private static final int SENDERS = 12;
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    private static final String SERVICE_DESK_GROUP = "d625dccec0a8016700a222a0f7900d06";
    private static final String JIRA_BOT = "bridge-bot";
    private static final String SN_BOT = "scrumops.bridge";
    private static final long T0 = LocalDateTime.of(2026, 5, 4, 8, 0).toEpochSecond(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TRANSITIONS = "{\"transitions\": []}";

    private static final WireMockServer JIRA = BridgeIt.startedFake();
    private static final WireMockServer SN = BridgeIt.startedFake();
    private static final List<ConfigurableApplicationContext> BRIDGES = new ArrayList<>();
    private static final AtomicInteger SERVLETS = new AtomicInteger();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String basic = "Basic " + Base64.getEncoder().encodeToString(
            (BridgeIt.ADMIN + ":" + BridgeIt.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
    private AtomicReferenceArray<String> doors;
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger redirected = new AtomicInteger();
    private final AtomicInteger rotation = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicIntegerArray acceptedBy =
            new java.util.concurrent.atomic.AtomicIntegerArray(3);

    @AfterAll
    static void stopAll() {
        BRIDGES.forEach(ConfigurableApplicationContext::close);
        JIRA.stop();
        SN.stop();
    }

    @Test
    void threeInstancesOnOneDatabaseAndBrokerApplyEveryEventOnceWhileOneIsStoppedMidStream() throws Exception {
        long started = System.nanoTime();
        stubFakes();
        ConfigurableApplicationContext first = start(List.of());
        Environment shared = first.getEnvironment();
        List<String> sameStoreAndBroker = new ArrayList<>(List.of("--scrumops.embedded.ephemeral=false"));
        for (String key : List.of("spring.datasource.url", "spring.kafka.bootstrap-servers",
                "scrumops.kafka.inbound-topic", "scrumops.kafka.deployments-topic", "scrumops.kafka.group-id",
                "scrumops.rules.sla-sweep.topic", "scrumops.gates.topic")) {
            sameStoreAndBroker.add("--" + key + "=" + shared.getRequiredProperty(key));
        }
        sameStoreAndBroker.add("--spring.datasource.username=" + shared.getProperty("spring.datasource.username"));
        sameStoreAndBroker.add("--spring.datasource.password=" + shared.getProperty("spring.datasource.password", ""));
        // The second and third start side by side (the first has made the schema): half the wait on two cores.
        var second = java.util.concurrent.CompletableFuture.runAsync(() -> start(sameStoreAndBroker));
        start(sameStoreAndBroker);
        second.join();
        doors = new AtomicReferenceArray<>(BRIDGES.stream()
                .map(b -> "http://127.0.0.1:" + b.getEnvironment().getProperty("local.server.port"))
                .toArray(String[]::new));
        JdbcTemplate db = new JdbcTemplate(first.getBean(javax.sql.DataSource.class));
        System.out.printf("three bridges up in %d ms%n", (System.nanoTime() - started) / 1_000_000);
        long streamStarted = System.nanoTime();

        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        Thread stopper = new Thread(() -> {
            await().atMost(PATIENCE).until(() -> sent.get() >= EVENTS / 2);
            // Stopped as an operator stops it (SIGTERM); webhooks in flight to it are answered or fail and go
            // elsewhere.
            BRIDGES.get(1).close();
        }, "stop-second-bridge");
        stopper.start();

        // Phase 1: incidents created in ServiceNow, plain Jira issues created.
        List<String> phase = new ArrayList<>();
        for (int n = FIRST; n < FIRST + INCIDENTS; n++) {
            phase.add(sn(incident(n, 1, "alice.ops", false, List.of())));
        }
        addFiller(phase, 0);
        send(senders, phase);
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250))
                .until(() -> workPackageCreates().size() >= INCIDENTS);
        awaitQuiet(db);
        phaseDone("1 (incidents created)", streamStarted);

        // Phase 2: Jira's echo of each work package (made by the bridge's account), ServiceNow's echo of the pairing.
        phase.clear();
        for (int n = FIRST; n < FIRST + INCIDENTS; n++) {
            phase.add(jira("echo-" + n, issueEvent(n, "jira:issue_created", JIRA_BOT, summary(n), 1)));
            phase.add(sn(incident(n, 2, SN_BOT, true, List.of(journal(n, 1, trackedNote(n), SN_BOT)))));
        }
        addFiller(phase, 1);
        send(senders, phase);
        awaitQuiet(db);
        phaseDone("2 (echoes)", streamStarted);

        // Phase 3: the summary changed in Jira, a work note written in ServiceNow; the second bridge stops meanwhile.
        phase.clear();
        for (int n = FIRST; n < FIRST + INCIDENTS; n++) {
            phase.add(jira("summary-" + n, issueEvent(n, "jira:issue_updated", "jira-dev", newSummary(n), 2)));
            phase.add(sn(incident(n, 3, "alice.ops", true, List.of(journal(n, 1, trackedNote(n), SN_BOT),
                    journal(n, 2, workNote(n), "alice.ops")))));
        }
        addFiller(phase, 2);
        send(senders, phase);
        awaitQuiet(db);
        phaseDone("3 (summaries, work notes, a bridge stopped)", streamStarted);

        // Phase 4: a comment written in Jira.
        phase.clear();
        for (int n = FIRST; n < FIRST + INCIDENTS; n++) {
            phase.add(jira("comment-" + n, commentEvent(n)));
        }
        addFiller(phase, 3);
        send(senders, phase);
        stopper.join();
        senders.shutdown();
        long streamMillis = (System.nanoTime() - streamStarted) / 1_000_000;

        // The positive marker: every expected write has reached the fakes and nothing is left to write.
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250)).until(() ->
                count(JIRA, RequestMethod.POST, "/rest/api/2/issue/OPS-\\d+/comment") >= INCIDENTS
                        && serviceNowPatches("work_notes", "[Jira comment by jira-dev").size() >= INCIDENTS);
        awaitQuiet(db);
        // ... and every surviving bridge has polled its outbox and relayed its inbox again since then.
        for (int i : new int[] {0, 2}) {
            RouteRuns runs = RouteRuns.of(BRIDGES.get(i).getBean(CamelContext.class));
            runs.awaitMore("outbox-dispatch", 3, Duration.ofSeconds(30));
            runs.awaitMore("inbound-relay", 1, Duration.ofSeconds(30));
        }

        assertThat(sent.get()).isEqualTo(EVENTS);
        // The premise: all three took webhooks, and the second was stopped before the stream ended.
        assertThat(BRIDGES.get(1).isActive()).isFalse();
        for (int i = 0; i < 3; i++) {
            assertThat(acceptedBy.get(i)).as("webhooks accepted by bridge " + i).isPositive();
        }
        assertThat(acceptedBy.get(1)).isLessThan(acceptedBy.get(0));
        // The store: every webhook held once and processed, nothing quarantined, no write command dead or waiting.
        assertThat(db.queryForObject("select count(*) from inbox", Long.class)).isEqualTo(EVENTS);
        assertThat(db.queryForList("select status || '=' || count(*) from inbox group by status", String.class))
                .containsExactly("PROCESSED=" + EVENTS);
        assertThat(db.queryForObject("select count(*) from quarantine", Long.class)).isZero();
        assertThat(db.queryForList("select status || '=' || count(*) from outbox where status <> 'DONE'"
                + " group by status", String.class)).isEmpty();
        assertThat(db.queryForObject("select count(*) from work_item where id like 'servicenow:incident:3e%'",
                Long.class)).isEqualTo(INCIDENTS);
        assertThat(db.queryForObject("select count(*) from work_item where id like 'jira:issue:77%'", Long.class))
                .isEqualTo(INCIDENTS);
        // Each plain issue holds its last version (the fourth phase's summary), whatever order the bridges stored them.
        assertThat(db.queryForObject("select count(*) from work_item where id like 'jira:issue:88%'", Long.class))
                .isEqualTo(FILLER);
        assertThat(db.queryForObject("select count(*) from work_item where id like 'jira:issue:88%' "
                + "and title like '% v3'", Long.class)).isEqualTo(FILLER);

        // Jira: one work package per incident (three sub-tasks under each), one remote link, one comment.
        List<LoggedRequest> packages = workPackageCreates();
        assertThat(packages).hasSize(INCIDENTS);
        assertThat(packages.stream().map(r -> labelOf(r)).distinct().count()).isEqualTo(INCIDENTS);
        Map<String, Integer> subTasksByParent = new HashMap<>();
        for (LoggedRequest r : requests(JIRA, RequestMethod.POST, "/rest/api/2/issue")) {
            JsonNode fields = JSON.readTree(r.getBodyAsString()).path("fields");
            if (fields.path("issuetype").path("name").asText().equals("Sub-task")) {
                subTasksByParent.merge(fields.path("parent").path("key").asText(), 1, Integer::sum);
            }
        }
        assertThat(subTasksByParent).hasSize(INCIDENTS);
        assertThat(subTasksByParent.values()).containsOnly(3);
        for (int n = FIRST; n < FIRST + INCIDENTS; n++) {
            String key = key(n);
            assertThat(count(JIRA, RequestMethod.POST, "/rest/api/2/issue/" + key + "/remotelink")).as(key)
                    .isEqualTo(1);
            List<LoggedRequest> comments = requests(JIRA, RequestMethod.POST, "/rest/api/2/issue/" + key + "/comment");
            assertThat(comments).as(key).hasSize(1);
            assertThat(JSON.readTree(comments.get(0).getBodyAsString()).path("body").asText()).endsWith(workNote(n));
        }
        assertThat(count(JIRA, RequestMethod.POST, ".*")).isEqualTo(INCIDENTS * (1 + 3 + 1 + 1));
        assertThat(count(JIRA, RequestMethod.PUT, ".*")).isZero();

        // ServiceNow: per incident the pairing (correlation), the note naming the package, the new summary and the
        // copy of the Jira comment, each once.
        for (int n = FIRST; n < FIRST + INCIDENTS; n++) {
            List<JsonNode> patches = new ArrayList<>();
            String incidentUrl = "/api/now/table/incident/" + sysId(n) + "(\\?.*)?";
            for (LoggedRequest r : requests(SN, RequestMethod.PATCH, incidentUrl)) {
                patches.add(JSON.readTree(r.getBodyAsString()));
            }
            String comment = jiraComment(n);
            assertThat(patches).as(sysId(n)).hasSize(4);
            assertThat(patches.stream().filter(p -> p.has("correlation_id"))
                    .map(p -> p.path("correlation_id").asText()))
                    .as(sysId(n)).containsExactly(key(n));
            assertThat(patches.stream().filter(p -> p.has("short_description"))
                    .map(p -> p.path("short_description").asText())).as(sysId(n)).containsExactly(newSummary(n));
            assertThat(patches.stream().filter(p -> p.has("work_notes")).map(p -> p.path("work_notes").asText()))
                    .as(sysId(n)).hasSize(2)
                    .anyMatch(note -> note.startsWith("[Jira comment by jira-dev") && note.endsWith(comment));
        }
        assertThat(count(SN, RequestMethod.PATCH, ".*")).isEqualTo(INCIDENTS * 4);
        assertThat(count(SN, RequestMethod.POST, ".*")).isZero();
        System.out.printf("three instances: %d events (%d incidents, %d plain issues) in %d ms, %d sends went to "
                        + "another bridge (accepted per bridge %s); %d Jira and %d ServiceNow requests; "
                        + "whole test %d ms%n",
                EVENTS, INCIDENTS, FILLER, streamMillis, redirected.get(), acceptedBy, JIRA.getAllServeEvents().size(),
                SN.getAllServeEvents().size(), (System.nanoTime() - started) / 1_000_000);
    }

    // --- the bridges and the fakes ---

    private static ConfigurableApplicationContext start(List<String> extra) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                // Camel keeps its servlets in one JVM-wide registry: each bridge of this JVM names its own
                "--scrumops.webhooks.servlet-name=ScrumOpsWebhooks-three-" + SERVLETS.incrementAndGet(),
                "--scrumops.mapping.directory=" + BridgeIt.mappings(),
                "--scrumops.jira.base-url=" + JIRA.baseUrl(),
                "--scrumops.servicenow.instance-url=" + SN.baseUrl(),
                "--scrumops.servicenow.api-url=" + SN.baseUrl() + "/api",
                "--" + BridgeIt.JIRA_USER, "--" + BridgeIt.JIRA_TOKEN, "--" + BridgeIt.JIRA_BOT,
                "--" + BridgeIt.SERVICENOW_USER, "--" + BridgeIt.SERVICENOW_PASSWORD, "--" + BridgeIt.SERVICENOW_BOT,
                // one consumer per bridge, so that each of the three holds one partition of the inbound topic
                "--scrumops.kafka.inbound-consumers=1",
                "--scrumops.inbox.relay-period-ms=1000",
                "--scrumops.writeback.poll-period-ms=50",
                "--scrumops.writeback.jira-rate-per-second=1000",
                "--scrumops.writeback.service-now-rate-per-second=1000",
                // scheduled reads of Jira and ServiceNow stay out of the journals this test counts
                "--scrumops.servicenow.poll.period-ms=3600000",
                "--scrumops.jira.reconcile.period-ms=3600000",
                "--scrumops.attachments.enabled=false",
                "--scrumops.gates.enabled=false",
                "--scrumops.rules.sprint-sync.enabled=false",
                "--scrumops.rules.sla-sweep.enabled=false",
                "--logging.level.root=WARN"));
        args.addAll(extra);
        ConfigurableApplicationContext bridge = new SpringApplicationBuilder(BridgeApplication.class)
                .run(args.toArray(String[]::new));
        synchronized (BRIDGES) {
            BRIDGES.add(bridge);
        }
        return bridge;
    }

    private static void stubFakes() {
        RemoteFakes.resetWithDefaults(JIRA, SN, TRANSITIONS);
        // The work package of incident n is OPS-n (id 77n); the label names the incident's sys_id "3e000...n".
        JIRA.stubFor(post(urlPathEqualTo("/rest/api/2/issue")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.fields.issuetype.name", equalTo("Work Package")))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{{regexExtract request.body 'scrumops-servicenow-incident-3e0*([0-9]+)' 'n'}}"
                                + "{\"id\": \"77{{n.0}}\", \"key\": \"OPS-{{n.0}}\"}")
                        .withTransformers("response-template")));
        // Sub-tasks: keys from a space wide enough that 900 of them never repeat one.
        JIRA.stubFor(post(urlPathEqualTo("/rest/api/2/issue")).atPriority(5)
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\": \"{{randomValue length=15 type='NUMERIC'}}\", "
                                + "\"key\": \"SUB-{{randomValue length=15 type='NUMERIC'}}\"}")
                        .withTransformers("response-template")));
    }

    // --- sending, as Jira and ServiceNow send: any door; a refused or failed delivery goes again to another ---

    private record Delivery(String path, String body, String identifier) {
    }

    private String sn(String body) {
        return "servicenow\n\n" + body;
    }

    private String jira(String identifier, String body) {
        return "jira\n" + identifier + "\n" + body;
    }

    private void send(ExecutorService senders, List<String> events) throws Exception {
        List<Future<?>> done = new ArrayList<>();
        for (String event : events) {
            String[] parts = event.split("\n", 3);
            Delivery delivery = new Delivery("/webhooks/" + parts[0], parts[2], parts[1].isEmpty() ? null : parts[1]);
            done.add(senders.submit(() -> deliver(delivery)));
        }
        for (Future<?> f : done) {
            f.get();
        }
    }

    private Void deliver(Delivery delivery) throws InterruptedException {
        int door = Math.floorMod(rotation.getAndIncrement(), doors.length());
        for (int attempt = 0; attempt < 60; attempt++) {
            String base = doors.get(door);
            if (base != null) {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + delivery.path()))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json").header("Authorization", basic)
                        .POST(HttpRequest.BodyPublishers.ofString(delivery.body()));
                if (delivery.identifier() != null) {
                    request.header("X-Atlassian-Webhook-Identifier", delivery.identifier());
                }
                try {
                    int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (status == 200 || status == 202) {
                        acceptedBy.incrementAndGet(door);
                        sent.incrementAndGet();
                        return null;
                    }
                    assertThat(status).as("answer of " + base + " to " + delivery.path()).isEqualTo(503);
                } catch (IOException refused) {
                    // the door is closing or closed: a load balancer takes it out of rotation
                    doors.set(door, null);
                }
            }
            redirected.incrementAndGet();
            door = (door + 1) % doors.length();
            if (attempt >= doors.length()) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("no bridge took " + delivery.path() + " " + delivery.identifier());
    }

    private void phaseDone(String phase, long since) {
        System.out.printf("three instances: phase %s done at %d ms, %d events sent%n", phase,
                (System.nanoTime() - since) / 1_000_000, sent.get());
    }

    private void awaitQuiet(JdbcTemplate db) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250)).until(() -> db.queryForObject(
                "select (select count(*) from inbox where status <> 'PROCESSED')"
                        + " + (select count(*) from outbox where status <> 'DONE')", Long.class) == 0);
    }

    // --- the events ---

    private void addFiller(List<String> phase, int version) {
        for (int j = 1; j <= FILLER; j++) {
            phase.add(jira("plain-" + j + "-" + version, plainIssue(j, version)));
        }
    }

    private static String sysId(int n) {
        return String.format("3e%030d", n);
    }

    private static String key(int n) {
        return "OPS-" + n;
    }

    private static String summary(int n) {
        return "Payments API failing for store " + n;
    }

    private static String newSummary(int n) {
        return "Payments API failing for store " + n + ": expired certificate";
    }

    private static String trackedNote(int n) {
        return "Tracked in Jira as " + key(n) + ": " + JIRA.baseUrl() + "/browse/" + key(n);
    }

    private static String workNote(int n) {
        return "Store " + n + " reports card payments failing";
    }

    private static String jiraComment(int n) {
        return "Root cause for store " + n + ": expired certificate on the gateway";
    }

    private static String at(long epochSecond) {
        return LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC)
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
    }

    private static String jiraAt(long epochSecond) {
        return LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC)
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS")) + "+0000";
    }

    private static ObjectNode journal(int n, int entry, String text, String user) {
        ObjectNode row = JSON.createObjectNode();
        row.put("sys_id", String.format("4f%026d%04d", n, entry));
        row.put("element", "work_notes");
        row.put("value", text);
        row.put("sys_created_by", user);
        row.put("sys_created_on", at(T0 + n + 60L * entry));
        return row;
    }

    /** Version {@code modCount} of incident n, as the Table API returns it. */
    private static String incident(int n, int modCount, String user, boolean paired, List<ObjectNode> journal) {
        ObjectNode record = JSON.createObjectNode();
        record.put("sys_id", sysId(n));
        record.put("number", String.format("INC%07d", 4_000_000 + n));
        record.put("state", "1");
        record.put("priority", "3");
        record.put("short_description", summary(n));
        record.put("assigned_to", "");
        record.put("assignment_group", SERVICE_DESK_GROUP);
        record.put("category", "");
        record.put("correlation_id", paired ? key(n) : "");
        record.put("correlation_display", paired ? "ScrumOps Bridge" : "");
        record.put("close_code", "");
        record.put("close_notes", "");
        record.put("opened_at", at(T0 - 3600));
        record.put("sys_updated_on", at(T0 + n + 60L * modCount));
        record.put("sys_mod_count", String.valueOf(modCount));
        record.put("sys_updated_by", user);
        ArrayNode rows = record.putArray("sys_journal_field");
        journal.forEach(rows::add);
        ObjectNode body = JSON.createObjectNode();
        body.set("result", record);
        return body.toString();
    }

    private static ObjectNode issue(String id, String key, String type, String summary, long updated) {
        ObjectNode issue = JSON.createObjectNode();
        issue.put("id", id);
        issue.put("key", key);
        issue.put("self", JIRA.baseUrl() + "/rest/api/2/issue/" + id);
        ObjectNode fields = issue.putObject("fields");
        fields.putObject("issuetype").put("name", type).put("subtask", false);
        fields.putArray("labels");
        fields.putNull("resolution");
        fields.putObject("project").put("key", key.substring(0, key.indexOf('-')));
        ObjectNode status = fields.putObject("status");
        status.put("name", "To Do");
        status.putObject("statusCategory").put("key", "new");
        fields.putObject("priority").put("name", "Medium");
        fields.put("summary", summary);
        fields.putNull("assignee");
        fields.put("created", jiraAt(T0));
        if (updated > 0) {
            fields.put("updated", jiraAt(updated));
        }
        return issue;
    }

    private static String issueEvent(int n, String event, String actor, String summary, int version) {
        ObjectNode hook = JSON.createObjectNode();
        hook.put("timestamp", (T0 + n + 60L * version) * 1000);
        hook.put("webhookEvent", event);
        hook.putObject("user").put("accountId", actor);
        hook.set("issue", issue("77" + n, key(n), "Work Package", summary, T0 + n + 60L * version));
        return hook.toString();
    }

    private static String commentEvent(int n) {
        ObjectNode hook = JSON.createObjectNode();
        long at = T0 + n + 60L * 3;
        hook.put("timestamp", at * 1000);
        hook.put("webhookEvent", "comment_created");
        hook.putObject("user").put("accountId", "jira-dev");
        hook.set("issue", issue("77" + n, key(n), "Work Package", newSummary(n), 0));
        ObjectNode comment = hook.putObject("comment");
        String commentId = "66" + n;
        comment.put("id", commentId);
        comment.put("self", JIRA.baseUrl() + "/rest/api/2/issue/77" + n + "/comment/" + commentId);
        comment.putObject("author").put("accountId", "jira-dev");
        comment.put("body", jiraComment(n));
        comment.put("created", jiraAt(at));
        comment.put("updated", jiraAt(at));
        return hook.toString();
    }

    private static String plainIssue(int j, int version) {
        ObjectNode hook = JSON.createObjectNode();
        long at = T0 + j + 60L * version;
        hook.put("timestamp", at * 1000);
        hook.put("webhookEvent", version == 0 ? "jira:issue_created" : "jira:issue_updated");
        hook.putObject("user").put("accountId", "jira-dev");
        hook.set("issue", issue("88" + j, "FIL-" + j, "Story", "Plain story " + j + " v" + version, at));
        return hook.toString();
    }

    // --- reading the journals ---

    private static List<LoggedRequest> requests(WireMockServer server, RequestMethod method, String urlRegex) {
        return server.findAll(new RequestPatternBuilder(method, urlMatching(urlRegex)));
    }

    private static int count(WireMockServer server, RequestMethod method, String urlRegex) {
        return requests(server, method, urlRegex).size();
    }

    private static List<LoggedRequest> workPackageCreates() {
        return requests(JIRA, RequestMethod.POST, "/rest/api/2/issue").stream()
                .filter(r -> r.getBodyAsString().contains("\"Work Package\"")).toList();
    }

    private static String labelOf(LoggedRequest create) {
        try {
            for (JsonNode label : JSON.readTree(create.getBodyAsString()).path("fields").path("labels")) {
                if (label.asText().startsWith("scrumops-servicenow-incident-")) {
                    return label.asText();
                }
            }
            return "";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> serviceNowPatches(String field, String prefix) throws IOException {
        List<String> values = new ArrayList<>();
        for (LoggedRequest r : requests(SN, RequestMethod.PATCH, "/api/now/table/incident/.*")) {
            String value = JSON.readTree(r.getBodyAsString()).path(field).asText();
            if (value.startsWith(prefix)) {
                values.add(value);
            }
        }
        return values;
    }
}
