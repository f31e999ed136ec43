package io.scrumops.bridge.rules;

import io.scrumops.bridge.model.CanonicalStatus;
import io.scrumops.bridge.model.SourceRef;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.model.StoryAttributes;
import io.scrumops.bridge.model.WorkItem;
import io.scrumops.bridge.model.WorkItemKind;
import io.scrumops.bridge.model.WorkPackageAttributes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Instantiates a work package under a story from the template for its severity and category, and fixes its SLA
 * clock: it starts when the work arrived and its target comes from the policy the story names. Both never change
 * afterwards, through escalation included. A story that carries no SLA gives its packages none.
 */
public final class WorkPackageFactory {

    private static final String DEFAULT_ISSUE_TYPE = "Work Package";
    private static final String DEFAULT_TASK_TYPE = "Sub-task";

    private final WorkPackageTemplates templates;
    private final SlaPolicies policies;

    public WorkPackageFactory(WorkPackageTemplates templates, SlaPolicies policies) {
        this.templates = Objects.requireNonNull(templates, "templates");
        this.policies = Objects.requireNonNull(policies, "policies");
    }

    /** @throws UnknownSlaPolicyException when the story names a policy that is not configured */
    public WorkPackageCreation create(NewWorkPackage request, WorkItem story, Clock clock) {
        if (story.kind() != WorkItemKind.STORY) {
            throw new IllegalArgumentException(story.id() + " is a " + story.kind() + ", not a story");
        }
        StoryAttributes storyAttributes = story.story() == null ? StoryAttributes.defaults() : story.story();
        Instant now = clock.instant();
        Instant slaStartedAt = null;
        Duration slaTarget = null;
        if (storyAttributes.hasSla()) {
            SlaPolicy policy = policies.require(storyAttributes.slaPolicy());
            slaTarget = policy.targetFor(request.severity()).orElse(null);
            slaStartedAt = slaTarget == null ? null : (request.openedAt() != null ? request.openedAt() : now);
        }
        WorkPackageTemplate template = templates.select(request.severity(), request.category()).orElse(null);
        String templateId = template == null ? null : template.id();
        String issueType = template == null || template.issueType() == null ? DEFAULT_ISSUE_TYPE : template.issueType();

        WorkPackageAttributes attributes = new WorkPackageAttributes(story.id(), templateId, request.severity(),
                request.category(), slaStartedAt, slaTarget, 1, null, List.of());
        WorkItem workPackage = new WorkItem(request.workPackageId(), WorkItemKind.WORK_PACKAGE,
                new SourceRef(SourceSystem.SCRUMOPS, "work-package", request.workPackageId(), null, null, 0, now),
                request.title(), null, CanonicalStatus.NEW, null, request.severity(), null, null, null, null,
                story.team(), story.id(), story.sprintId(), template == null ? null : template.labels(), now, now,
                null, null, attributes);
        CreateWorkPackage create = new CreateWorkPackage(request.workPackageId(), story.id(), story.sprintId(),
                request.title(), request.severity(), request.category(), templateId, issueType,
                template == null ? null : template.labels(), template == null ? null : template.components(),
                request.sourceItemId(), slaStartedAt, slaTarget);
        List<CreateTask> tasks = new ArrayList<>();
        if (template != null) {
            for (TaskTemplate task : template.tasks()) {
                tasks.add(new CreateTask(request.workPackageId() + "/" + task.key(), request.workPackageId(),
                        task.key(), task.title(), task.issueType() == null ? DEFAULT_TASK_TYPE : task.issueType(),
                        task.estimate(), task.labels(), task.components()));
            }
        }
        return new WorkPackageCreation(workPackage, template, create, tasks);
    }
}
