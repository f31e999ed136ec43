package io.scrumops.bridge.resilience;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scrumops.bridge.support.BridgeProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bridge killed with SIGKILL in the middle of a stream of webhooks, and started again on the same data
 * directory, as a production user would. {@code -Dscrumops.proof.webhooks=5000} runs the full-sized stream; the
 * default keeps the test quick.
 */
class CrashRestartIT {

    private static final int WEBHOOKS = Integer.getInteger("scrumops.proof.webhooks", 400);
    private static final int CLIENTS = 8;
    /** Waits grow with the stream: the full-sized run posts 5,000 webhooks on a shared 2-core machine. */
    private static final Duration PATIENCE = Duration.ofSeconds(Math.max(120, WEBHOOKS / 5));

    private BridgeProcess bridge;
    private Path data;

    @AfterEach
    void cleanUp() throws Exception {
        BridgeProcess.discard(bridge, data);
    }

    @Test
    void killedMidStreamRestartsOnItsDirectoryStoresEveryAcknowledgedWebhookOnceAndRepublishesWhatALostBrokerLogHeld() throws Exception {
        data = Files.createTempDirectory("bridge-crash");
        bridge = BridgeProcess.start(data, Duration.ofSeconds(180));
        String clusterBefore = brokerIdentity();
        Map<Integer, Integer> answers = new ConcurrentHashMap<>();
        AtomicInteger acknowledged = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        BridgeProcess first = bridge;
        for (int i = 0; i < WEBHOOKS; i++) {
            int n = i;
            clients.submit(() -> {
                int status = first.post("/webhooks/jira", issueCreated(n), "X-Atlassian-Webhook-Identifier",
                        "crash-" + n);
                answers.put(n, status);
                if (status == 202 || status == 200) {
                    acknowledged.incrementAndGet();
                }
            });
        }
        await().atMost(PATIENCE).until(() -> acknowledged.get() >= WEBHOOKS / 3);
        bridge.kill();
        clients.shutdown();
        assertThat(clients.awaitTermination(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        Set<Integer> acked = ConcurrentHashMap.newKeySet();
        answers.forEach((n, status) -> {
            if (status == 202 || status == 200) {
                acked.add(n);
            }
        });
        assertThat(acked.size()).isLessThan(WEBHOOKS);
        // The scenario this proves: the killed bridge's PostgreSQL is still running and holds the directory.
        assertThat(postgresLeftBehind()).isTrue();

        long restartStarted = System.nanoTime();
        bridge = BridgeProcess.start(data, Duration.ofSeconds(180));
        long restartMillis = (System.nanoTime() - restartStarted) / 1_000_000;
        assertThat(brokerIdentity()).as("the broker kept its log, so it is the same cluster").isEqualTo(clusterBefore);

        long storedAt = System.nanoTime();
        try {
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                    .until(() -> countStored(acked) == acked.size());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("acknowledged but not stored: " + (acked.size() - countStored(acked))
                    + "; inbox by status " + rows("select status || '=' || count(*) from inbox group by status")
                    + "\n" + bridge.logTail(), e);
        }
        long acknowledgedStoredMillis = (System.nanoTime() - storedAt) / 1_000_000;

        // Jira delivers again what was not acknowledged; then every webhook is held once.
        for (int n = 0; n < WEBHOOKS; n++) {
            if (!acked.contains(n)) {
                assertThat(bridge.post("/webhooks/jira", issueCreated(n), "X-Atlassian-Webhook-Identifier",
                        "crash-" + n)).isIn(200, 202);
            }
        }
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                .until(() -> count("select count(*) from inbox where status = 'PROCESSED' and dedup_key like 'jira:webhook:crash-%'")
                        == WEBHOOKS);
        assertThat(count("select count(*) from inbox where dedup_key like 'jira:webhook:crash-%'")).isEqualTo(WEBHOOKS);
        assertThat(count("select count(*) from work_item where id like 'jira:issue:91%'")).isEqualTo(WEBHOOKS);
        assertThat(count("select count(*) from quarantine")).isZero();
        System.out.printf("crash proof: %d webhooks, %d acknowledged before SIGKILL, restart healthy in %d ms, "
                + "acknowledged ones all stored %d ms after that%n", WEBHOOKS, acked.size(), restartMillis,
                acknowledgedStoredMillis);

        // Then a power cut that also takes the broker's log: records marked PUBLISHED (handed to the broker,
        // never processed) must not wait for republish-after.
        BridgeProcess.insertPublished(data, "lost-", WEBHOOKS, WEBHOOKS + 5, CrashRestartIT::issueCreated);
        bridge.kill();
        BridgeProcess.stopLeftoverPostgres(data);
        try (var files = Files.walk(data.resolve("kafka"))) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }

        bridge = BridgeProcess.start(data, Duration.ofSeconds(180));
        long healthy = System.nanoTime();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> countStored(Set.of(WEBHOOKS, WEBHOOKS + 1, WEBHOOKS + 2, WEBHOOKS + 3, WEBHOOKS + 4)) == 5);
        System.out.printf("lost broker log: 5 published-but-lost records stored %d ms after the restart%n",
                (System.nanoTime() - healthy) / 1_000_000);
        assertThat(count("select count(*) from inbox where dedup_key like 'jira:webhook:lost-%' and status <> 'PROCESSED'"))
                .isZero();
    }

    private boolean postgresLeftBehind() throws IOException {
        Path pid = data.resolve("postgres").resolve("postmaster.pid");
        return Files.exists(pid) && ProcessHandle.of(Long.parseLong(Files.readAllLines(pid).get(0).trim()))
                .map(ProcessHandle::isAlive).orElse(false);
    }

    private String brokerIdentity() throws IOException, SQLException {
        await().atMost(Duration.ofSeconds(30)).until(() -> count(
                "select count(*) from watermark where name like 'kafka-log:%'") == 1);
        return BridgeProcess.value(data, "select value from watermark where name like 'kafka-log:%'").split("/")[0];
    }

    private long countStored(Set<Integer> numbers) throws IOException, SQLException {
        if (numbers.isEmpty()) {
            return 0;
        }
        StringBuilder ids = new StringBuilder();
        for (int n : numbers) {
            ids.append(ids.isEmpty() ? "" : ",").append('\'').append(issueId(n)).append('\'');
        }
        return count("select count(*) from work_item where id in (" + ids + ")");
    }

    private java.util.List<String> rows(String sql) throws IOException, SQLException {
        java.util.List<String> rows = new java.util.ArrayList<>();
        try (Connection db = BridgeProcess.database(data); ResultSet rs = db.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    private long count(String sql) throws IOException, SQLException {
        return BridgeProcess.count(data, sql);
    }

    private static String issueId(int n) {
        return "jira:issue:" + (910000 + n);
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static String template;

    static synchronized String issueCreated(int n) {
        try {
            if (template == null) {
                try (InputStream in = CrashRestartIT.class.getResourceAsStream(
                        "/fixtures/payloads/jira/webhook-cloud-issue_created.json")) {
                    template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            ObjectNode root = (ObjectNode) JSON.readTree(template);
            ObjectNode issue = (ObjectNode) root.get("issue");
            issue.put("id", Integer.toString(910000 + n));
            issue.put("key", "CR-" + n);
            return JSON.writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
