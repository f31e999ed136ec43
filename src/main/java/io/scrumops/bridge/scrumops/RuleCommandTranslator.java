package io.scrumops.bridge.scrumops;

import io.scrumops.bridge.model.CommentVisibility;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.model.WorkItem;
import io.scrumops.bridge.rules.AddComment;
import io.scrumops.bridge.rules.CreateEscalatedWorkPackage;
import io.scrumops.bridge.rules.CreateTask;
import io.scrumops.bridge.rules.CreateWorkPackage;
import io.scrumops.bridge.rules.MoveToSprint;
import io.scrumops.bridge.rules.NotifyOriginatingTeam;
import io.scrumops.bridge.rules.RuleCommand;
import io.scrumops.bridge.rules.SlaBreached;
import io.scrumops.bridge.rules.SlaWarning;
import io.scrumops.bridge.writeback.JiraComment;
import io.scrumops.bridge.writeback.JiraCreateIssue;
import io.scrumops.bridge.writeback.JiraIssueLink;
import io.scrumops.bridge.writeback.JiraMoveToSprint;
import io.scrumops.bridge.writeback.JiraTransition;
import io.scrumops.bridge.writeback.JiraUpdateFields;
import io.scrumops.bridge.writeback.ServiceNowJournalEntry;
import io.scrumops.bridge.writeback.WriteCommand;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns what a rule decided into the write commands that carry it out in Jira and ServiceNow. Each write command is
 * queued under the rule command's idempotency key followed by {@code |} and what it writes, so deciding the same
 * thing twice queues nothing new. An item the bridge created itself and whose Jira issue does not exist yet is
 * addressed by work item id with a null issue key: the writer finds the issue through the sync link it left.
 */
public class RuleCommandTranslator {

    public static final String SLA_AT_RISK = "AT_RISK";
    public static final String SLA_BREACHED = "BREACHED";

    private final ItemDirectory directory;
    private final ScrumOpsRulesProperties properties;

    public RuleCommandTranslator(ItemDirectory directory, ScrumOpsRulesProperties properties) {
        this.directory = directory;
        this.properties = properties;
    }

    public List<QueuedWrite> translate(List<? extends RuleCommand> commands) {
        List<QueuedWrite> writes = new ArrayList<>();
        commands.forEach(command -> writes.addAll(translate(command)));
        return writes;
    }

    public List<QueuedWrite> translate(RuleCommand command) {
        List<QueuedWrite> writes = new ArrayList<>();
        String key = command.idempotencyKey();
        if (command instanceof MoveToSprint move) {
            directory.jiraSprintId(move.toSprintId()).ifPresent(sprint -> add(writes, key,
                    new JiraMoveToSprint(move.itemId(), jiraKey(move.itemId()), sprint)));
        } else if (command instanceof AddComment comment) {
            comment(writes, key, comment.targetItemId(), comment.text(), comment.visibility());
        } else if (command instanceof NotifyOriginatingTeam notify) {
            String original = notify.originalWorkPackageId();
            add(writes, key, new JiraComment(original, jiraKey(original), notify.message(), properties.actor(),
                    CommentVisibility.INTERNAL, null));
            if (properties.notifyTransition() != null) {
                add(writes, key, new JiraTransition(original, jiraKey(original), properties.notifyTransition(),
                        Map.of()));
            }
        } else if (command instanceof SlaWarning warning) {
            sla(writes, key, warning.workPackageId(), SLA_AT_RISK, properties.slaWarningLabel(),
                    "SLA at risk: " + percent(warning.threshold()) + " of the target used, "
                            + hours(warning.remaining()) + " left, due " + warning.deadline() + ".");
        } else if (command instanceof SlaBreached breach) {
            sla(writes, key, breach.workPackageId(), SLA_BREACHED, properties.slaBreachedLabel(),
                    "SLA breached: the target of " + hours(breach.target()) + " passed at " + breach.breachedAt()
                            + ".");
        } else if (command instanceof CreateEscalatedWorkPackage escalated) {
            add(writes, key, escalatedIssue(escalated));
            directory.jiraKey(escalated.sourceWorkPackageId()).ifPresent(from -> add(writes, key,
                    new JiraIssueLink(escalated.workPackageId(), null, properties.escalationLinkType(), from)));
        } else if (command instanceof CreateWorkPackage create) {
            add(writes, key, new JiraCreateIssue(create.workPackageId(), projectOf(create.storyId()),
                    create.issueType() == null ? properties.workPackageIssueType() : create.issueType(),
                    create.title(), null, jiraKey(create.storyId()),
                    directory.jiraSprintId(create.sprintId()).orElse(null), null,
                    List.copyOf(new TreeSet<>(create.labels())), create.components(), Map.of(), List.of(), null));
        } else if (command instanceof CreateTask task) {
            add(writes, key, new JiraCreateIssue(task.taskId(), projectOf(task.workPackageId()),
                    task.issueType() == null ? "Sub-task" : task.issueType(), task.title(), null,
                    jiraKey(task.workPackageId()), null, null, List.copyOf(new TreeSet<>(task.labels())),
                    task.components(), Map.of(), List.of(), null));
        }
        return writes;
    }

