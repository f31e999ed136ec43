package io.scrumops.bridge.gates;

import io.scrumops.bridge.mapping.ReleaseMapping;
import io.scrumops.bridge.model.PhaseState;
import io.scrumops.bridge.model.ReleasePhase;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReleasePlannerTest {

    private static final ReleaseMapping.Product PRODUCT = new ReleaseMapping.Product("P", List.of(), Map.of(),
            ReleaseMapping.VersionWriteBack.NONE, List.of(), null, null, List.of(), List.of(),
            List.of(new ReleaseMapping.Phase("BUILD", 2, List.of()), new ReleaseMapping.Phase("SIT", 3, List.of()),
                    new ReleaseMapping.Phase("UAT", 5, List.of())),
            Map.of("2.0", Map.of("SIT", new ReleaseMapping.Window(LocalDate.parse("2026-11-01"),
                    LocalDate.parse("2026-11-20")))));

    @Test
    void phasesRunBackFromTheReleaseDate() {
        List<ReleasePhase> phases = ReleasePlanner.phases(PRODUCT, "1.0", LocalDate.parse("2026-12-10"),
                Instant.parse("2026-12-03T12:00:00Z"));

        assertThat(phases).extracting(p -> p.name() + " " + p.plannedStart() + " " + p.plannedEnd() + " " + p.state())
                .containsExactly("BUILD 2026-11-30T00:00:00Z 2026-12-02T00:00:00Z COMPLETED",
                        "SIT 2026-12-02T00:00:00Z 2026-12-05T00:00:00Z ACTIVE",
                        "UAT 2026-12-05T00:00:00Z 2026-12-10T00:00:00Z NOT_STARTED");
        assertThat(ReleasePlanner.currentPhase(phases)).isEqualTo("SIT");
    }

    @Test
    void aPlannedWindowOverridesTheDuration() {
        List<ReleasePhase> phases = ReleasePlanner.phases(PRODUCT, "2.0", LocalDate.parse("2026-12-10"),
                Instant.parse("2026-11-10T00:00:00Z"));

        assertThat(phases.get(1).plannedStart()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(phases.get(1).plannedEnd()).isEqualTo(Instant.parse("2026-11-20T00:00:00Z"));
        assertThat(phases.get(1).state()).isEqualTo(PhaseState.ACTIVE);
        assertThat(phases.get(0).plannedEnd()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
    }

    @Test
    void aReleaseWithoutDateHasPhasesWithoutDates() {
        List<ReleasePhase> phases = ReleasePlanner.phases(PRODUCT, "3.0", null, Instant.parse("2026-11-10T00:00:00Z"));
        assertThat(phases).allSatisfy(p -> {
            assertThat(p.plannedStart()).isNull();
            assertThat(p.state()).isEqualTo(PhaseState.NOT_STARTED);
        });
        assertThat(ReleasePlanner.currentPhase(phases)).isEqualTo("BUILD");
    }
}
