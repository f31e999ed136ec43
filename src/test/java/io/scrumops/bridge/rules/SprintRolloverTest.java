package io.scrumops.bridge.rules;

import io.scrumops.bridge.model.CanonicalStatus;
import io.scrumops.bridge.model.Recurrence;
import io.scrumops.bridge.model.Severity;
import io.scrumops.bridge.model.Sprint;
import io.scrumops.bridge.model.SprintState;
import io.scrumops.bridge.model.StoryAttributes;
import io.scrumops.bridge.model.TeamScope;
import io.scrumops.bridge.model.WorkItem;
import io.scrumops.bridge.model.WorkPackageAttributes;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.scrumops.bridge.model.CanonicalStatus.DONE;
import static io.scrumops.bridge.model.CanonicalStatus.IN_PROGRESS;
import static io.scrumops.bridge.model.CanonicalStatus.NEW;
import static io.scrumops.bridge.model.CanonicalStatus.REJECTED;
import static io.scrumops.bridge.rules.Items.finiteStory;
import static io.scrumops.bridge.rules.Items.recurringStory;
import static io.scrumops.bridge.rules.Items.story;
import static io.scrumops.bridge.rules.Items.task;
import static io.scrumops.bridge.rules.Items.workPackage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

class SprintRolloverTest {

    private static final Instant START = Instant.parse("2026-03-02T08:00:00Z");
    private static final Sprint CLOSING = Items.sprint("s1", "ops", START, START.plus(Duration.ofDays(14)),
            SprintState.ACTIVE);
    private static final Sprint NEXT = Items.sprint("s2", "ops", START.plus(Duration.ofDays(14)),
            START.plus(Duration.ofDays(28)), SprintState.FUTURE);

    private final SprintRollover rollover = new SprintRollover(RolloverSettings.defaults());

    private static WorkItem dormant(String id, String sprintId) {
        return story(id, "ops", sprintId, new StoryAttributes(Recurrence.RECURRING, TeamScope.SINGLE_TEAM, "po",
                null, false, null, true, null, null));
    }

    private static WorkItem escalatedPackage(String id, String storyId, CanonicalStatus status) {
        WorkPackageAttributes attributes = new WorkPackageAttributes(storyId, null, Severity.SEV1, "website",
                START, Duration.ofHours(6), 2, "wp-l1", List.of());
        return workPackage(id, storyId, "s1", status, attributes);
    }

    @Test
    void carriesRecurringWorkOverAndReportsFiniteWork() {
        List<WorkItem> items = List.of(
                recurringStory("queries", "s1"),
                workPackage("wp-open", "queries", "s1", IN_PROGRESS),
                workPackage("wp-rejected", "queries", "s1", REJECTED),
                workPackage("wp-done", "queries", "s1", DONE),
                task("t-open", "wp-open", "ops", NEW),
                task("t-done", "wp-open", "ops", DONE),
                finiteStory("feature", "s1", IN_PROGRESS),
                task("t-feature", "feature", "ops", IN_PROGRESS),
                finiteStory("finished", "s1", DONE),
                recurringStory("l2-support", "s1"),
                escalatedPackage("wp-escalated", "l2-support", IN_PROGRESS),
                escalatedPackage("wp-escalated-done", "l2-support", DONE),
                finiteStory("finite-with-escalation", "s1", IN_PROGRESS),
                escalatedPackage("wp-escalated-finite", "finite-with-escalation", NEW),
                workPackage("wp-finite-plain", "finite-with-escalation", "s1", NEW),
                dormant("hiring", null),
                dormant("audits", null),
                workPackage("wp-audit", "audits", null, NEW),
                dormant("reports", null),
                recurringStory("other-sprint", "s0"));

        RolloverDecision decision = rollover.decide(CLOSING, NEXT, items, Set.of("reports"));

        assertThat(decision.moves()).extracting(MoveToSprint::itemId, MoveToSprint::fromSprintId, MoveToSprint::reason)
                .containsExactly(
                        tuple("queries", "s1", MoveReason.RECURRING_STORY),
                        tuple("wp-open", "s1", MoveReason.INCOMPLETE_WORK_PACKAGE),
                        tuple("t-open", "s1", MoveReason.INCOMPLETE_TASK),
                        tuple("wp-rejected", "s1", MoveReason.REJECTED_WORK_PACKAGE),
                        tuple("l2-support", "s1", MoveReason.RECURRING_STORY),
                        tuple("wp-escalated", "s1", MoveReason.ESCALATED_WORK_PACKAGE),
                        tuple("finite-with-escalation", "s1", MoveReason.STORY_HOLDS_ESCALATED_WORK_PACKAGE),
                        tuple("wp-escalated-finite", "s1", MoveReason.ESCALATED_WORK_PACKAGE),
                        tuple("audits", null, MoveReason.DORMANT_STORY_TRIGGERED),
                        tuple("wp-audit", null, MoveReason.INCOMPLETE_WORK_PACKAGE),
                        tuple("reports", null, MoveReason.DORMANT_STORY_TRIGGERED));
        assertThat(decision.moves()).allSatisfy(move -> assertThat(move.toSprintId()).isEqualTo("s2"));
        assertThat(decision.unfinished()).containsExactly(
                new UnfinishedStory("feature", "po", true, List.of("t-feature")),
                new UnfinishedStory("finite-with-escalation", "po", true, List.of("wp-finite-plain")));
        assertThat(decision.dormantNotScheduled()).containsExactly("hiring");
        assertThat(decision.commands()).extracting(RuleCommand::idempotencyKey).contains("rollover:queries:s2");
    }

