package io.scrumops.bridge.rules;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A standard task of a work package template.
 *
 * @param key      stable within its template; task ids and idempotency keys are built from it
 * @param estimate story points or hours, as the team estimates; null when not estimated
 */
public record TaskTemplate(String key, String title, Double estimate, String issueType, Set<String> labels,
                           List<String> components) {

    public TaskTemplate {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(title, "title");
        if (estimate != null && (estimate.isNaN() || estimate < 0)) {
            throw new IllegalArgumentException("estimate of task " + key + " must not be negative: " + estimate);
        }
        labels = labels == null ? Set.of() : Set.copyOf(labels);
        components = components == null ? List.of() : List.copyOf(components);
    }
}
