package io.scrumops.bridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrumops.bridge.model.CanonicalStatus;
import io.scrumops.bridge.model.StatusChange;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** The page door's statements: a page into the inbox in one statement, a history into status_change in one batch. */
class InboxPageTest {

    private final InboxRepository inbox = new InboxRepository(TestDatabase.dataSource());
    private final StatusChangeRepository statusChanges = new StatusChangeRepository(TestDatabase.dataSource());
    private final JdbcTemplate jdbc = new JdbcTemplate(TestDatabase.dataSource());

    @BeforeEach
    void emptyTables() {
        TestDatabase.truncate("inbox");
        TestDatabase.truncate("status_change");
    }

    @Test
    void pageStoresNewRecordsOnceAndNamesTheRowHoldingEachRepeat() {
        long held = inbox.receive("jira", "scrumops:snapshot", "jira:snapshot:1:t1", Map.of(), "{\"n\": 0}").id();

        List<InboxReceipt> receipts = inbox.receiveAll(List.of(
                record("jira:snapshot:1:t1", "{\"n\": 1}"),
                record("jira:snapshot:2:t1", "{\"n\": 2}"),
                record("jira:snapshot:2:t1", "{\"n\": 3}"),
                record("jira:snapshot:3:t1", "{\"n\": 4}")));

        assertThat(receipts).extracting(InboxReceipt::duplicate).containsExactly(true, false, true, false);
        assertThat(receipts.get(0).id()).isEqualTo(held);
        assertThat(receipts.get(2).id()).isEqualTo(receipts.get(1).id());
        assertThat(jdbc.queryForList("select body from inbox order by id", String.class))
                .containsExactly("{\"n\": 0}", "{\"n\": 2}", "{\"n\": 4}");
        assertThat(jdbc.queryForList("select status from inbox", String.class)).containsOnly("RECEIVED");
    }

    @Test
    void historyRecordedInOneBatchKeepsEachTransitionOnce() {
        StatusChange started = change("jira:issue:7", CanonicalStatus.NEW, CanonicalStatus.IN_PROGRESS,
                "2025-01-01T10:00:00Z");
        StatusChange finished = change("jira:issue:7", CanonicalStatus.IN_PROGRESS, CanonicalStatus.DONE,
                "2025-01-01T11:00:00Z");
        statusChanges.record(started);

        statusChanges.recordAll(List.of(started, finished, change("jira:issue:7", CanonicalStatus.DONE,
                CanonicalStatus.NEW, "2025-01-01T12:00:00Z")));
        statusChanges.recordAll(List.of(finished));

        assertThat(statusChanges.findByWorkItem("jira:issue:7")).extracting(StatusChange::to)
                .containsExactly(CanonicalStatus.IN_PROGRESS, CanonicalStatus.DONE, CanonicalStatus.NEW);
    }

    private static InboxRepository.NewRecord record(String key, String body) {
        return new InboxRepository.NewRecord("jira", "scrumops:snapshot", key, Map.of(), body);
    }

    private static StatusChange change(String item, CanonicalStatus from, CanonicalStatus to, String at) {
        return new StatusChange(item, from, to, from.name(), to.name(), Instant.parse(at), "someone");
    }
}
