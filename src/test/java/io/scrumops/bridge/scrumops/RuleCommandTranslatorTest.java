package io.scrumops.bridge.scrumops;

import io.scrumops.bridge.model.CanonicalStatus;
import io.scrumops.bridge.model.CommentVisibility;
import io.scrumops.bridge.model.EscalationLink;
import io.scrumops.bridge.model.Severity;
import io.scrumops.bridge.model.SourceRef;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.model.WorkItem;
import io.scrumops.bridge.model.WorkItemKind;
import io.scrumops.bridge.model.WorkPackageAttributes;
import io.scrumops.bridge.rules.AddComment;
import io.scrumops.bridge.rules.CreateEscalatedWorkPackage;
import io.scrumops.bridge.rules.MoveReason;
import io.scrumops.bridge.rules.MoveToSprint;
import io.scrumops.bridge.rules.NotifyOriginatingTeam;
import io.scrumops.bridge.rules.SlaBreached;
import io.scrumops.bridge.rules.SlaWarning;
import io.scrumops.bridge.writeback.JiraComment;
import io.scrumops.bridge.writeback.JiraCreateIssue;
import io.scrumops.bridge.writeback.JiraIssueLink;
import io.scrumops.bridge.writeback.JiraMoveToSprint;
import io.scrumops.bridge.writeback.JiraTransition;
import io.scrumops.bridge.writeback.JiraUpdateFields;
import io.scrumops.bridge.writeback.ServiceNowJournalEntry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RuleCommandTranslatorTest {

    static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    final Map<String, WorkItem> items = new HashMap<>();
    final Map<String, String> jiraKeys = new HashMap<>();
    final Map<String, ItemDirectory.ServiceNowRecordRef> serviceNow = new HashMap<>();

    final ItemDirectory directory = new ItemDirectory() {
        @Override
        public Optional<WorkItem> item(String id) {
            return Optional.ofNullable(items.get(id));
        }

        @Override
        public Optional<String> jiraKey(String id) {
            return Optional.ofNullable(jiraKeys.get(id));
        }

        @Override
        public Optional<ServiceNowRecordRef> serviceNowRecord(String id) {
            return Optional.ofNullable(serviceNow.get(id));
        }

        @Override
        public Optional<String> jiraSprintId(String sprintId) {
            return Optional.ofNullable(sprintId).map(s -> s.substring(s.lastIndexOf(':') + 1));
        }
    };

    RuleCommandTranslator translator(ScrumOpsRulesProperties properties) {
        return new RuleCommandTranslator(directory, properties);
    }

    RuleCommandTranslator translator() {
        return translator(ScrumOpsRulesProperties.defaults());
    }

    {
        items.put("jira:issue:11", workPackage("jira:issue:11", Set.of("incident", "escalate")));
        jiraKeys.put("jira:issue:11", "OPS-11");
        jiraKeys.put("jira:issue:2", "APP-1");
        serviceNow.put("jira:issue:11", new ItemDirectory.ServiceNowRecordRef("incident", "abc123"));
        items.put("servicenow:incident:abc123", new WorkItem("servicenow:incident:abc123", WorkItemKind.INCIDENT,
                new SourceRef(SourceSystem.SERVICENOW, "incident", "abc123", "INC0010001", null, 1, T0), "Down",
                null, CanonicalStatus.IN_PROGRESS, "2", Severity.SEV2, "2", null, null, null, null, null, null,
                Set.of(), T0, T0, null, null, null));
        serviceNow.put("servicenow:incident:abc123", new ItemDirectory.ServiceNowRecordRef("incident", "abc123"));
    }

    @Test
    void movesAnItemIntoTheJiraSprintUnderTheRolloverKey() {
        var writes = translator().translate(new MoveToSprint("jira:issue:11", "jira:sprint:7", "jira:sprint:8",
                MoveReason.INCOMPLETE_WORK_PACKAGE));

        assertThat(writes).singleElement().satisfies(w -> {
            assertThat(w.idempotencyKey()).isEqualTo("rollover:jira:issue:11:jira:sprint:8|JiraMoveToSprint");
            assertThat(w.command()).isEqualTo(new JiraMoveToSprint("jira:issue:11", "OPS-11", "8"));
        });
    }

    @Test
    void commentOnAnIncidentBecomesAWorkNoteAndOnAPackageAJiraComment() {
        var onIncident = translator().translate(new AddComment("servicenow:incident:abc123", "escalated:L2", "text",
                CommentVisibility.INTERNAL));
        var onPackage = translator().translate(new AddComment("jira:issue:11", "escalated:L2", "text",
                CommentVisibility.INTERNAL));

        assertThat(onIncident).singleElement().extracting(QueuedWrite::command).isEqualTo(new ServiceNowJournalEntry(
                "servicenow:incident:abc123", "incident", "abc123", "text", "scrumops-bridge",
                CommentVisibility.INTERNAL, null));
        assertThat(onPackage).singleElement().extracting(QueuedWrite::command).isEqualTo(new JiraComment(
                "jira:issue:11", "OPS-11", "text", "scrumops-bridge", CommentVisibility.INTERNAL, null));
    }

    @Test
    void notifiesTheOriginatingTeamWithACommentAndTheConfiguredTransition() {
        var notify = new NotifyOriginatingTeam("jira:issue:11", "jira:issue:1", "jira:issue:11#L2", 2, "done at L2");
        var withTransition = new ScrumOpsRulesProperties(null, "escalate", null, CanonicalStatus.IN_PROGRESS, null,
                null, null, null, false, null, null);

        assertThat(translator().translate(notify)).extracting(QueuedWrite::command)
                .containsExactly(new JiraComment("jira:issue:11", "OPS-11", "done at L2", "scrumops-bridge",
                        CommentVisibility.INTERNAL, null));
        assertThat(translator(withTransition).translate(notify)).extracting(QueuedWrite::command)
                .containsExactly(new JiraComment("jira:issue:11", "OPS-11", "done at L2", "scrumops-bridge",
                                CommentVisibility.INTERNAL, null),
                        new JiraTransition("jira:issue:11", "OPS-11", CanonicalStatus.IN_PROGRESS, Map.of()));
    }

    @Test
    void slaWarningAddsTheLabelCommentsInJiraAndNotesTheIncident() {
        var warning = new SlaWarning("jira:issue:11", 0.5, Duration.ofHours(12), Duration.ofHours(12),
                T0.plus(Duration.ofHours(24)));

        var writes = translator().translate(warning);

        assertThat(writes).extracting(QueuedWrite::idempotencyKey).containsExactly(
                "sla-warning:jira:issue:11:0.5|JiraUpdateFields", "sla-warning:jira:issue:11:0.5|JiraComment",
                "sla-warning:jira:issue:11:0.5|ServiceNowJournalEntry");
        assertThat(writes.get(0).command()).isEqualTo(new JiraUpdateFields("jira:issue:11", "OPS-11",
                Map.of(JiraUpdateFields.ADD_LABELS, List.of("sla-at-risk"))));
        assertThat(((JiraComment) writes.get(1).command()).body()).startsWith("SLA at risk: 50 % of the target used");
        assertThat(writes.get(2).command()).isInstanceOfSatisfying(ServiceNowJournalEntry.class, note -> {
            assertThat(note.sysId()).isEqualTo("abc123");
            assertThat(note.visibility()).isEqualTo(CommentVisibility.INTERNAL);
        });
    }

    @Test
    void slaBreachSetsTheConfiguredFieldInsteadOfALabel() {
        var withField = new ScrumOpsRulesProperties(null, "escalate", null, null, "customfield_10300", null, null,
                null, false, null, null);

        var writes = translator(withField).translate(new SlaBreached("jira:issue:11", Duration.ofHours(24),
                T0.plus(Duration.ofHours(24))));

        assertThat(writes.get(0).command()).isEqualTo(new JiraUpdateFields("jira:issue:11", "OPS-11",
                Map.of("customfield_10300", "BREACHED")));
        assertThat(writes).extracting(w -> w.command().type())
                .containsExactly("JiraUpdateFields", "JiraComment", "ServiceNowJournalEntry");
    }

    @Test
    void escalatedPackageIsCreatedUnderTheTargetStoryInItsSprintWithoutTheEscalationLabelAndLinkedToItsSource() {
        var link = new EscalationLink("jira:issue:11", "jira:issue:11#L2", "jira:issue:1", "jira:issue:2", 2, T0,
                "admin", null);
        var attributes = new WorkPackageAttributes("jira:issue:2", null, Severity.SEV2, null, T0,
                Duration.ofHours(24), 2, "jira:issue:11", List.of(link));

        var writes = translator().translate(new CreateEscalatedWorkPackage("jira:issue:11#L2", "jira:issue:11",
                "jira:issue:11", "jira:issue:2", "jira:sprint:21", "Checkout down", attributes));

        assertThat(writes).hasSize(2);
        assertThat(writes.get(0)).satisfies(w -> {
            assertThat(w.idempotencyKey()).isEqualTo("escalate:jira:issue:11:L2|JiraCreateIssue");
            JiraCreateIssue create = (JiraCreateIssue) w.command();
            assertThat(create.workItemId()).isEqualTo("jira:issue:11#L2");
            assertThat(create.projectKey()).isEqualTo("APP");
            assertThat(create.parentKey()).isEqualTo("APP-1");
            assertThat(create.sprintId()).isEqualTo("21");
            assertThat(create.issueType()).isEqualTo("Work Package");
            assertThat(create.labels()).containsExactly("incident", "escalated", "escalation-L2");
            assertThat(create.description()).contains("from OPS-11").contains("target 24 h");
        });
        assertThat(writes.get(1).idempotencyKey()).isEqualTo("escalate:jira:issue:11:L2|JiraIssueLink");
        assertThat(writes.get(1).command())
                .isEqualTo(new JiraIssueLink("jira:issue:11#L2", null, "Relates", "OPS-11"));
    }

    static WorkItem workPackage(String id, Set<String> labels) {
        return new WorkItem(id, WorkItemKind.WORK_PACKAGE,
                new SourceRef(SourceSystem.JIRA, "issue", id.substring(id.lastIndexOf(':') + 1), "OPS-11", null, 1, T0),
                "Checkout down", null, CanonicalStatus.IN_PROGRESS, "In Progress", Severity.SEV2, "High", null, null,
                null, "ops-l1", "jira:issue:1", "jira:sprint:7", labels, T0, T0, null, null,
                new WorkPackageAttributes("jira:issue:1", null, Severity.SEV2, null, T0, Duration.ofHours(24), 1, null,
                        List.of()));
    }
}
