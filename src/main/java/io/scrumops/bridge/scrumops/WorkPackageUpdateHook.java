package io.scrumops.bridge.scrumops;

import io.scrumops.bridge.model.CommentVisibility;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.model.WorkItem;
import io.scrumops.bridge.model.WorkItemKind;
import io.scrumops.bridge.model.WorkPackageAttributes;
import io.scrumops.bridge.rules.AddComment;
import io.scrumops.bridge.model.StatusChange;
import io.scrumops.bridge.store.StatusChangeRepository;
import io.scrumops.bridge.store.SyncLinkRepository;
import io.scrumops.bridge.store.WorkItemRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Runs the rules on a work package that an inbound Jira record just changed (called by the record applier after the
 * store took the record, in the same transaction):
 * <ul>
 *   <li>a Jira issue that is the counterpart of a package the bridge created (an escalated level) passes its status
 *       on to that package;</li>
 *   <li>what Jira does not know is kept: the escalation history and the SLA clock of the stored package;</li>
 *   <li>the escalation label newly put on, or the escalation status newly entered, asks to escalate; a refusal is
 *       written back to the package as a comment naming the rule;</li>
 *   <li>a package newly done that was escalated notifies the levels below it and the incident.</li>
 * </ul>
 */
@Component
public class WorkPackageUpdateHook {

    private static final Logger log = LoggerFactory.getLogger(WorkPackageUpdateHook.class);

    private final WorkItemRepository workItems;
    private final SyncLinkRepository links;
    private final StatusChangeRepository statusChanges;
    private final EscalationService escalations;
    private final RuleCommandOutbox outbox;
    private final ScrumOpsRulesProperties properties;
    private final Clock clock;

    public WorkPackageUpdateHook(WorkItemRepository workItems, SyncLinkRepository links,
                                 StatusChangeRepository statusChanges,
                                 EscalationService escalations, RuleCommandOutbox outbox,
                                 ScrumOpsRulesProperties properties, Clock clock) {
        this.workItems = workItems;
        this.links = links;
        this.statusChanges = statusChanges;
        this.escalations = escalations;
        this.outbox = outbox;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * @param before the stored item before the record was applied, or null when it is new
     * @param after  the item as the Jira record says it is now
     */
    public void jiraItemApplied(WorkItem before, WorkItem after) {
        if (after == null || after.kind() != WorkItemKind.WORK_PACKAGE) {
            return;
        }
        Optional<WorkItem> counterpart = bridgePackageOf(after);
        if (counterpart.isPresent()) {
            WorkItem stored = counterpart.get();
            if (stored.status() != after.status()) {
                WorkItem updated = stored.withStatus(after.status(), clock.instant());
                workItems.upsert(updated);
                statusChanges.record(new StatusChange(stored.id(), stored.status(), after.status(), stored.sourceStatus(),
                        after.sourceStatus(), updated.updatedAt(), "jira"));
                afterStatus(stored, updated);
            }
            return;
        }
        WorkItem current = keepBridgeAttributes(before, after);
        if (escalationAsked(before, current)) {
            String how = wasAdded(before, current) ? "label " + properties.escalationLabel()
                    : "status " + current.sourceStatus();
            EscalationOutcome outcome = escalations.escalate(current.id(), "jira", "requested in Jira by " + how);
            if (!outcome.escalated()) {
                log.info("Escalation of {} asked in Jira was refused: {}", current.id(), outcome.message());
                outbox.enqueue(List.of(new AddComment(current.id(), "escalation-refused:" + outcome.reason(),
                        "Escalation refused. " + outcome.message(), CommentVisibility.INTERNAL)));
            }
        }
        afterStatus(before, current);
    }

    private void afterStatus(WorkItem before, WorkItem after) {
        boolean newlyDone = after.isDone() && (before == null || !before.isDone());
        if (newlyDone) {
            escalations.completed(after);
        }
    }

    private Optional<WorkItem> bridgePackageOf(WorkItem jiraItem) {
        if (jiraItem.source() == null || jiraItem.source().system() != SourceSystem.JIRA) {
            return Optional.empty();
        }
        return links.findByNative(SourceSystem.JIRA, jiraItem.source().nativeId())
                .filter(link -> !link.workItemId().equals(jiraItem.id()))
                .flatMap(link -> workItems.findById(link.workItemId()))
                .filter(item -> item.kind() == WorkItemKind.WORK_PACKAGE);
    }

    /** Jira carries neither the escalation history nor the SLA clock; a Jira update must not wipe them. */
    private WorkItem keepBridgeAttributes(WorkItem before, WorkItem after) {
        WorkPackageAttributes kept = before == null ? null : before.workPackage();
        WorkPackageAttributes now = after.workPackage();
        if (kept == null || now == null || (kept.slaStartedAt() == null && kept.escalations().isEmpty())) {
            return after;
        }
        WorkItem merged = after.withWorkPackage(new WorkPackageAttributes(now.storyId(), kept.templateId(),
                kept.severity() != null ? kept.severity() : now.severity(), now.category(), kept.slaStartedAt(),
                kept.slaTarget(), kept.escalationLevel(), kept.escalatedFromId(), kept.escalations()));
        workItems.upsert(merged);
        return merged;
    }

    private boolean escalationAsked(WorkItem before, WorkItem after) {
        if (after.isDone()) {
            return false;
        }
        return wasAdded(before, after) || enteredEscalationStatus(before, after);
    }

    private boolean wasAdded(WorkItem before, WorkItem after) {
        String label = properties.escalationLabel();
        if (label == null || label.isBlank()) {
            return false;
        }
        return hasLabel(after, label) && (before == null || !hasLabel(before, label));
    }

    private boolean enteredEscalationStatus(WorkItem before, WorkItem after) {
        String status = properties.escalationStatus();
        if (status == null || status.isBlank() || after.sourceStatus() == null) {
            return false;
        }
        return after.sourceStatus().equalsIgnoreCase(status)
                && (before == null || before.sourceStatus() == null || !before.sourceStatus().equalsIgnoreCase(status));
    }

    private static boolean hasLabel(WorkItem item, String label) {
        String wanted = label.toLowerCase(Locale.ROOT);
        return item.labels().stream().anyMatch(l -> l.toLowerCase(Locale.ROOT).equals(wanted));
    }
}
