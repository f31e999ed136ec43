package io.scrumops.bridge.rules;

import io.scrumops.bridge.model.CanonicalStatus;
import io.scrumops.bridge.model.Recurrence;
import io.scrumops.bridge.model.Severity;
import io.scrumops.bridge.model.Sprint;
import io.scrumops.bridge.model.SprintState;
import io.scrumops.bridge.model.StatusChange;
import io.scrumops.bridge.model.StoryAttributes;
import io.scrumops.bridge.model.TeamScope;
import io.scrumops.bridge.model.WorkItem;
import io.scrumops.bridge.model.WorkItemKind;
import io.scrumops.bridge.model.WorkPackageAttributes;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builders for the model items the rule tests need. */
final class Items {

    private Items() {
    }

    static WorkItem story(String id, String team, String sprintId, StoryAttributes attributes) {
        return new WorkItem(id, WorkItemKind.STORY, null, "Story " + id, null, CanonicalStatus.IN_PROGRESS, null,
                null, null, null, null, null, team, null, sprintId, Set.of(), null, null, null, attributes, null);
    }

    static WorkItem recurringStory(String id, String sprintId) {
        return story(id, "ops", sprintId, new StoryAttributes(Recurrence.RECURRING, TeamScope.SINGLE_TEAM, "po", null,
                false, null, false, null, null));
    }

    static WorkItem finiteStory(String id, String sprintId, CanonicalStatus status) {
        return story(id, "ops", sprintId, new StoryAttributes(Recurrence.FINITE, TeamScope.SINGLE_TEAM, "po", null,
                false, null, false, null, null)).withStatus(status, Instant.EPOCH);
    }

    static StoryAttributes escalating(String slaPolicy, Map<String, String> targets) {
        return new StoryAttributes(Recurrence.RECURRING, TeamScope.MULTI_TEAM, "po", slaPolicy, true, targets, false,
                null, null);
    }

    static StoryAttributes operational(String slaPolicy) {
        return new StoryAttributes(Recurrence.RECURRING, TeamScope.MULTI_TEAM, "po", slaPolicy, false, null, false,
                null, null);
    }

    static WorkItem workPackage(String id, String storyId, String sprintId, CanonicalStatus status,
                                WorkPackageAttributes attributes) {
        return new WorkItem(id, WorkItemKind.WORK_PACKAGE, null, "Package " + id, null, status, null,
                attributes.severity(), null, null, null, null, "ops", storyId, sprintId, Set.of(), null, null, null,
                null, attributes);
    }

    static WorkItem workPackage(String id, String storyId, String sprintId, CanonicalStatus status) {
        return workPackage(id, storyId, sprintId, status, attributes(storyId, Severity.SEV2, "website", null, null));
    }

    static WorkPackageAttributes attributes(String storyId, Severity severity, String category, Instant slaStart,
                                            Duration target) {
        return new WorkPackageAttributes(storyId, null, severity, category, slaStart, target, 1, null, List.of());
    }

    static WorkItem slaPackage(String id, Instant slaStart, Duration target, CanonicalStatus status) {
        return workPackage(id, "story", "sprint", status, attributes("story", Severity.SEV1, null, slaStart, target));
    }

    static WorkItem task(String id, String parentId, String team, CanonicalStatus status) {
        return new WorkItem(id, WorkItemKind.TASK, null, "Task " + id, null, status, null, null, null, null, null,
                null, team, parentId, null, Set.of(), null, null, null, null, null);
    }

    static Sprint sprint(String id, String team, Instant start, Instant end, SprintState state) {
        return new Sprint(id, null, team, id, start, end, state);
    }

    static StatusChange change(String itemId, CanonicalStatus from, CanonicalStatus to, Instant at) {
        return new StatusChange(itemId, from, to, null, null, at, "someone");
    }
}
