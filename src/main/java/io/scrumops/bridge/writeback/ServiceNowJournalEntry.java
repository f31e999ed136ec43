package io.scrumops.bridge.writeback;

import io.scrumops.bridge.model.CommentVisibility;
import io.scrumops.bridge.model.SourceSystem;

/**
 * Adds a work note (INTERNAL) or an additional comment (PUBLIC) to a ServiceNow record. {@code originId} is the
 * comment this one carries over (e.g. {@code jira:comment:<id>}), or null for a note the bridge writes itself.
 */
public record ServiceNowJournalEntry(String workItemId, String table, String sysId, String text, String author,
                                     CommentVisibility visibility, String originId) implements WriteCommand {

    @Override
    public SourceSystem target() {
        return SourceSystem.SERVICENOW;
    }
}
