package io.scrumops.bridge.store;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SlaStatusRepositoryTest {

    private static final Instant NOW = Instant.parse("2026-11-30T10:15:30.123Z");

    private final SlaStatusRepository store = new SlaStatusRepository(TestDatabase.dataSource());

    @BeforeEach
    void emptyTable() {
        TestDatabase.truncate("sla_status");
    }

    @Test
    void clocksAreStoredWithEveryFieldAndEmptyOnesStayEmpty() {
        SlaStatusRow full = new SlaStatusRow("jira:issue:1", "ops", "SEV1", "BREACHED", 0.75, true,
                Duration.ofHours(6), NOW.minusSeconds(60), NOW.minusSeconds(59), NOW);
        SlaStatusRow sparse = new SlaStatusRow("jira:issue:2", null, null, "RUNNING", null, false, null, null, null,
                NOW);

        store.saveAll(List.of(full, sparse));

        assertThat(store.all()).containsEntry("jira:issue:1", full).containsEntry("jira:issue:2", sparse);
    }

    @Test
    void aSecondSaveUpdatesTheClocksAcrossStatementBoundaries() {
        List<SlaStatusRow> first = new ArrayList<>();
        List<SlaStatusRow> second = new ArrayList<>();
        for (int i = 0; i < 12_000; i++) {
            first.add(new SlaStatusRow("p" + i, "ops", "SEV2", "RUNNING", null, false, Duration.ofHours(24),
                    NOW.plusSeconds(i), null, NOW));
            second.add(new SlaStatusRow("p" + i, "ops", "SEV2", "AT_RISK", 0.5, false, Duration.ofHours(24),
                    NOW.plusSeconds(i), null, NOW.plusSeconds(60)));
        }
        store.saveAll(first);

        store.saveAll(second);

        var stored = store.all();
        assertThat(stored).hasSize(12_000);
        assertThat(stored.get("p11999")).isEqualTo(second.get(11_999));
        assertThat(stored.values()).allMatch(row -> row.state().equals("AT_RISK"));
    }
}
