package io.scrumops.bridge.scrumops;

import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.model.WorkItem;
import io.scrumops.bridge.store.SprintRepository;
import io.scrumops.bridge.store.SyncLink;
import io.scrumops.bridge.store.SyncLinkRepository;
import io.scrumops.bridge.store.WorkItemRepository;
import org.springframework.stereotype.Component;

import java.util.Optional;

/** The item directory over the store: the item's own source first, then its sync links. */
@Component
public class StoreItemDirectory implements ItemDirectory {

    /** A sync link names the sys_id only; pairs are made with incidents unless the item says otherwise. */
    static final String DEFAULT_TABLE = "incident";

    private final WorkItemRepository workItems;
    private final SyncLinkRepository links;
    private final SprintRepository sprints;

    public StoreItemDirectory(WorkItemRepository workItems, SyncLinkRepository links, SprintRepository sprints) {
        this.workItems = workItems;
        this.links = links;
        this.sprints = sprints;
    }

    @Override
    public Optional<WorkItem> item(String workItemId) {
        return workItems.findById(workItemId);
    }

    @Override
    public Optional<String> jiraKey(String workItemId) {
        Optional<WorkItem> item = workItems.findById(workItemId);
        if (item.isPresent() && item.get().source() != null && item.get().source().system() == SourceSystem.JIRA
                && item.get().source().key() != null) {
            return Optional.of(item.get().source().key());
        }
        return links.findByWorkItem(workItemId, SourceSystem.JIRA).map(SyncLink::nativeKey);
    }

    @Override
    public Optional<ServiceNowRecordRef> serviceNowRecord(String workItemId) {
        Optional<WorkItem> item = workItems.findById(workItemId);
        if (item.isPresent() && item.get().source() != null
                && item.get().source().system() == SourceSystem.SERVICENOW) {
            return Optional.of(new ServiceNowRecordRef(item.get().source().entity(), item.get().source().nativeId()));
        }
        return links.findByWorkItem(workItemId, SourceSystem.SERVICENOW)
                .or(() -> item.flatMap(this::pairedThroughJiraIssue))
                .map(link -> new ServiceNowRecordRef(DEFAULT_TABLE, link.nativeId()))
                .or(() -> item.flatMap(StoreItemDirectory::escalatedFrom).flatMap(this::serviceNowRecord));
    }

    /**
     * A pair is stored under the incident's id: the Jira work package reaches its incident through the link of its
     * issue, not through a link of its own.
     */
    private Optional<SyncLink> pairedThroughJiraIssue(WorkItem item) {
        if (item.source() == null || item.source().system() != SourceSystem.JIRA) {
            return Optional.empty();
        }
        return links.findByNative(SourceSystem.JIRA, item.source().nativeId())
                .filter(link -> !link.workItemId().equals(item.id()))
                .flatMap(link -> links.findByWorkItem(link.workItemId(), SourceSystem.SERVICENOW));
    }

    /** An escalated level speaks for the incident of the package its chain started from. */
    private static Optional<String> escalatedFrom(WorkItem item) {
        if (item.workPackage() == null || item.workPackage().escalations().isEmpty()) {
            return Optional.empty();
        }
        String original = item.workPackage().escalations().get(0).fromWorkPackageId();
        return original.equals(item.id()) ? Optional.empty() : Optional.of(original);
    }

    @Override
    public Optional<String> jiraSprintId(String sprintId) {
        if (sprintId == null) {
            return Optional.empty();
        }
        return sprints.findById(sprintId).filter(s -> s.source() != null).map(s -> s.source().nativeId())
                .or(() -> Optional.of(sprintId.substring(sprintId.lastIndexOf(':') + 1)));
    }
}
