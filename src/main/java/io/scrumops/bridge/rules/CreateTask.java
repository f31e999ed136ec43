package io.scrumops.bridge.rules;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Create one task of a work package, as its template lists it. */
public record CreateTask(String taskId, String workPackageId, String templateTaskKey, String title,
                         String issueType, Double estimate, Set<String> labels, List<String> components)
        implements RuleCommand {

    public CreateTask {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(workPackageId, "workPackageId");
        Objects.requireNonNull(templateTaskKey, "templateTaskKey");
        labels = labels == null ? Set.of() : Set.copyOf(labels);
        components = components == null ? List.of() : List.copyOf(components);
    }

    @Override
    public String idempotencyKey() {
        return "task:" + workPackageId + ":" + templateTaskKey;
    }
}
