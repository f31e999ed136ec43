package io.scrumops.bridge.scrumops;

import io.scrumops.bridge.model.Sprint;
import io.scrumops.bridge.model.SprintState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Finds the sprints that closed since they were last stored: stored ACTIVE, now read as CLOSED. The next sprint is
 * the team's sprint that is active now (the earliest started, should there be several), else its earliest future one.
 */
public final class SprintCloseDetector {

    /** @param next null when the team has no active or future sprint to move the work into yet */
    public record SprintClosing(Sprint closing, Sprint next) {
    }

    private static final Comparator<Sprint> BY_START = Comparator
            .comparing(Sprint::start, Comparator.nullsLast(Comparator.<Instant>naturalOrder()))
            .thenComparing(SprintCloseDetector::numericId);

    public List<SprintClosing> closings(Collection<Sprint> stored, Collection<Sprint> fetched) {
        Map<String, Sprint> before = stored.stream().collect(Collectors.toMap(Sprint::id, Function.identity(), (a, b) -> a));
        List<SprintClosing> closings = new ArrayList<>();
        for (Sprint sprint : fetched) {
            Sprint was = before.get(sprint.id());
            if (was != null && was.state() == SprintState.ACTIVE && sprint.state() == SprintState.CLOSED) {
                closings.add(new SprintClosing(sprint, next(sprint, fetched)));
            }
        }
        closings.sort(Comparator.comparing(SprintClosing::closing, BY_START));
        return closings;
    }

    private static Sprint next(Sprint closing, Collection<Sprint> fetched) {
        List<Sprint> candidates = fetched.stream()
                .filter(s -> !s.id().equals(closing.id()) && Objects.equals(s.team(), closing.team()))
                .toList();
        return candidates.stream().filter(s -> s.state() == SprintState.ACTIVE).min(BY_START)
                .or(() -> candidates.stream().filter(s -> s.state() == SprintState.FUTURE).min(BY_START))
                .orElse(null);
    }

    private static long numericId(Sprint sprint) {
        String id = sprint.source() != null ? sprint.source().nativeId() : sprint.id();
        try {
            return Long.parseLong(id.substring(id.lastIndexOf(':') + 1));
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
