package io.scrumops.bridge.resilience;

import io.scrumops.bridge.support.BridgeProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A broker that keeps its identity (cluster id, topic id) but comes back with the tail of its log lost, as after a
 * power loss before the log reached the disk: the records marked PUBLISHED whose copies the broker lost are published
 * again within seconds of the restart, not after {@code republish-after} (10 minutes).
 */
class BrokerLogTailLostIT {

    private static final int WEBHOOKS = 30;
    private static final int LOST = 5;
    private static final String TOPIC = "scrumops.inbound";

    private BridgeProcess bridge;
    private Path data;

    @AfterEach
    void cleanUp() throws Exception {
        if (bridge != null) {
            bridge.close();
        }
        if (data != null) {
            BridgeProcess.stopLeftoverPostgres(data);
            try (var files = Files.walk(data)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Test
    void recordsPublishedToTheLostTailOfTheSameBrokersLogAreStoredWithinSecondsOfTheRestart() throws Exception {
        data = Files.createTempDirectory("bridge-tail");
        bridge = BridgeProcess.start(data, Duration.ofSeconds(180));
        for (int n = 0; n < WEBHOOKS; n++) {
            assertThat(bridge.post("/webhooks/jira", CrashRestartIT.issueCreated(n), "X-Atlassian-Webhook-Identifier",
                    "tail-" + n)).isEqualTo(202);
        }
        // Stored, and the offsets the broker acknowledged for them kept: one record each, offsets from 0.
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                    count("select count(*) from inbox where status = 'PROCESSED'") == WEBHOOKS
                            && count("select coalesce(sum(cast(value as bigint) + 1), 0) from watermark"
                            + " where name like 'kafka-acked:" + TOPIC + ":%'") == WEBHOOKS);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("processed " + count("select count(*) from inbox where status = 'PROCESSED'")
                    + ", watermarks " + value("select string_agg(name || '=' || value, ', ') from watermark")
                    + "\n" + bridge.logTail(), e);
        }
        // the identity is recorded by the relay's first run, which may come after the first records are stored
        String identity = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(
                () -> value("select value from watermark where name = 'kafka-log:" + TOPIC + "'"),
                java.util.Objects::nonNull);

        bridge.kill();
        // Records the broker had acknowledged (marked PUBLISHED) and not yet handed to a consumer ...
        try (Connection db = BridgeProcess.database(data);
             PreparedStatement insert = db.prepareStatement("""
                     insert into inbox (source, event_type, dedup_key, body, status, received_at)
                     values ('jira', 'jira:issue_created', ?, ?, 'PUBLISHED', now() - interval '1 minute')""")) {
            for (int n = WEBHOOKS; n < WEBHOOKS + LOST; n++) {
                insert.setString(1, "jira:webhook:tail-" + n);
                insert.setString(2, CrashRestartIT.issueCreated(n));
                insert.executeUpdate();
            }
        }
        // ... and the broker's log loses its tail: the last batch of every partition, as a power loss would.
        int cut = 0;
        try (var partitions = Files.list(data.resolve("kafka"))) {
            for (Path partition : partitions.filter(d -> d.getFileName().toString().startsWith(TOPIC + "-")).toList()) {
                cut += cutLastBatch(partition);
            }
        }
        assertThat(cut).as("partitions whose tail was cut").isPositive();

        bridge = BridgeProcess.start(data, Duration.ofSeconds(180));
        long healthy = System.nanoTime();
        try {
            // seconds on a quiet machine (the killed consumer's session must time out first); a loaded one takes longer
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                    count("select count(*) from inbox where dedup_key like 'jira:webhook:tail-%' and status = 'PROCESSED'")
                            == WEBHOOKS + LOST);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("inbox " + value("select string_agg(status || '=' || n, ', ') from (select status,"
                    + " count(*) n from inbox group by status) s") + ", watermarks "
                    + value("select string_agg(name || '=' || value, ', ') from watermark") + "\n" + bridge.log()
                    .lines().filter(l -> !l.contains("HealthIndicator")).reduce("", (a, b) -> a + "\n" + b), e);
        }
        System.out.printf("lost log tail: %d published-but-lost records stored %d ms after the restart%n", LOST,
                (System.nanoTime() - healthy) / 1_000_000);
        assertThat(count("select count(*) from work_item where id like 'jira:issue:91%'")).isEqualTo(WEBHOOKS + LOST);
        assertThat(value("select value from watermark where name = 'kafka-log:" + TOPIC + "'"))
                .as("the same broker and topic: the identity check saw no change").isEqualTo(identity);
        assertThat(bridge.log()).contains("The broker's log of the inbound topic ends before offsets it acknowledged");
        assertThat(count("select count(*) from quarantine")).isZero();
    }

    /**
     * Cuts the last record batch off the partition's log segment and drops the indexes and producer snapshots
     * (rebuilt at start-up); @return 1 when a batch was cut, 0 for an empty partition
     */
    private static int cutLastBatch(Path partition) throws IOException {
        List<Path> segments;
        try (var files = Files.list(partition)) {
            segments = files.filter(f -> f.toString().endsWith(".log")).sorted().toList();
        }
        int cut = 0;
        if (!segments.isEmpty()) {
            try (FileChannel log = FileChannel.open(segments.get(segments.size() - 1), StandardOpenOption.READ,
                    StandardOpenOption.WRITE)) {
                long position = 0;
                long last = -1;
                ByteBuffer header = ByteBuffer.allocate(12);
                while (position + 12 <= log.size()) {
                    header.clear();
                    log.read(header, position);
                    header.flip();
                    header.getLong(); // the batch's base offset
                    int length = header.getInt();
                    if (length <= 0 || position + 12 + length > log.size()) {
                        break;
                    }
                    last = position;
                    position += 12 + length;
                }
                if (last >= 0) {
                    log.truncate(last);
                    cut = 1;
                }
            }
        }
        try (var files = Files.list(partition)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".index") || f.toString().endsWith(".timeindex")
                    || f.toString().endsWith(".snapshot")).toList()) {
                Files.delete(f);
            }
        }
        return cut;
    }

    private long count(String sql) throws IOException, SQLException {
        try (Connection db = BridgeProcess.database(data); ResultSet rs = db.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private String value(String sql) throws IOException, SQLException {
        try (Connection db = BridgeProcess.database(data); ResultSet rs = db.createStatement().executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
