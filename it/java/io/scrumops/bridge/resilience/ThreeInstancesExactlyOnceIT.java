package io.scrumops.bridge.resilience;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.scrumops.bridge.BridgeApplication;
import io.scrumops.bridge.resilience.PairedIncidentStream.Doors;
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

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.scrumops.bridge.resilience.PairedIncidentStream.FIRST;
import static io.scrumops.bridge.resilience.PairedIncidentStream.JSON;
import static io.scrumops.bridge.resilience.PairedIncidentStream.count;
import static io.scrumops.bridge.resilience.PairedIncidentStream.jiraComment;
import static io.scrumops.bridge.resilience.PairedIncidentStream.key;
import static io.scrumops.bridge.resilience.PairedIncidentStream.labelOf;
import static io.scrumops.bridge.resilience.PairedIncidentStream.newSummary;
import static io.scrumops.bridge.resilience.PairedIncidentStream.requests;
import static io.scrumops.bridge.resilience.PairedIncidentStream.serviceNowPatches;
import static io.scrumops.bridge.resilience.PairedIncidentStream.sysId;
import static io.scrumops.bridge.resilience.PairedIncidentStream.workNote;
import static io.scrumops.bridge.resilience.PairedIncidentStream.workPackageCreates;
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
    private static final int SENDERS = 12;
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final String TRANSITIONS = "{\"transitions\": []}";

    private static final WireMockServer JIRA = BridgeIt.startedFake();
    private static final WireMockServer SN = BridgeIt.startedFake();
    private static final List<ConfigurableApplicationContext> BRIDGES = new ArrayList<>();
    private static final AtomicInteger SERVLETS = new AtomicInteger();

    private final PairedIncidentStream stream = new PairedIncidentStream(EVENTS, INCIDENTS, JIRA.baseUrl());
    private final int filler = stream.filler();
    private Doors doors;

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
        doors = new Doors(BRIDGES.stream()
                .map(b -> "http://127.0.0.1:" + b.getEnvironment().getProperty("local.server.port")).toList(),
                BridgeIt.ADMIN, BridgeIt.ADMIN_PASSWORD);
        JdbcTemplate db = new JdbcTemplate(first.getBean(javax.sql.DataSource.class));
        System.out.printf("three bridges up in %d ms%n", (System.nanoTime() - started) / 1_000_000);
        long streamStarted = System.nanoTime();

        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        Thread stopper = new Thread(() -> {
            await().atMost(PATIENCE).until(() -> doors.sent() >= EVENTS / 2);
            // Stopped as an operator stops it (SIGTERM); webhooks in flight to it are answered or fail and go
            // elsewhere.
            BRIDGES.get(1).close();
        }, "stop-second-bridge");
        stopper.start();

        // Phase 1: incidents created in ServiceNow, plain Jira issues created.
        doors.send(senders, stream.phase(0));
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250))
                .until(() -> workPackageCreates(JIRA).size() >= INCIDENTS);
        awaitQuiet(db);
        phaseDone("1 (incidents created)", streamStarted);

        // Phase 2: Jira's echo of each work package (made by the bridge's account), ServiceNow's echo of the pairing.
        doors.send(senders, stream.phase(1));
        awaitQuiet(db);
        phaseDone("2 (echoes)", streamStarted);

        // Phase 3: the summary changed in Jira, a work note written in ServiceNow; the second bridge stops meanwhile.
        doors.send(senders, stream.phase(2));
        awaitQuiet(db);
        phaseDone("3 (summaries, work notes, a bridge stopped)", streamStarted);

        // Phase 4: a comment written in Jira.
        doors.send(senders, stream.phase(3));
        stopper.join();
        senders.shutdown();
        long streamMillis = (System.nanoTime() - streamStarted) / 1_000_000;

        // The positive marker: every expected write has reached the fakes and nothing is left to write.
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250)).until(() ->
                count(JIRA, RequestMethod.POST, "/rest/api/2/issue/OPS-\\d+/comment") >= INCIDENTS
                        && serviceNowPatches(SN, "work_notes", "[Jira comment by jira-dev").size() >= INCIDENTS);
        awaitQuiet(db);
        // ... and every surviving bridge has polled its outbox and relayed its inbox again since then.
        for (int i : new int[] {0, 2}) {
            RouteRuns runs = RouteRuns.of(BRIDGES.get(i).getBean(CamelContext.class));
            runs.awaitMore("outbox-dispatch", 3, Duration.ofSeconds(30));
            runs.awaitMore("inbound-relay", 1, Duration.ofSeconds(30));
        }

        assertThat(doors.sent()).isEqualTo(EVENTS);
        // The premise: all three took webhooks, and the second was stopped before the stream ended.
        assertThat(BRIDGES.get(1).isActive()).isFalse();
        for (int i = 0; i < 3; i++) {
            assertThat(doors.acceptedBy(i)).as("webhooks accepted by bridge " + i).isPositive();
        }
        assertThat(doors.acceptedBy(1)).isLessThan(doors.acceptedBy(0));
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
                .isEqualTo(filler);
        assertThat(db.queryForObject("select count(*) from work_item where id like 'jira:issue:88%' "
                + "and title like '% v3'", Long.class)).isEqualTo(filler);

        // Jira: one work package per incident (three sub-tasks under each), one remote link, one comment.
        List<LoggedRequest> packages = workPackageCreates(JIRA);
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
                EVENTS, INCIDENTS, filler, streamMillis, doors.redirected(), doors.acceptedByDoor(), JIRA.getAllServeEvents().size(),
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

    private void phaseDone(String phase, long since) {
        System.out.printf("three instances: phase %s done at %d ms, %d events sent%n", phase,
                (System.nanoTime() - since) / 1_000_000, doors.sent());
    }

    private void awaitQuiet(JdbcTemplate db) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250)).until(() -> db.queryForObject(
                "select (select count(*) from inbox where status <> 'PROCESSED')"
                        + " + (select count(*) from outbox where status <> 'DONE')", Long.class) == 0);
    }
}
