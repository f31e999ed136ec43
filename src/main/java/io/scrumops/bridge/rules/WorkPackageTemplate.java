package io.scrumops.bridge.rules;

import io.scrumops.bridge.model.Severity;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The standard tasks of a kind of work package. It applies to a severity, a category, both, or (neither set)
 * to any work package as the fallback.
 */
public record WorkPackageTemplate(String id, Severity severity, String category, String issueType,
                                  Set<String> labels, List<String> components, List<TaskTemplate> tasks) {

    public WorkPackageTemplate {
        Objects.requireNonNull(id, "id");
        category = category == null || category.isBlank() ? null : category.trim().toLowerCase(Locale.ROOT);
        labels = labels == null ? Set.of() : Set.copyOf(labels);
        components = components == null ? List.of() : List.copyOf(components);
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
        Set<String> keys = new HashSet<>();
        for (TaskTemplate task : tasks) {
            if (!keys.add(task.key())) {
                throw new IllegalArgumentException("template " + id + " lists task key " + task.key() + " twice");
            }
        }
    }

    boolean matches(Severity severity, String category) {
        return (this.severity == null || this.severity == severity)
                && (this.category == null || this.category.equals(category));
    }

    /** Higher is more specific: category and severity, category alone, severity alone, the fallback. */
    int specificity() {
        return (category != null ? 2 : 0) + (severity != null ? 1 : 0);
    }
}
