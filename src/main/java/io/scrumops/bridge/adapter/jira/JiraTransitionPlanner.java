package io.scrumops.bridge.adapter.jira;

import io.scrumops.bridge.mapping.JiraMapping;
import io.scrumops.bridge.mapping.UnknownMappingValueException;
import io.scrumops.bridge.model.CanonicalStatus;
import io.scrumops.bridge.model.StatusCategory;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Chooses the next Jira transition towards a canonical status from the transitions the issue offers now: one whose
 * target status maps to it; else one into the same status category; else a step through an in-progress status not
 * visited yet, so that a workflow without a direct path (To Do -> In Progress -> Done) is walked one step at a time.
 */
final class JiraTransitionPlanner {

    /** A transition as GET transitions shows it; {@code requiredFields} maps field id to its allowed values' ids. */
    record Transition(String id, String name, String toStatus, String toCategoryKey,
                      Map<String, List<String>> requiredFields) {
    }

    record Step(Transition transition, boolean reachesTarget) {
    }

    private JiraTransitionPlanner() {
    }

    static Optional<Step> next(JiraMapping mapping, List<Transition> offered, CanonicalStatus target,
                               Set<String> visitedStatuses) {
        for (Transition t : offered) {
            if (canonical(mapping, t) == target) {
                return Optional.of(new Step(t, true));
            }
        }
        for (Transition t : offered) {
            CanonicalStatus reached = canonical(mapping, t);
            if (reached != null && reached.category() == target.category() && reached.isDone() == target.isDone()
                    && target.category() == StatusCategory.DONE) {
                return Optional.of(new Step(t, true));
            }
        }
        return offered.stream()
                .filter(t -> !visitedStatuses.contains(t.toStatus().toLowerCase()))
                .filter(t -> canonical(mapping, t) != null && !canonical(mapping, t).isDone())
                .min(Comparator.comparingInt(t -> canonical(mapping, t).category() == StatusCategory.IN_PROGRESS ? 0 : 1))
                .map(t -> new Step(t, false));
    }

    static CanonicalStatus canonical(JiraMapping mapping, Transition t) {
        try {
            return mapping.status(t.toStatus(), t.toCategoryKey());
        } catch (UnknownMappingValueException e) {
            return null;
        }
    }
}
