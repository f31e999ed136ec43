package io.scrumops.bridge.resilience;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.scrumops.bridge.resilience.PairedIncidentStream.Delivery;
import io.scrumops.bridge.resilience.PairedIncidentStream.Doors;
import io.scrumops.bridge.support.BridgeIt;
import io.scrumops.bridge.support.BridgeProcess;
import io.scrumops.bridge.support.RemoteFakes;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.scrumops.bridge.resilience.PairedIncidentStream.FIRST;
import static io.scrumops.bridge.resilience.PairedIncidentStream.body;
import static io.scrumops.bridge.resilience.PairedIncidentStream.count;
import static io.scrumops.bridge.resilience.PairedIncidentStream.key;
import static io.scrumops.bridge.resilience.PairedIncidentStream.newSummary;
import static io.scrumops.bridge.resilience.PairedIncidentStream.requests;
import static io.scrumops.bridge.resilience.PairedIncidentStream.serviceNowPatches;
import static io.scrumops.bridge.resilience.PairedIncidentStream.sysId;
import static io.scrumops.bridge.resilience.PairedIncidentStream.workNote;
import static io.scrumops.bridge.resilience.PairedIncidentStream.workPackageCreates;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three bridges as production runs them (three JVMs, started by {@link BridgeProcess}) on one PostgreSQL and one
 * broker, both started here; Jira and ServiceNow faked by fakes that remember what was written. A stream of webhooks
 * (incidents paired with work packages, echoes, summaries, work notes, comments and plain issues) is spread over the
 * three, and the third is killed with SIGKILL in the middle of it, while it waits for Jira's answer to a work package
 * it has created, and is not started again. Every acknowledged webhook must take effect exactly once: nothing lost,
 * one work package per incident, no comment or work note twice (counted in the fakes' request journals). The commands
 * the killed bridge held IN_FLIGHT are taken over by the others once their lease ({@code claim-timeout}, short here)
 * has run out, and applied once: the work package it created is found by its label, not created again.
 */
class KilledInstanceExactlyOnceIT {

    private static final int EVENTS = Integer.getInteger("scrumops.proof.kill-events", 3_000);
    private static final int INCIDENTS = Integer.getInteger("scrumops.proof.kill-incidents", 150);
    private static final int SENDERS = 9;
    private static final int VICTIM = 2;
    /** The lease of a claimed write command; production's is 5 minutes. */
    private static final Duration LEASE = Duration.ofSeconds(20);
    private static final Duration PATIENCE = Duration.ofSeconds(180);
    /** Each bridge reaches Jira under a name of its own, so that the fake can tell who sent a call. */
    private static final List<String> JIRA_HOSTS = List.of("127.0.0.1", "127.0.0.2", "127.0.0.3");

    private final StatefulFakes.Jira jiraState = new StatefulFakes.Jira();
    private final StatefulFakes.ServiceNow serviceNowState = new StatefulFakes.ServiceNow();
    private final WireMockServer jira = new WireMockServer(options().dynamicPort().extensions(jiraState));
    private final WireMockServer serviceNow = new WireMockServer(options().dynamicPort().extensions(serviceNowState));
    private final List<BridgeProcess> bridges = new ArrayList<>();
    private EmbeddedPostgres postgres;
    private EmbeddedKafkaKraftBroker kafka;
    private Path data;

    /**
     * Starts this test's broker without letting it replace the address the JVM's shared in-process broker published
     * as system properties: the application contexts of later tests in this JVM read it there.
     */
    private void startOwnBroker() {
        Map<String, String> published = new HashMap<>();
        for (String key : List.of("spring.embedded.kafka.brokers", "spring.kafka.bootstrap-servers")) {
            published.put(key, System.getProperty(key));
        }
        try {
            kafka.afterPropertiesSet();
        } finally {
            published.forEach((key, value) -> {
                if (value == null) {
                    System.clearProperty(key);
                } else {
                    System.setProperty(key, value);
                }
            });
        }
    }

    @AfterEach
    void stopAll() throws Exception {
        jiraState.release();
        for (BridgeProcess bridge : bridges) {
            BridgeProcess.discard(bridge, null);
        }
        if (kafka != null) {
            kafka.destroy();
        }
        if (postgres != null) {
            postgres.close();
        }
        jira.stop();
        serviceNow.stop();
        BridgeProcess.discard(null, data);
    }

    @Test
    void aBridgeKilledMidStreamLosesNothingAndItsInFlightCommandsAreAppliedOnceByTheOthersAfterTheirLease()
            throws Exception {
        long started = System.nanoTime();
        jira.start();
        serviceNow.start();
        RemoteFakes.resetWithDefaults(jira, serviceNow, "{\"transitions\": []}");
        jiraState.serveOn(jira);
        serviceNowState.serveOn(serviceNow);
        postgres = EmbeddedPostgres.builder().setServerConfig("max_connections", "200").start();
        kafka = new EmbeddedKafkaKraftBroker(1, 3, "scrumops.inbound", "scrumops.deployments", "scrumops.sla",
                "scrumops.gates");
        startOwnBroker();
        String databaseUrl = postgres.getJdbcUrl("postgres", "postgres");
        // The schema once, before the bridges start side by side.
        Flyway.configure().dataSource(databaseUrl, "postgres", "").locations("classpath:db/migration").load()
                .migrate();
        JdbcTemplate db = new JdbcTemplate(postgres.getPostgresDatabase());
        data = Files.createTempDirectory("bridge-kill-three");

        List<CompletableFuture<BridgeProcess>> starting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            List<String> arguments = arguments(databaseUrl, JIRA_HOSTS.get(i));
            Path directory = data.resolve("bridge-" + i);
            starting.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return BridgeProcess.start(directory, PATIENCE, arguments.toArray(String[]::new));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (CompletableFuture<BridgeProcess> bridge : starting) {
            bridges.add(bridge.join());
        }
        long upMillis = (System.nanoTime() - started) / 1_000_000;
        Doors doors = new Doors(bridges.stream().map(BridgeProcess::baseUrl).toList(), BridgeIt.ADMIN,
                BridgeProcess.ADMIN_PASSWORD);
        PairedIncidentStream stream = new PairedIncidentStream(EVENTS, INCIDENTS, jira.baseUrl());
        long streamStarted = System.nanoTime();

        // The third bridge's first work package create is made in Jira, and its answer held until the bridge is dead.
        jiraState.holdNextWorkPackageCreateFrom(JIRA_HOSTS.get(VICTIM));
        List<Delivery> first = stream.phase(0);
        AtomicReference<KilledWith> killed = new AtomicReference<>();
        Thread killer = new Thread(() -> {
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(20))
                    .until(() -> jiraState.held() != null && doors.sent() >= first.size() / 2);
            try {
                bridges.get(VICTIM).kill();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            killed.set(inFlightOf(db, jiraState.held(), doors.sent()));
            jiraState.release();
        }, "kill-third-bridge");
        killer.start();

        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        // Phase 1: incidents created in ServiceNow, plain issues created in Jira; the third bridge is killed meanwhile.
        doors.send(senders, first);
        killer.join(PATIENCE.toMillis());
        assertThat(killed.get()).as("the third bridge was killed with a work package create in flight").isNotNull();
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250))
                .until(() -> workPackageCreates(jira).size() >= INCIDENTS);
        awaitQuiet(db);
        phaseDone("1 (incidents created, the third bridge killed)", streamStarted, doors);
        // Phases 2-4 go to the two that are left: echoes; summaries and work notes; comments.
        for (int phase = 1; phase < PairedIncidentStream.PHASES; phase++) {
            doors.send(senders, stream.phase(phase));
            awaitQuiet(db);
            phaseDone(Integer.toString(phase + 1), streamStarted, doors);
        }
        long streamMillis = (System.nanoTime() - streamStarted) / 1_000_000;

        // The positive marker: every expected write has reached the fakes and nothing is left to write ...
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250)).until(() ->
                count(jira, RequestMethod.POST, "/rest/api/2/issue/OPS-\\d+/comment") >= INCIDENTS
                        && serviceNowPatches(serviceNow, "work_notes", "[Jira comment by jira-dev").size()
                        >= INCIDENTS);
        awaitQuiet(db);
        // ... and each bridge left has taken, stored and relayed one more webhook since then.
        List<Delivery> markers = List.of(
                new Delivery("/webhooks/jira", stream.plainIssue(900_001, 0), "kill-marker-1"),
                new Delivery("/webhooks/jira", stream.plainIssue(900_002, 0), "kill-marker-2"));
        for (int i = 0; i < 2; i++) {
            assertThat(bridges.get(i).post(markers.get(i).path(), markers.get(i).body(),
                    "X-Atlassian-Webhook-Identifier", markers.get(i).identifier())).isEqualTo(202);
        }
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250)).until(() -> db.queryForObject(
                "select count(*) from inbox where dedup_key like 'jira:webhook:kill-marker-%' and status = 'PROCESSED'",
                Long.class) == 2);
        awaitQuiet(db);
        senders.shutdown();

        // The premise: all three took webhooks; the third died holding a work package create and a claimed batch.
        KilledWith victim = killed.get();
        assertThat(bridges.get(VICTIM).isAlive()).isFalse();
        for (int i = 0; i < 3; i++) {
            assertThat(doors.acceptedBy(i)).as("webhooks accepted by bridge " + i).isPositive();
        }
        assertThat(victim.heldStatus()).as("the held create's command when its bridge died").isEqualTo("IN_FLIGHT");
        assertThat(doors.sent()).isEqualTo(EVENTS);

        // The commands it held were taken over after their lease, and each applied once more, then done.
        Map<String, Object> held = db.queryForMap("select status, attempts, done_at from outbox where id = ?",
                victim.heldCommand());
        assertThat(held.get("status")).isEqualTo("DONE");
        assertThat(held.get("attempts")).as("claimed by the killed bridge, then by one of the others").isEqualTo(2);
        assertThat(Duration.between(victim.claimedAt().toInstant(), ((Timestamp) held.get("done_at")).toInstant()))
                .as("done only once the lease ran out").isGreaterThanOrEqualTo(LEASE);
        assertThat(db.queryForList("select status from outbox where id = any(?)", String.class,
                (Object) victim.batch().toArray(Long[]::new))).containsOnly("DONE");

        // The store: every webhook held once and processed, nothing quarantined, no write command dead or waiting.
        assertThat(db.queryForObject("select count(*) from inbox", Long.class)).isEqualTo(EVENTS + 2);
        assertThat(db.queryForList("select status || '=' || count(*) from inbox group by status", String.class))
                .containsExactly("PROCESSED=" + (EVENTS + 2));
        assertThat(db.queryForObject("select count(*) from quarantine", Long.class)).isZero();
        assertThat(db.queryForList("select status || '=' || count(*) from outbox where status <> 'DONE'"
                + " group by status", String.class)).isEmpty();
        assertThat(db.queryForObject("select count(*) from work_item where id like 'servicenow:incident:3e%'",
                Long.class)).isEqualTo(INCIDENTS);
        assertThat(db.queryForObject("select count(*) from work_item where id like 'jira:issue:77%'", Long.class))
                .isEqualTo(INCIDENTS);
        assertThat(db.queryForObject("select count(*) from work_item where id like 'jira:issue:88%' "
                + "and title like '% v3'", Long.class)).isEqualTo(stream.filler());

        // Jira: one work package per incident (the held one among them, not created again), three sub-tasks under
        // each, one comment per work note, one remote link (Jira keeps one link per global id).
        List<LoggedRequest> packages = workPackageCreates(jira);
        assertThat(packages).hasSize(INCIDENTS);
        assertThat(packages.stream().map(PairedIncidentStream::labelOf).distinct().count()).isEqualTo(INCIDENTS);
        assertThat(packages.stream().map(PairedIncidentStream::labelOf))
                .contains(victim.label());
        Map<String, Integer> subTasksByParent = new HashMap<>();
        for (LoggedRequest r : requests(jira, RequestMethod.POST, "/rest/api/2/issue")) {
            JsonNode fields = body(r).path("fields");
            if (fields.path("issuetype").path("name").asText().equals("Sub-task")) {
                subTasksByParent.merge(fields.path("parent").path("key").asText(), 1, Integer::sum);
            }
        }
        assertThat(subTasksByParent).hasSize(INCIDENTS);
        assertThat(subTasksByParent.values()).containsOnly(3);
        Set<Integer> appliedAgain = incidentsOfCommandsAppliedAgain(db);
        int repeatedIdempotentWrites = 0;
        for (int n = FIRST; n < FIRST + INCIDENTS; n++) {
            String key = key(n);
            List<LoggedRequest> links = requests(jira, RequestMethod.POST, "/rest/api/2/issue/" + key + "/remotelink");
            assertThat(links).as(key).isNotEmpty();
            assertThat(links.stream().map(r -> body(r).path("globalId").asText()).distinct()).as(key).hasSize(1);
            List<LoggedRequest> comments = requests(jira, RequestMethod.POST, "/rest/api/2/issue/" + key + "/comment");
            assertThat(comments).as(key).hasSize(1);
            assertThat(body(comments.get(0)).path("body").asText()).endsWith(workNote(n));

            // ServiceNow: the pairing, the new summary (field updates: idempotent), and two work notes, each once.
            List<JsonNode> patches = new ArrayList<>();
            for (LoggedRequest r : requests(serviceNow, RequestMethod.PATCH,
                    "/api/now/table/incident/" + sysId(n) + "(\\?.*)?")) {
                patches.add(body(r));
            }
            assertThat(patches.stream().filter(p -> p.has("correlation_id"))
                    .map(p -> p.path("correlation_id").asText())).as(sysId(n)).isNotEmpty().containsOnly(key);
            assertThat(patches.stream().filter(p -> p.has("short_description"))
                    .map(p -> p.path("short_description").asText())).as(sysId(n)).isNotEmpty()
                    .containsOnly(newSummary(n));
            List<String> notes = patches.stream().filter(p -> p.has("work_notes"))
                    .map(p -> p.path("work_notes").asText()).toList();
            assertThat(notes).as(sysId(n)).hasSize(2).doesNotHaveDuplicates()
                    .anyMatch(note -> note.startsWith("Tracked in Jira as " + key + ": "))
                    .anyMatch(note -> note.startsWith("[Jira comment by jira-dev"));
            // A field update or link is sent again only where a command was applied again after the kill.
            int extra = patches.size() - 4 + links.size() - 1;
            if (!appliedAgain.contains(n)) {
                assertThat(extra).as(sysId(n) + ": writes beyond the expected, with no command applied again")
                        .isZero();
            }
            repeatedIdempotentWrites += extra;
        }
        assertThat(count(jira, RequestMethod.PUT, ".*")).isZero();
        assertThat(count(serviceNow, RequestMethod.POST, ".*")).isZero();
        System.out.printf("kill -9 among three: bridges up in %d ms; %d events (%d incidents, %d plain issues) in %d ms;"
                        + " third bridge killed after %d acknowledged, holding %d claimed commands (the create of %s"
                        + " among them); %d sends went to another bridge (accepted per bridge %s); commands applied"
                        + " again for %d incidents, %d repeated field updates or links; %d Jira and %d ServiceNow"
                        + " requests; whole test %d ms%n",
                upMillis, EVENTS, INCIDENTS, stream.filler(), streamMillis, victim.acknowledged(),
                victim.batch().size(), victim.label(), doors.redirected(), doors.acceptedByDoor(),
                appliedAgain.size(), repeatedIdempotentWrites, jira.getAllServeEvents().size(),
                serviceNow.getAllServeEvents().size(), (System.nanoTime() - started) / 1_000_000);
    }

    /** What the killed bridge left IN_FLIGHT: the held create's command and the rest of the batch claimed with it. */
    private record KilledWith(String label, long heldCommand, String heldStatus, Timestamp claimedAt, List<Long> batch,
                              int acknowledged) {
    }

    private static KilledWith inFlightOf(JdbcTemplate db, ObjectNode heldIssue, int acknowledged) {
        String label = incidentLabel(heldIssue);
        String sysId = label.substring("scrumops-servicenow-incident-".length());
        Map<String, Object> command = db.queryForMap("select id, status, claimed_at from outbox"
                + " where command_type = 'JiraCreateIssue' and payload::text like ?", "%" + sysId + "%");
        List<Long> batch = db.queryForList("select id from outbox where status = 'IN_FLIGHT' and claimed_at = ?",
                Long.class, command.get("claimed_at"));
        return new KilledWith(label, ((Number) command.get("id")).longValue(), (String) command.get("status"),
                (Timestamp) command.get("claimed_at"), batch, acknowledged);
    }

    private static String incidentLabel(ObjectNode issue) {
        for (JsonNode label : issue.path("fields").path("labels")) {
            if (label.asText().startsWith("scrumops-servicenow-incident-")) {
                return label.asText();
            }
        }
        throw new AssertionError("the held issue has no incident label: " + issue);
    }

    /** Incidents one of whose write commands was claimed more than once (the killed bridge's, taken over). */
    private static Set<Integer> incidentsOfCommandsAppliedAgain(JdbcTemplate db) {
        Set<Integer> incidents = new HashSet<>();
        for (String payload : db.queryForList("select payload::text from outbox where attempts > 1", String.class)) {
            for (int n = FIRST; n < FIRST + INCIDENTS; n++) {
                if (payload.contains(sysId(n)) || payload.contains("\"" + key(n) + "\"")) {
                    incidents.add(n);
                }
            }
        }
        return incidents;
    }

    private List<String> arguments(String databaseUrl, String jiraHost) {
        return List.of(
                "--spring.datasource.url=" + databaseUrl,
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=",
                "--spring.datasource.hikari.maximum-pool-size=15",
                "--spring.kafka.bootstrap-servers=" + kafka.getBrokersAsString(),
                "--scrumops.jira.base-url=http://" + jiraHost + ":" + jira.port(),
                "--scrumops.servicenow.instance-url=" + serviceNow.baseUrl(),
                "--scrumops.servicenow.api-url=" + serviceNow.baseUrl() + "/api",
                "--" + BridgeIt.JIRA_USER, "--" + BridgeIt.JIRA_TOKEN, "--" + BridgeIt.JIRA_BOT,
                "--" + BridgeIt.SERVICENOW_USER, "--" + BridgeIt.SERVICENOW_PASSWORD, "--" + BridgeIt.SERVICENOW_BOT,
                // one consumer per bridge, so that each of the three holds one partition of the inbound topic
                "--scrumops.kafka.inbound-consumers=1",
                "--scrumops.inbox.relay-period-ms=1000",
                "--scrumops.inbox.relay-grace=PT10S",
                "--scrumops.writeback.poll-period-ms=50",
                // small batches finish well inside the short lease, so that only a dead bridge's claims run out
                "--scrumops.writeback.batch-size=10",
                "--scrumops.writeback.claim-timeout=PT" + LEASE.toSeconds() + "S",
                "--scrumops.writeback.jira-rate-per-second=1000",
                "--scrumops.writeback.service-now-rate-per-second=1000",
                // scheduled reads of Jira and ServiceNow stay out of the journals this test counts
                "--scrumops.servicenow.poll.period-ms=3600000",
                "--scrumops.jira.reconcile.period-ms=3600000",
                "--scrumops.attachments.enabled=false",
                "--scrumops.gates.enabled=false");
    }

    private static void phaseDone(String phase, long since, Doors doors) {
        System.out.printf("kill -9 among three: phase %s done at %d ms, %d events sent%n", phase,
                (System.nanoTime() - since) / 1_000_000, doors.sent());
    }

    private static void awaitQuiet(JdbcTemplate db) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250)).until(() -> db.queryForObject(
                "select (select count(*) from inbox where status <> 'PROCESSED')"
                        + " + (select count(*) from outbox where status <> 'DONE')", Long.class) == 0);
    }
}
