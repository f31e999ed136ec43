package io.scrumops.bridge.gates;

import io.scrumops.bridge.mapping.ReleaseMapping;
import io.scrumops.bridge.model.PhaseState;
import io.scrumops.bridge.model.ReleasePhase;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Lays a product's phases out for one release: the last phase ends on the release date and each phase before it
 * ends where the next begins, unless the mapping's plannedDates gives a phase its own window. A phase is ACTIVE while
 * the time is inside its window, COMPLETED after it.
 */
public final class ReleasePlanner {

    private ReleasePlanner() {
    }

    public static List<ReleasePhase> phases(ReleaseMapping.Product product, String releaseName, LocalDate releaseDate,
                                            Instant now) {
        Map<String, ReleaseMapping.Window> planned = product.plannedDates().getOrDefault(releaseName, Map.of());
        List<ReleaseMapping.Phase> definitions = product.phases();
        List<ReleasePhase> result = new ArrayList<>();
        LocalDate end = releaseDate;
        for (int i = definitions.size() - 1; i >= 0; i--) {
            ReleaseMapping.Phase phase = definitions.get(i);
            ReleaseMapping.Window window = planned.get(phase.name());
            LocalDate phaseEnd = window != null ? window.end() : end;
            LocalDate phaseStart = window != null ? window.start() : end == null ? null : end.minusDays(phase.days());
            Instant start = startOfDay(phaseStart);
            Instant finish = startOfDay(phaseEnd);
            result.add(new ReleasePhase(phase.name(), state(start, finish, now), start, finish, phase.gates()));
            end = phaseStart;
        }
        Collections.reverse(result);
        return result;
    }

    /** The phase the release is in now: the active one, else the next not started, else the last. */
    public static String currentPhase(List<ReleasePhase> phases) {
        return phases.stream().filter(p -> p.state() == PhaseState.ACTIVE).findFirst()
                .or(() -> phases.stream().filter(p -> p.state() == PhaseState.NOT_STARTED).findFirst())
                .or(() -> phases.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(phases.get(phases.size() - 1)))
                .map(ReleasePhase::name).orElse(null);
    }

    private static PhaseState state(Instant start, Instant end, Instant now) {
        if (start == null || end == null) {
            return PhaseState.NOT_STARTED;
        }
        if (!now.isBefore(end)) {
            return PhaseState.COMPLETED;
        }
        return now.isBefore(start) ? PhaseState.NOT_STARTED : PhaseState.ACTIVE;
    }

    private static Instant startOfDay(LocalDate date) {
        return date == null ? null : date.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
