package io.scrumops.bridge.store;

import io.scrumops.bridge.model.SourceRef;
import io.scrumops.bridge.model.SourceSystem;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How a store batch decides an upsert's outcome from what it read ahead (WorkItemRepository.outcome). */
class UpsertOutcomeDecisionTest {

    private static final Instant T = Instant.parse("2026-11-01T10:00:00.123Z");
    /** Not JSON: a decision that reads the stored payload fails on it. */
    private static final String UNREADABLE = "{not json";

    private static SourceRef source(long version, Instant updatedAt) {
        return new SourceRef(SourceSystem.JIRA, "issue", "10001", "OPS-1", null, version, updatedAt);
    }

    @Test
    void aNewerSourceTimeIsAnUpdateWithoutReadingTheStoredPayload() {
        var stored = new WorkItemRepository.Stored(UNREADABLE, T, 3L);

        assertThat(WorkItemRepository.outcome(stored, source(3, T.plusMillis(1)), "{\"a\":1}"))
                .isEqualTo(UpsertOutcome.UPDATED);
    }

    @Test
    void anOlderSourceTimeIsStaleWithoutReadingTheStoredPayload() {
        var stored = new WorkItemRepository.Stored(UNREADABLE, T, 3L);

        assertThat(WorkItemRepository.outcome(stored, source(9, T.minusMillis(1)), "{\"a\":1}"))
                .isEqualTo(UpsertOutcome.STALE);
    }

    @Test
    void anotherVersionAtTheSameTimeIsDecidedByVersionWithoutReadingTheStoredPayload() {
        var stored = new WorkItemRepository.Stored(UNREADABLE, T, 3L);

        assertThat(WorkItemRepository.outcome(stored, source(4, T), "{\"a\":1}")).isEqualTo(UpsertOutcome.UPDATED);
        assertThat(WorkItemRepository.outcome(stored, source(2, T), "{\"a\":1}")).isEqualTo(UpsertOutcome.STALE);
    }

    @Test
    void theSameSourceTimeAndVersionComparesThePayloadsAsJsonb() {
        var stored = new WorkItemRepository.Stored("{\"b\": 2, \"a\": 1}", T, 3L);

        assertThat(WorkItemRepository.outcome(stored, source(3, T), "{\"a\":1,\"b\":2}"))
                .isEqualTo(UpsertOutcome.UNCHANGED);
        assertThat(WorkItemRepository.outcome(stored, source(3, T), "{\"a\":1,\"b\":3}"))
                .as("same source, other content: applied as the guard applies it").isEqualTo(UpsertOutcome.UPDATED);
        assertThatThrownBy(() -> WorkItemRepository.outcome(new WorkItemRepository.Stored(UNREADABLE, T, 3L),
                source(3, T), "{\"a\":1}")).as("read when the source cannot tell").isInstanceOf(RuntimeException.class);
    }

    @Test
    void aSourceTimeWithinTheSameMicrosecondCountsAsTheSameTime() {
        var stored = new WorkItemRepository.Stored("{\"a\": 1}", T, 3L);

        assertThat(WorkItemRepository.outcome(stored, source(3, T.plusNanos(300)), "{\"a\":1}"))
                .isEqualTo(UpsertOutcome.UNCHANGED);
    }

    @Test
    void nothingStoredIsAnInsert() {
        assertThat(WorkItemRepository.outcome(null, source(1, T), "{\"a\":1}")).isEqualTo(UpsertOutcome.INSERTED);
    }
}
