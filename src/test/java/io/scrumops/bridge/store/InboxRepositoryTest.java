package io.scrumops.bridge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InboxRepositoryTest {

    private final InboxRepository inbox = new InboxRepository(TestDatabase.dataSource());

    @BeforeEach
    void emptyTables() {
        TestDatabase.truncate("inbox");
    }

    @Test
    void storesTheRawRecordAsReceived() {
        InboxReceipt receipt = inbox.receive("jira", "jira:issue_updated", "jira-webhook:abc-123",
                Map.of("X-Atlassian-Webhook-Identifier", "abc-123"), "{\"issue\":{\"key\":\"OPS-1\"}}");

        InboxRecord record = inbox.findById(receipt.id()).orElseThrow();
        assertThat(receipt.duplicate()).isFalse();
        assertThat(record.source()).isEqualTo("jira");
        assertThat(record.eventType()).isEqualTo("jira:issue_updated");
        assertThat(record.headers()).containsEntry("X-Atlassian-Webhook-Identifier", "abc-123");
        assertThat(record.body()).isEqualTo("{\"issue\":{\"key\":\"OPS-1\"}}");
        assertThat(record.status()).isEqualTo(InboxStatus.RECEIVED);
        assertThat(record.receivedAt()).isNotNull();
    }

    @Test
    void secondDeliveryWithSameDedupKeyIsReportedAsDuplicate() {
        InboxReceipt first = inbox.receive("jira", "jira:issue_updated", "jira-webhook:abc-123", Map.of(), "first");

        InboxReceipt second = inbox.receive("jira", "jira:issue_updated", "jira-webhook:abc-123", Map.of(), "second");

        assertThat(second.duplicate()).isTrue();
        assertThat(second.id()).isEqualTo(first.id());
        assertThat(inbox.findById(first.id()).orElseThrow().body()).isEqualTo("first");
    }

    /**
     * The published marks and a consumer's batch mark overlapping records at the same moment; each statement must lock
     * its rows in id order, else each can hold a row the other waits for. Here the lowest record was rewritten last
     * (so a scan in table order reaches it last) and is held by another transaction: a marking that waits for it must
     * not hold any higher record meanwhile. Index scans are turned off for the marking's connection, so that it is
     * planned as a long list on a large table may be (a scan in table order).
     */
    @Test
    void markingWaitsAtItsLowestRecordWithoutHoldingTheOthers() throws Exception {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(inbox.receive("jira", "jira:issue_updated", "lock-order-" + i, Map.of(), "{}").id());
        }
        long lowest = ids.get(0);
        long highest = ids.get(4);
        DataSource db = TestDatabase.dataSource();
        planScansInTableOrder(db, true);
        try (Connection holder = db.getConnection(); Statement sql = holder.createStatement()) {
            sql.execute("update inbox set body = body where id = " + lowest);
            holder.setAutoCommit(false);
            sql.execute("select id from inbox where id = " + lowest + " for update");

            List<Long> descending = new ArrayList<>(ids);
            Collections.reverse(descending);
            CompletableFuture<Integer> marking = CompletableFuture.supplyAsync(() -> inbox.markPublished(descending));
            await("the marking waits for the held record").atMost(Duration.ofSeconds(10))
                    .until(() -> waitingForALock(db));

            sql.execute("select id from inbox where id = " + highest + " for update nowait");
            holder.rollback();
            assertThat(marking.get()).isEqualTo(5);
        } finally {
            planScansInTableOrder(db, false);
        }
    }

    /** For connections opened from now on (the test database hands out a new connection each time). */
    private static void planScansInTableOrder(DataSource db, boolean on) throws SQLException {
        String verb = on ? "set %s = off" : "reset %s";
        try (Connection c = db.getConnection(); Statement sql = c.createStatement()) {
            for (String setting : List.of("enable_indexscan", "enable_bitmapscan", "enable_indexonlyscan")) {
                sql.execute("do $$ begin execute format('alter database %I " + verb.formatted(setting)
                        + "', current_database()); end $$");
            }
        }
    }

    private static boolean waitingForALock(DataSource db) throws SQLException {
        try (Connection c = db.getConnection(); Statement sql = c.createStatement();
             var rs = sql.executeQuery("select count(*) from pg_stat_activity where wait_event_type = 'Lock'"
                     + " and query like 'update inbox set status%'")) {
            rs.next();
            return rs.getInt(1) > 0;
        }
    }

    @Test
    void lateAcknowledgementDoesNotHideThatTheRecordWasProcessed() {
        long id = inbox.receive("servicenow", "incident", "sn:incident:1:7", Map.of(), "{}").id();

        inbox.markProcessed(id);

        assertThat(inbox.markPublished(List.of(id))).isZero();
        InboxRecord record = inbox.findById(id).orElseThrow();
        assertThat(record.status()).isEqualTo(InboxStatus.PROCESSED);
        assertThat(record.processedAt()).isNotNull();
    }

    @Test
    void unpublishedRecordsAreFoundForRepublishing() {
        long waiting = inbox.receive("jira", "jira:issue_created", "k1", Map.of(), "{}").id();
        long published = inbox.receive("jira", "jira:issue_created", "k2", Map.of(), "{}").id();
        inbox.markPublished(List.of(published));

        assertThat(inbox.findByStatus(InboxStatus.RECEIVED, Instant.now().plusSeconds(1), 10))
                .extracting(InboxRecord::id).containsExactly(waiting);
    }
}