    @Test
    void leavesADormantStoryAloneUnlessTriggeredExplicitlyWhenOpenWorkDoesNotTrigger() {
        SprintRollover explicitOnly = new SprintRollover(new RolloverSettings(false, true));
        List<WorkItem> items = List.of(dormant("audits", "s1"), workPackage("wp-audit", "audits", "s1", NEW));

        assertThat(explicitOnly.decide(CLOSING, NEXT, items, Set.of()).moves()).isEmpty();
        assertThat(explicitOnly.decide(CLOSING, NEXT, items, Set.of("audits")).moves())
                .extracting(MoveToSprint::itemId).containsExactly("audits", "wp-audit");
    }

    @Test
    void listsEachTeamsEstimateAndTasksOfAMultiTeamStory() {
        WorkItem shared = story("infra", "ops", "s1", new StoryAttributes(Recurrence.RECURRING, TeamScope.MULTI_TEAM,
                "po", null, false, null, false, List.of("hardware", "software"), Map.of("hardware", 8.0,
                "software", 5.0, "testing", 3.0)));
        List<WorkItem> items = List.of(shared,
                task("hw-1", "infra", "hardware", DONE), task("hw-2", "infra", "hardware", IN_PROGRESS),
                task("sw-1", "infra", "software", NEW), workPackage("wp-cfg", "infra", "s1", NEW),
                task("cfg-1", "wp-cfg", "config", NEW));

        RolloverDecision decision = rollover.decide(CLOSING, NEXT, items, Set.of());

        assertThat(decision.teamPortions()).containsExactly(
                new TeamPortion("infra", "hardware", 8.0, List.of("hw-2"), List.of("hw-1")),
                new TeamPortion("infra", "software", 5.0, List.of("sw-1"), List.of()),
                new TeamPortion("infra", "testing", 3.0, List.of(), List.of()),
                new TeamPortion("infra", "config", null, List.of("cfg-1"), List.of()));
    }

    @Test
    void leavesTaskMovesToTheTrackerWhenConfigured() {
        SprintRollover packagesOnly = new SprintRollover(new RolloverSettings(true, false));
        List<WorkItem> items = List.of(recurringStory("queries", "s1"), workPackage("wp", "queries", "s1", NEW),
                task("t", "wp", "ops", NEW));

        assertThat(packagesOnly.decide(CLOSING, NEXT, items, Set.of()).moves()).extracting(MoveToSprint::itemId)
                .containsExactly("queries", "wp");
    }

    @Test
    void refusesToRollASprintIntoItselfOrIntoAnotherTeamsSprint() {
        Sprint otherTeam = Items.sprint("dev-2", "dev", NEXT.start(), NEXT.end(), SprintState.FUTURE);

        assertThatThrownBy(() -> rollover.decide(CLOSING, CLOSING, List.of(), Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> rollover.decide(CLOSING, otherTeam, List.of(), Set.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("team dev");
    }
}
