package io.scrumops.bridge.scrumops;

import io.scrumops.bridge.mapping.MappingRegistry;
import io.scrumops.bridge.mapping.rules.TeamBoards;
import io.scrumops.bridge.model.Recurrence;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.model.StoryAttributes;
import io.scrumops.bridge.model.WorkItem;
import io.scrumops.bridge.model.WorkItemKind;
import io.scrumops.bridge.store.WorkItemRepository;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Stories as the rules see them: the stored story with what teams.yaml adds (recurrence of a team's recurring
 * stories, escalation targets by category), target keys resolved to work item ids.
 */
@Component
public class StoryDirectory {

    private final WorkItemRepository workItems;
    private final MappingRegistry mappings;

    public StoryDirectory(WorkItemRepository workItems, MappingRegistry mappings) {
        this.workItems = workItems;
        this.mappings = mappings;
    }

    /** A story by work item id or by Jira key. */
    public Optional<WorkItem> find(String idOrKey) {
        if (idOrKey == null) {
            return Optional.empty();
        }
        return workItems.findById(idOrKey).or(() -> workItems.findBySourceKey(SourceSystem.JIRA, idOrKey))
                .map(this::withTeamSettings);
    }

    public WorkItem withTeamSettings(WorkItem story) {
        if (story.kind() != WorkItemKind.STORY) {
            return story;
        }
        TeamBoards teams = mappings.current().rules().teams();
        String key = story.source() == null ? null : story.source().key();
        StoryAttributes a = story.story() == null ? StoryAttributes.defaults() : story.story();
        Recurrence recurrence = teams.isRecurring(key) ? Recurrence.RECURRING : a.recurrence();
        Map<String, String> targets = new LinkedHashMap<>(a.escalationTargets());
        teams.escalationTargetsOf(key).forEach((category, target) -> targets.put(category, resolve(target)));
        StoryAttributes merged = new StoryAttributes(recurrence, a.teamScope(), a.productOwner(), a.slaPolicy(),
                a.escalationAllowed(), targets, a.dormant(), a.teams(), a.teamEstimates());
        return new WorkItem(story.id(), story.kind(), story.source(), story.title(), story.description(),
                story.status(), story.sourceStatus(), story.severity(), story.sourcePriority(), story.flowType(),
                story.assignee(), story.assignmentGroup(), story.team(), story.parentId(), story.sprintId(),
                story.labels(), story.createdAt(), story.updatedAt(), story.resolvedAt(), merged, story.workPackage());
    }

    private String resolve(String target) {
        return workItems.findBySourceKey(SourceSystem.JIRA, target).map(WorkItem::id).orElse(target);
    }
}
