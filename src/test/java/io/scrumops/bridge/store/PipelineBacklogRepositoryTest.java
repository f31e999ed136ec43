package io.scrumops.bridge.store;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PipelineBacklogRepositoryTest {

    private final JdbcClient jdbc = JdbcClient.create(TestDatabase.dataSource());
    private final PipelineBacklogRepository repository = new PipelineBacklogRepository(TestDatabase.dataSource());

    @BeforeEach
    void emptyTables() {
        TestDatabase.truncate("quarantine", "inbox", "outbox", "watermark");
    }

    @Test
    void countsWhatWaitsInEachQueueAndHowLongTheOldestHasWaited() {
        inbox("a", "RECEIVED", "10 minutes");
        inbox("b", "PUBLISHED", "2 minutes");
        inbox("c", "PUBLISHED", "1 minute");
        inbox("d", "PROCESSED", "3 hours");
        inbox("e", "QUARANTINED", "3 hours");
        outbox("k1", "PENDING", "5 minutes");
        outbox("k2", "FAILED", "1 hour");
        outbox("k3", "IN_FLIGHT", "1 minute");
        outbox("k4", "DONE", "2 days");
        outbox("k5", "DEAD", "1 day");
        quarantine("OPEN");
        quarantine("OPEN");
        quarantine("REPLAYED");

        PipelineBacklog backlog = repository.read();

        assertThat(backlog.inboxUnpublished()).isEqualTo(1);
        assertThat(backlog.inboxUnprocessed()).isEqualTo(2);
        assertThat(backlog.inboxOldestWaitingAge()).isCloseTo(600, within(30.0));
        assertThat(backlog.outboxOpen()).isEqualTo(3);
        assertThat(backlog.outboxOldestOpenAge()).isCloseTo(3600, within(30.0));
        assertThat(backlog.outboxDead()).isEqualTo(1);
        assertThat(backlog.quarantineOpen()).isEqualTo(2);
    }

    @Test
    void emptyQueuesReadAsZeroAndEachWatermarkGivesTheAgeOfItsLastRead() {
        jdbc.sql("insert into watermark (name, value, updated_at) values ('servicenow.poll.incident', 'x',"
                + " now() - interval '20 minutes'), ('jira.reconcile', 'y', now())").update();
        // the broker bookkeeping is no source read
        jdbc.sql("insert into watermark (name, value) values ('kafka-log:scrumops.inbound', 'c/t'),"
                + " ('kafka-acked:scrumops.inbound:0', '41')").update();

        PipelineBacklog backlog = repository.read();

        assertThat(backlog.inboxOldestWaitingAge()).isZero();
        assertThat(backlog.outboxOldestOpenAge()).isZero();
        assertThat(backlog.outboxOpen()).isZero();
        assertThat(backlog.sourceReadAges()).containsOnlyKeys("servicenow.poll.incident", "jira.reconcile");
        assertThat(backlog.sourceReadAges().get("servicenow.poll.incident")).isCloseTo(1200, within(30.0));
        assertThat(backlog.sourceReadAges().get("jira.reconcile")).isLessThan(30);
    }

    private void inbox(String key, String status, String age) {
        jdbc.sql("insert into inbox (source, dedup_key, status, received_at) values ('jira', :key, :status,"
                + " now() - cast(:age as interval))").param("key", key).param("status", status).param("age", age)
                .update();
    }

    private void outbox(String key, String status, String age) {
        jdbc.sql("insert into outbox (idempotency_key, target_system, command_type, payload, status, created_at)"
                + " values (:key, 'jira', 'JiraUpdateFields', '{}', :status, now() - cast(:age as interval))")
                .param("key", key).param("status", status).param("age", age).update();
    }

    private void quarantine(String status) {
        jdbc.sql("insert into quarantine (source, reason, status) values ('jira', 'unknown status', :status)")
                .param("status", status).update();
    }
}