    private void comment(List<QueuedWrite> writes, String key, String targetId, String text,
                         CommentVisibility visibility) {
        Optional<WorkItem> target = directory.item(targetId);
        boolean isServiceNowRecord = target.map(t -> t.source() != null
                && t.source().system() == SourceSystem.SERVICENOW).orElse(false);
        if (isServiceNowRecord) {
            directory.serviceNowRecord(targetId).ifPresent(record -> add(writes, key, new ServiceNowJournalEntry(
                    targetId, record.table(), record.sysId(), text, properties.actor(), visibility, null)));
        } else {
            add(writes, key, new JiraComment(targetId, jiraKey(targetId), text, properties.actor(), visibility, null));
        }
    }

    /** The SLA state goes to the package in Jira (field or label, and a comment) and to its incident as a work note. */
    private void sla(List<QueuedWrite> writes, String key, String workPackageId, String state, String label,
                     String text) {
        Map<String, Object> fields;
        if (properties.slaField() != null && !properties.slaField().isBlank()) {
            fields = Map.of(properties.slaField(), state);
        } else {
            // added, not set: the stored labels can be older than the issue's (an escalated level's, say), and a
            // replaced set would drop the bridge's own labels that later look-ups find the issue by
            fields = Map.of(JiraUpdateFields.ADD_LABELS, List.of(label));
        }
        String issueKey = jiraKey(workPackageId);
        add(writes, key, new JiraUpdateFields(workPackageId, issueKey, fields));
        add(writes, key, new JiraComment(workPackageId, issueKey, text, properties.actor(), CommentVisibility.INTERNAL,
                null));
        directory.serviceNowRecord(workPackageId).ifPresent(record -> add(writes, key, new ServiceNowJournalEntry(
                workPackageId, record.table(), record.sysId(), text, properties.actor(), CommentVisibility.INTERNAL,
                null)));
    }

    private JiraCreateIssue escalatedIssue(CreateEscalatedWorkPackage escalated) {
        String from = escalated.sourceWorkPackageId();
        String fromKey = directory.jiraKey(from).orElse(from);
        String description = "Escalated to level " + escalated.level() + " from " + fromKey
                + (escalated.originalWorkPackageId().equals(from) ? ""
                : " (originally " + directory.jiraKey(escalated.originalWorkPackageId())
                .orElse(escalated.originalWorkPackageId()) + ")")
                + ". SLA clock started " + escalated.attributes().slaStartedAt() + ", target "
                + hours(escalated.attributes().slaTarget()) + "; escalation does not change them.";
        Optional<WorkItem> source = directory.item(from);
        List<String> labels = new ArrayList<>(new TreeSet<>(source.map(WorkItem::labels).orElse(Set.of())));
        labels.remove(properties.escalationLabel());
        labels.add("escalated");
        labels.add("escalation-L" + escalated.level());
        return new JiraCreateIssue(escalated.workPackageId(), projectOf(escalated.targetStoryId()),
                properties.workPackageIssueType(), escalated.title(), description, jiraKey(escalated.targetStoryId()),
                directory.jiraSprintId(escalated.targetSprintId()).orElse(null),
                source.map(WorkItem::sourcePriority).orElse(null), labels, List.of(), Map.of(), List.of(), null);
    }

    /** The project of a story's issue key (OPS-1 -> OPS), or null when the story has no Jira key yet. */
    private String projectOf(String itemId) {
        String key = jiraKey(itemId);
        return key == null || key.indexOf('-') < 0 ? null : key.substring(0, key.lastIndexOf('-'));
    }

    private String jiraKey(String itemId) {
        return itemId == null ? null : directory.jiraKey(itemId).orElse(null);
    }

    private static void add(List<QueuedWrite> writes, String ruleKey, WriteCommand command) {
        writes.add(new QueuedWrite(ruleKey + "|" + command.type(), command));
    }

    private static String percent(double fraction) {
        return Math.round(fraction * 100) + " %";
    }

    private static String hours(Duration duration) {
        if (duration == null) {
            return "?";
        }
        long minutes = duration.toMinutes();
        return minutes % 60 == 0 ? minutes / 60 + " h" : minutes / 60 + " h " + minutes % 60 + " min";
    }
}
