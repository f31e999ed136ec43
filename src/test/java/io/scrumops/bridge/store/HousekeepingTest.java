package io.scrumops.bridge.store;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HousekeepingTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    private final InboxRepository inbox = new InboxRepository(TestDatabase.dataSource());
    private final SlaAnnouncementRepository announcements = new SlaAnnouncementRepository(TestDatabase.dataSource());
    private final JdbcClient jdbc = JdbcClient.create(TestDatabase.dataSource());
    private final Housekeeping housekeeping = new Housekeeping(inbox, announcements,
            new RetentionProperties(Duration.ofDays(14), Duration.ofDays(30)), Clock.fixed(NOW, ZoneOffset.UTC));

    @BeforeEach
    void emptyTables() {
        TestDatabase.truncate("inbox", "sla_announcement");
    }

    @Test
    void onlyRecordsProcessedBeforeTheRetentionAreDeleted() {
        long oldProcessed = record("old-processed", "PROCESSED", NOW.minus(Duration.ofDays(15)));
        long recentProcessed = record("recent-processed", "PROCESSED", NOW.minus(Duration.ofDays(13)));
        long oldQuarantined = record("old-quarantined", "QUARANTINED", NOW.minus(Duration.ofDays(40)));
        long oldWaiting = record("old-waiting", "RECEIVED", null);

        assertThat(housekeeping.run()).startsWith("housekeeping: 1 processed inbox records");

        assertThat(inbox.findById(oldProcessed)).isEmpty();
        assertThat(inbox.findById(recentProcessed)).isPresent();
        assertThat(inbox.findById(oldQuarantined)).isPresent();
        assertThat(inbox.findById(oldWaiting)).isPresent();
    }

    @Test
    void publishedSlaEventsPastTheirRetentionAreDeletedAndUnpublishedOnesKept() {
        announcements.add("sla-warning:a:0.5", "a", "{}");
        announcements.add("sla-warning:b:0.5", "b", "{}");
        announcements.add("sla-warning:c:0.5", "c", "{}");
        var rows = announcements.unpublished(10);
        announcements.markPublished(rows.get(0).id(), NOW.minus(Duration.ofDays(31)));
        announcements.markPublished(rows.get(1).id(), NOW.minus(Duration.ofDays(1)));

        assertThat(housekeeping.run()).endsWith("1 published SLA events deleted");

        assertThat(jdbc.sql("select event_id from sla_announcement order by event_id").query(String.class).list())
                .containsExactly("sla-warning:b:0.5", "sla-warning:c:0.5");
    }

    private long record(String dedupKey, String status, Instant processedAt) {
        long id = inbox.receive("jira", "jira:issue_updated", dedupKey, Map.of(), "{}").id();
        jdbc.sql("update inbox set status = :status, processed_at = :at where id = :id")
                .param("status", status)
                .param("at", processedAt == null ? null : java.sql.Timestamp.from(processedAt))
                .param("id", id)
                .update();
        return id;
    }
}
