package io.scrumops.bridge.scrumops;

import io.scrumops.bridge.model.WorkItem;

import java.util.Optional;

/** Where a bridge work item lives in Jira and ServiceNow, as the translator needs to address it. */
public interface ItemDirectory {

    Optional<WorkItem> item(String workItemId);

    /** The item's Jira issue key: its own when it came from Jira, else the one its sync link names. */
    Optional<String> jiraKey(String workItemId);

    /** The ServiceNow record the item is, or is paired with. */
    Optional<ServiceNowRecordRef> serviceNowRecord(String workItemId);

    /** The Jira sprint id (the number) of a bridge sprint id such as {@code jira:sprint:37}. */
    Optional<String> jiraSprintId(String sprintId);

    record ServiceNowRecordRef(String table, String sysId) {
    }
}
