package io.scrumops.bridge.writeback;

import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.store.SyncLink;
import io.scrumops.bridge.store.SyncLinkRepository;
import org.springframework.stereotype.Component;

/**
 * Fills in the issue key of a Jira command queued before its issue existed, from the sync link the create left.
 * Commands are applied in order per work item, so the create has run by then; if it has not (its answer was lost),
 * the command fails and is tried again later.
 */
@Component
public class JiraIssueKeys {

    private final SyncLinkRepository links;

    public JiraIssueKeys(SyncLinkRepository links) {
        this.links = links;
    }

    public WriteCommand resolve(WriteCommand command) {
        if (!(command instanceof JiraIssueCommand issueCommand) || issueCommand.issueKey() != null) {
            return command;
        }
        String key = links.findByWorkItem(command.workItemId(), SourceSystem.JIRA).map(SyncLink::nativeKey)
                .orElseThrow(() -> new RemoteWriteException(SourceSystem.JIRA, command.type(), 0, false, null,
                        "no Jira issue is known yet for " + command.workItemId()));
        return issueCommand.withIssueKey(key);
    }
}
