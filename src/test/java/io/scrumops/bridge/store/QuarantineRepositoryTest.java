package io.scrumops.bridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class QuarantineRepositoryTest {

    private final QuarantineRepository quarantine = new QuarantineRepository(TestDatabase.dataSource());
    private final InboxRepository inbox = new InboxRepository(TestDatabase.dataSource());

    @BeforeEach
    void emptyTables() {
        TestDatabase.truncate("quarantine", "inbox");
    }

    @Test
    void unmappableRecordIsKeptWithItsReasonAndInboxRecord() {
        long inboxId = inbox.receive("servicenow", "incident", "sn:1", Map.of(), "{\"state\":\"42\"}").id();

        long id = quarantine.add(inboxId, "servicenow", "Unknown state '42' in mappings/servicenow.yaml",
                "{\"state\":\"42\"}");

        QuarantineEntry entry = quarantine.findById(id).orElseThrow();
        assertThat(entry.inboxId()).isEqualTo(inboxId);
        assertThat(entry.source()).isEqualTo("servicenow");
        assertThat(entry.reason()).contains("'42'");
        assertThat(entry.payload()).isEqualTo("{\"state\":\"42\"}");
        assertThat(entry.status()).isEqualTo(QuarantineStatus.OPEN);
        assertThat(entry.createdAt()).isNotNull();
        assertThat(entry.replayedAt()).isNull();
    }

    @Test
    void openEntriesAreListedOldestFirst() {
        long first = quarantine.add(null, "jira", "first", "{}");
        long second = quarantine.add(null, "jira", "second", "{}");

        assertThat(quarantine.list(QuarantineStatus.OPEN, 10)).extracting(QuarantineEntry::id)
                .containsExactly(first, second);
    }

    @Test
    void replayedEntryLeavesTheOpenListAndCannotBeReplayedTwice() {
        long id = quarantine.add(null, "jira", "Unknown status 'Blocked'", "{}");

        assertThat(quarantine.markReplayed(id)).isTrue();
        assertThat(quarantine.markReplayed(id)).isFalse();

        QuarantineEntry entry = quarantine.findById(id).orElseThrow();
        assertThat(entry.status()).isEqualTo(QuarantineStatus.REPLAYED);
        assertThat(entry.replayedAt()).isNotNull();
        assertThat(quarantine.list(QuarantineStatus.OPEN, 10)).isEmpty();
        assertThat(quarantine.list(QuarantineStatus.REPLAYED, 10)).extracting(QuarantineEntry::id).containsExactly(id);
    }

    @Test
    void discardedEntryCannotBeReplayed() {
        long id = quarantine.add(null, "jira", "test noise", "{}");

        quarantine.markDiscarded(id);

        assertThat(quarantine.markReplayed(id)).isFalse();
        assertThat(quarantine.findById(id).orElseThrow().status()).isEqualTo(QuarantineStatus.DISCARDED);
    }
}
