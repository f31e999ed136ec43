package io.scrumops.bridge.scrumops;

import io.scrumops.bridge.model.CommentVisibility;
import io.scrumops.bridge.model.Sprint;
import io.scrumops.bridge.model.WorkItem;
import io.scrumops.bridge.model.WorkItemKind;
import io.scrumops.bridge.rules.AddComment;
import io.scrumops.bridge.rules.EscalationCompletion;
import io.scrumops.bridge.rules.EscalationDecision;
import io.scrumops.bridge.rules.EscalationPolicy;
import io.scrumops.bridge.rules.NotifyOriginatingTeam;
import io.scrumops.bridge.rules.RefusalReason;
import io.scrumops.bridge.rules.RuleCommand;
import io.scrumops.bridge.store.AuditLogRepository;
import io.scrumops.bridge.store.SprintRepository;
import io.scrumops.bridge.store.WorkItemRepository;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs the escalation policy on the store's data and queues what it decides; also tells the originating team when a
 * higher level completes. The incident behind a chain is the ServiceNow record the original package is paired with.
 */
@Component
public class EscalationService {

    private final WorkItemRepository workItems;
    private final SprintRepository sprints;
    private final StoryDirectory stories;
    private final ItemDirectory directory;
    private final SlaPolicyChoice sla;
    private final EscalationPolicy policy;
    private final RuleCommandOutbox outbox;
    private final AuditLogRepository audit;
    private final Clock clock;

    public EscalationService(WorkItemRepository workItems, SprintRepository sprints, StoryDirectory stories,
                             ItemDirectory directory, SlaPolicyChoice sla, EscalationPolicy policy,
                             RuleCommandOutbox outbox, AuditLogRepository audit, Clock clock) {
        this.workItems = workItems;
        this.sprints = sprints;
        this.stories = stories;
        this.directory = directory;
        this.sla = sla;
        this.policy = policy;
        this.outbox = outbox;
        this.audit = audit;
        this.clock = clock;
    }

    /** @throws NoSuchElementException when there is no work item with that id */
    @Transactional
    public EscalationOutcome escalate(String workPackageId, String actor, String note) {
        WorkItem workPackage = workItems.findById(workPackageId)
                .orElseThrow(() -> new NoSuchElementException("no work item " + workPackageId));
        String storyId = workPackage.workPackage() != null && workPackage.workPackage().storyId() != null
                ? workPackage.workPackage().storyId() : workPackage.parentId();
        Optional<WorkItem> story = stories.find(storyId);
        if (story.isEmpty()) {
            return refused(workPackageId, actor, RefusalReason.NOT_UNDER_SOURCE_STORY, RefusalReason.NOT_UNDER_SOURCE_STORY.rule()
                    + ": " + workPackageId + " belongs to story " + storyId + ", which the bridge does not know");
        }
        WorkItem source = sla.withClock(workPackage, story.get());
        EscalationDecision decision = policy.decide(source, story.get(), stories::find, sprintsOfTargets(story.get()),
                clock, actor, note);
        if (decision instanceof EscalationDecision.Refused refused) {
            return refused(workPackageId, actor, refused.reason(), refused.message());
        }
        EscalationDecision.Escalated escalated = (EscalationDecision.Escalated) decision;
        workItems.upsert(escalated.escalatedPackage());
        List<RuleCommand> commands = new ArrayList<>(escalated.commands());
        incidentOf(escalated.escalatedPackage()).ifPresent(incident -> commands.add(new AddComment(incident,
                "escalated:L" + escalated.link().level(), "Escalated to support level " + escalated.link().level()
                + " (" + directory.jiraKey(escalated.link().toStoryId()).orElse(escalated.link().toStoryId()) + ") as " + escalated.escalatedPackage().id()
                + (note == null ? "" : ": " + note) + ". The SLA clock and target stay unchanged.",
                CommentVisibility.INTERNAL)));
        int queued = outbox.enqueue(commands).size();
        audit.record(actor == null ? "unknown" : actor, "work-package.escalated", workPackageId,
                Map.of("to", escalated.escalatedPackage().id(), "level", escalated.link().level(),
                        "story", escalated.link().toStoryId()));
        return EscalationOutcome.escalated(escalated.escalatedPackage(), commands, queued);
    }

    /**
     * A package reached a done status: when it was escalated, the originating team, every lower level and the
     * incident hear of it. The original gets one message, the notification, not a second comment.
     */
    @Transactional
    public List<QueuedWrite> completed(WorkItem workPackage) {
        Optional<EscalationCompletion> completion = policy.onCompletion(workPackage,
                incidentOf(workPackage).orElse(null), id -> directory.jiraKey(id).orElse(id));
        if (completion.isEmpty()) {
            return List.of();
        }
        Set<String> notified = completion.get().commands().stream()
                .filter(NotifyOriginatingTeam.class::isInstance).map(c -> ((NotifyOriginatingTeam) c).originalWorkPackageId())
                .collect(Collectors.toSet());
        List<RuleCommand> commands = completion.get().commands().stream()
                .filter(c -> !(c instanceof AddComment comment && notified.contains(comment.targetItemId())))
                .toList();
        audit.record("scrumops-bridge", "work-package.escalation-completed", workPackage.id(),
                Map.of("level", completion.get().completedLevel(), "original", completion.get().originalWorkPackageId()));
        return outbox.enqueue(commands);
    }

    /** The incident record behind the chain the package belongs to, as a work item id. */
    public Optional<String> incidentOf(WorkItem workPackage) {
        String original = workPackage.workPackage() == null || workPackage.workPackage().escalations().isEmpty()
                ? workPackage.id() : workPackage.workPackage().escalations().get(0).fromWorkPackageId();
        return directory.serviceNowRecord(original)
                .map(record -> "servicenow:" + record.table() + ":" + record.sysId())
                .filter(id -> !id.equals(original) || workPackage.kind() != WorkItemKind.WORK_PACKAGE);
    }

    private List<Sprint> sprintsOfTargets(WorkItem story) {
        if (story.story() == null) {
            return List.of(); // the parent is no story (a task's is its work package): the policy refuses it
        }
        Map<String, Sprint> found = new LinkedHashMap<>();
        for (String target : story.story().escalationTargets().values()) {
            stories.find(target).map(WorkItem::sprintId).flatMap(sprints::findById)
                    .ifPresent(sprint -> found.put(sprint.id(), sprint));
        }
        return List.copyOf(found.values());
    }

    private EscalationOutcome refused(String workPackageId, String actor, RefusalReason reason, String message) {
        audit.record(actor == null ? "unknown" : actor, "work-package.escalation-refused", workPackageId,
                Map.of("reason", reason.name(), "message", message));
        return EscalationOutcome.refused(reason, message);
    }
}
