package io.scrumops.bridge.rules;

import io.scrumops.bridge.model.Severity;
import io.scrumops.bridge.model.WorkItem;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.scrumops.bridge.rules.Items.operational;
import static io.scrumops.bridge.rules.Items.story;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkPackageFactoryTest {

    private static final Instant NOW = Instant.parse("2026-03-04T10:00:00Z");
    private static final Instant OPENED = Instant.parse("2026-03-04T09:42:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private static final WorkPackageTemplate SEV1 = new WorkPackageTemplate("sev1-incident", Severity.SEV1, null,
            "Work Package", Set.of("sev1"), List.of("operations"), List.of(
            new TaskTemplate("triage", "Triage", 0.5, null, null, null),
            new TaskTemplate("fix", "Fix", 3.0, "Task", Set.of("fix"), List.of("backend"))));

    private final WorkPackageFactory factory = new WorkPackageFactory(new WorkPackageTemplates(List.of(SEV1)),
            SlaPolicies.of(SlaPolicy.defaults()));

    private static final WorkItem QUERIES = story("queries", "helpdesk", "s1", operational("default"));

    @Test
    void instantiatesTheTemplateAndFixesTheSlaAtCreation() {
        WorkPackageCreation creation = factory.create(
                new NewWorkPackage("wp-inc1", "Checkout down", Severity.SEV1, "website", "servicenow:incident:1", OPENED),
                QUERIES, CLOCK);

        assertThat(creation.create().slaStartedAt()).isEqualTo(OPENED);
        assertThat(creation.create().slaTarget()).isEqualTo(Duration.ofHours(6));
        assertThat(creation.create().sprintId()).isEqualTo("s1");
        assertThat(creation.create().templateId()).isEqualTo("sev1-incident");
        assertThat(creation.create().components()).containsExactly("operations");
        assertThat(creation.workPackage().workPackage().slaStartedAt()).isEqualTo(OPENED);
        assertThat(creation.workPackage().workPackage().escalationLevel()).isEqualTo(1);
        assertThat(creation.tasks()).extracting(CreateTask::taskId, CreateTask::issueType, CreateTask::estimate)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("wp-inc1/triage", "Sub-task", 0.5),
                        org.assertj.core.groups.Tuple.tuple("wp-inc1/fix", "Task", 3.0));
        assertThat(creation.commands()).extracting(RuleCommand::idempotencyKey)
                .containsExactly("work-package:wp-inc1", "task:wp-inc1:triage", "task:wp-inc1:fix");
    }

    @Test
    void startsTheClockAtCreationWhenTheArrivalTimeIsUnknown() {
        WorkPackageCreation creation = factory.create(
                new NewWorkPackage("wp", "x", Severity.SEV2, null, null, null), QUERIES, CLOCK);

        assertThat(creation.create().slaStartedAt()).isEqualTo(NOW);
        assertThat(creation.create().slaTarget()).isEqualTo(Duration.ofHours(24));
        assertThat(creation.tasks()).isEmpty();
        assertThat(creation.template()).isNull();
    }

    @Test
    void givesNoSlaUnderAStoryWithoutSlaOrForASeverityWithoutTarget() {
        WorkItem noSla = story("plain", "ops", "s1", operational(null));

        for (WorkPackageCreation creation : List.of(
                factory.create(new NewWorkPackage("a", "x", Severity.SEV1, null, null, OPENED), noSla, CLOCK),
                factory.create(new NewWorkPackage("b", "x", Severity.SEV3, null, null, OPENED), QUERIES, CLOCK))) {
            assertThat(creation.create().slaStartedAt()).isNull();
            assertThat(creation.create().slaTarget()).isNull();
        }
    }

    @Test
    void refusesAStoryNamingAnUnknownPolicy() {
        WorkItem unknown = story("q", "ops", "s1", operational("gold"));

        assertThatThrownBy(() -> factory.create(new NewWorkPackage("a", "x", Severity.SEV1, null, null, OPENED),
                unknown, CLOCK)).isInstanceOf(UnknownSlaPolicyException.class).hasMessageContaining("gold");
    }

    @Test
    void keepsStoryTeamOnThePackage() {
        WorkPackageCreation creation = factory.create(new NewWorkPackage("a", "x", Severity.SEV1, null, null, OPENED),
                QUERIES, CLOCK);

        assertThat(creation.workPackage().team()).isEqualTo("helpdesk");
        assertThat(creation.workPackage().parentId()).isEqualTo("queries");
        assertThat(Map.of("labels", creation.workPackage().labels())).containsEntry("labels", Set.of("sev1"));
    }
}
