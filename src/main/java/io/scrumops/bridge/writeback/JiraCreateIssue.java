package io.scrumops.bridge.writeback;

import io.scrumops.bridge.model.SourceSystem;

import java.util.List;
import java.util.Map;

/**
 * Creates a Jira issue for a bridge work item. Because Jira has no idempotency key, the writer searches for an
 * issue already carrying {@code workItemId} (in the configured bridge-id field or label) before it creates one.
 *
 * @param parentKey    the story (or epic) the issue goes under, or null
 * @param sprintId     the Jira sprint id to put it in, or null
 * @param extraFields  further Jira fields by id, as the REST API takes them
 * @param subTasks     summaries of sub-tasks to create under it, in order
 * @param adoptKey     the key of an issue the other side already names for this item (an incident's
 *                     correlation_id set before the bridge ran): when that issue exists it is taken, not duplicated
 */
public record JiraCreateIssue(String workItemId, String projectKey, String issueType, String summary,
                              String description, String parentKey, String sprintId, String priority,
                              List<String> labels, List<String> components, Map<String, Object> extraFields,
                              List<String> subTasks, String adoptKey) implements WriteCommand {

    public JiraCreateIssue {
        labels = labels == null ? List.of() : List.copyOf(labels);
        components = components == null ? List.of() : List.copyOf(components);
        extraFields = extraFields == null ? Map.of() : Map.copyOf(extraFields);
        subTasks = subTasks == null ? List.of() : List.copyOf(subTasks);
    }

    @Override
    public SourceSystem target() {
        return SourceSystem.JIRA;
    }
}
