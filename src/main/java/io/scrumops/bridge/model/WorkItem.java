package io.scrumops.bridge.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * Any piece of work the bridge knows: an epic, story, work package, task, incident, defect, problem or change.
 * The source's own status and priority are kept beside the canonical ones.
 *
 * @param story        set for stories, null otherwise
 * @param workPackage  set for work packages, null otherwise
 */
public record WorkItem(String id, WorkItemKind kind, SourceRef source, String title, String description,
                       CanonicalStatus status, String sourceStatus, Severity severity, String sourcePriority,
                       FlowType flowType, String assignee, String assignmentGroup, String team, String parentId,
                       String sprintId, Set<String> labels, Instant createdAt, Instant updatedAt, Instant resolvedAt,
                       StoryAttributes story, WorkPackageAttributes workPackage) {

    public WorkItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        labels = labels == null ? Set.of() : Set.copyOf(labels);
    }

    public WorkItem withStatus(CanonicalStatus newStatus, Instant at) {
        Instant resolved = newStatus.isDone() ? (resolvedAt != null ? resolvedAt : at) : null;
        return new WorkItem(id, kind, source, title, description, newStatus, sourceStatus, severity, sourcePriority,
                flowType, assignee, assignmentGroup, team, parentId, sprintId, labels, createdAt, at, resolved,
                story, workPackage);
    }

    public WorkItem withSprint(String newSprintId) {
        return new WorkItem(id, kind, source, title, description, status, sourceStatus, severity, sourcePriority,
                flowType, assignee, assignmentGroup, team, parentId, newSprintId, labels, createdAt, updatedAt,
                resolvedAt, story, workPackage);
    }

    public WorkItem withWorkPackage(WorkPackageAttributes attributes) {
        return new WorkItem(id, kind, source, title, description, status, sourceStatus, severity, sourcePriority,
                flowType, assignee, assignmentGroup, team, parentId, sprintId, labels, createdAt, updatedAt,
                resolvedAt, story, attributes);
    }

    public boolean isDone() {
        return status != null && status.isDone();
    }
}
