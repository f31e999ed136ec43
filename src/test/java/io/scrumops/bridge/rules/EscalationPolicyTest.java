package io.scrumops.bridge.rules;

import io.scrumops.bridge.model.CanonicalStatus;
import io.scrumops.bridge.model.CommentVisibility;
import io.scrumops.bridge.model.EscalationLink;
import io.scrumops.bridge.model.Severity;
import io.scrumops.bridge.model.Sprint;
import io.scrumops.bridge.model.SprintState;
import io.scrumops.bridge.model.WorkItem;
import io.scrumops.bridge.model.WorkPackageAttributes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

import static io.scrumops.bridge.rules.Items.attributes;
import static io.scrumops.bridge.rules.Items.escalating;
import static io.scrumops.bridge.rules.Items.operational;
import static io.scrumops.bridge.rules.Items.sprint;
import static io.scrumops.bridge.rules.Items.story;
import static io.scrumops.bridge.rules.Items.workPackage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class EscalationPolicyTest {

    private static final Instant SPRINT_START = Instant.parse("2026-03-02T08:00:00Z");
    private static final Instant SLA_START = Instant.parse("2026-03-05T09:00:00Z");
    private static final Duration SLA_TARGET = Duration.ofHours(6);
    private static final Instant L1_AT = Instant.parse("2026-03-05T10:00:00Z");
    private static final Instant L2_AT = Instant.parse("2026-03-05T11:30:00Z");

    private final EscalationPolicy policy = new EscalationPolicy();

    private static final List<Sprint> SPRINTS = List.of(
            sprint("s-help", "helpdesk", SPRINT_START, SPRINT_START.plus(Duration.ofDays(14)), SprintState.ACTIVE),
            sprint("s-l2", "l2", SPRINT_START, SPRINT_START.plus(Duration.ofDays(14)), SprintState.ACTIVE),
            sprint("s-l3", "l3", SPRINT_START, SPRINT_START.plus(Duration.ofDays(14)), SprintState.ACTIVE),
            sprint("s-closed", "l2", SPRINT_START.minus(Duration.ofDays(14)), SPRINT_START, SprintState.CLOSED));

    private static final WorkItem HELPDESK = story("helpdesk", "helpdesk", "s-help",
            escalating("default", Map.of("website", "l2-web", "mobile", "l2-mobile", "*", "l2-general")));
    private static final WorkItem L2_WEB = story("l2-web", "l2", "s-l2",
            escalating("default", Map.of("*", "l3-web")));
    private static final WorkItem L2_MOBILE = story("l2-mobile", "l2", "s-l2", operational("default"));
    private static final WorkItem L2_GENERAL = story("l2-general", "l2", "s-l2", operational("default"));
    private static final WorkItem L3_WEB = story("l3-web", "l3", "s-l3", operational("default"));

    private static Function<String, Optional<WorkItem>> lookup(WorkItem... stories) {
        Map<String, WorkItem> byId = new HashMap<>();
        for (WorkItem s : List.of(HELPDESK, L2_WEB, L2_MOBILE, L2_GENERAL, L3_WEB)) {
            byId.put(s.id(), s);
        }
        for (WorkItem s : stories) {
            byId.put(s.id(), s);
        }
        return id -> Optional.ofNullable(byId.get(id));
    }

    private static WorkItem l1Package(String category) {
        return workPackage("wp-1", "helpdesk", "s-help", CanonicalStatus.IN_PROGRESS,
                attributes("helpdesk", Severity.SEV1, category, SLA_START, SLA_TARGET));
    }

    private static Clock at(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    private EscalationDecision.Escalated escalate(WorkItem source, WorkItem story, Instant at) {
        EscalationDecision decision = policy.decide(source, story, lookup(), SPRINTS, at(at), "alice", "needs L2");
        assertThat(decision).isInstanceOf(EscalationDecision.Escalated.class);
        return (EscalationDecision.Escalated) decision;
    }

    @ParameterizedTest(name = "category {0} goes to {1}")
    @MethodSource("routes")
    void routesByCategoryWithWildcardFallback(String category, String expectedTarget) {
        EscalationDecision.Escalated escalated = escalate(l1Package(category), HELPDESK, L1_AT);

        assertThat(escalated.escalatedPackage().workPackage().storyId()).isEqualTo(expectedTarget);
        assertThat(escalated.link().toStoryId()).isEqualTo(expectedTarget);
    }

    static Stream<Arguments> routes() {
        return Stream.of(arguments("website", "l2-web"), arguments("mobile", "l2-mobile"),
                arguments("Mobile", "l2-mobile"), arguments("social-media", "l2-general"),
                arguments(null, "l2-general"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusesWithTheRuleThatRefused(RefusalReason reason, WorkItem source, WorkItem sourceStory,
                                       Function<String, Optional<WorkItem>> lookup) {
        EscalationDecision decision = policy.decide(source, sourceStory, lookup, SPRINTS, at(L1_AT));

        assertThat(decision).isInstanceOf(EscalationDecision.Refused.class);
        EscalationDecision.Refused refused = (EscalationDecision.Refused) decision;
        assertThat(refused.reason()).isEqualTo(reason);
        assertThat(refused.message()).startsWith(reason.rule());
    }

    static Stream<Arguments> refusals() {
        WorkItem open = l1Package("website");
        WorkItem noEscalation = story("helpdesk", "helpdesk", "s-help", operational("default"));
        WorkItem onlyMobileTarget = story("helpdesk", "helpdesk", "s-help",
                escalating("default", Map.of("mobile", "l2-mobile")));
        WorkItem missingTarget = story("helpdesk", "helpdesk", "s-help",
                escalating("default", Map.of("website", "nowhere")));
        WorkItem targetOutOfSprint = story("l2-web", "l2", "s-closed", operational("default"));
        WorkItem targetInBacklog = story("l2-web", "l2", null, operational("default"));
        WorkItem targetWithoutSla = story("l2-web", "l2", "s-l2", operational(null));
        WorkItem loopingStory = story("helpdesk", "helpdesk", "s-help",
                escalating("default", Map.of("*", "helpdesk")));
        WorkItem task = Items.task("t-1", "wp-1", "helpdesk", CanonicalStatus.IN_PROGRESS);
        return Stream.of(
                arguments(RefusalReason.NOT_A_WORK_PACKAGE, task, HELPDESK, lookup()),
                arguments(RefusalReason.NOT_UNDER_SOURCE_STORY, open, L2_WEB, lookup()),
                arguments(RefusalReason.ALREADY_DONE, open.withStatus(CanonicalStatus.DONE, L1_AT), HELPDESK, lookup()),
                arguments(RefusalReason.ALREADY_DONE, open.withStatus(CanonicalStatus.CANCELLED, L1_AT), HELPDESK,
                        lookup()),
                arguments(RefusalReason.ESCALATION_NOT_ALLOWED, open, noEscalation, lookup()),
                arguments(RefusalReason.NO_TARGET_FOR_CATEGORY, open, onlyMobileTarget, lookup()),
                arguments(RefusalReason.TARGET_STORY_NOT_FOUND, open, missingTarget, lookup()),
                arguments(RefusalReason.TARGET_ALREADY_IN_CHAIN, open, loopingStory, lookup()),
                arguments(RefusalReason.TARGET_NOT_IN_ONGOING_SPRINT, open, HELPDESK, lookup(targetOutOfSprint)),
                arguments(RefusalReason.TARGET_NOT_IN_ONGOING_SPRINT, open, HELPDESK, lookup(targetInBacklog)),
                arguments(RefusalReason.SLA_MISMATCH, open, HELPDESK, lookup(targetWithoutSla)),
                arguments(RefusalReason.SLA_MISMATCH,
                        workPackage("wp-1", "helpdesk", "s-help", CanonicalStatus.NEW),
                        story("helpdesk", "helpdesk", "s-help", escalating(null, Map.of("*", "l2-web"))), lookup()));
    }

    @Test
    void refusesWhenTheTargetSprintHasNotStartedOrHasEnded() {
        Sprint future = sprint("s-l2", "l2", L1_AT.plusSeconds(60), L1_AT.plus(Duration.ofDays(14)), SprintState.ACTIVE);
        Sprint ended = sprint("s-l2", "l2", SPRINT_START, L1_AT, SprintState.ACTIVE);

        for (Sprint sprint : List.of(future, ended)) {
            EscalationDecision decision = policy.decide(l1Package("website"), HELPDESK, lookup(), List.of(sprint),
                    at(L1_AT));
            assertThat(decision).isInstanceOfSatisfying(EscalationDecision.Refused.class,
                    refused -> assertThat(refused.reason()).isEqualTo(RefusalReason.TARGET_NOT_IN_ONGOING_SPRINT));
        }
    }

    @Test
    void escalatesBetweenStoriesThatBothCarryNoSla() {
        WorkItem source = story("helpdesk", "helpdesk", "s-help", escalating(null, Map.of("*", "l2-web")));
        WorkItem target = story("l2-web", "l2", "s-l2", operational(null));
        WorkItem workPackage = workPackage("wp-1", "helpdesk", "s-help", CanonicalStatus.IN_PROGRESS);

        assertThat(policy.decide(workPackage, source, lookup(target), SPRINTS, at(L1_AT)))
                .isInstanceOf(EscalationDecision.Escalated.class);
    }

    @Test
    void keepsSlaClockThroughEscalation() {
        WorkItem l1 = l1Package("website");
        WorkItem l2 = escalate(l1, HELPDESK, L1_AT).escalatedPackage();
        WorkItem l3 = escalate(l2, L2_WEB, L2_AT).escalatedPackage();

        for (WorkItem item : List.of(l2, l3)) {
            assertThat(item.workPackage().slaStartedAt()).isEqualTo(SLA_START);
            assertThat(item.workPackage().slaTarget()).isEqualTo(SLA_TARGET);
            assertThat(item.workPackage().severity()).isEqualTo(Severity.SEV1);
            assertThat(item.workPackage().category()).isEqualTo("website");
        }
        SlaClock clock = new SlaClock();
        Instant later = SLA_START.plus(Duration.ofHours(5));
        assertThat(clock.evaluate(l3, List.of(), SlaPolicy.defaults(), later).orElseThrow().deadline())
                .isEqualTo(clock.evaluate(l1, List.of(), SlaPolicy.defaults(), later).orElseThrow().deadline())
                .isEqualTo(SLA_START.plus(SLA_TARGET));
    }

    @Test
    void escalatesThroughThreeLevelsLinkingEachToTheOriginal() {
        WorkItem l1 = l1Package("website");
        EscalationDecision.Escalated toL2 = escalate(l1, HELPDESK, L1_AT);
        EscalationDecision.Escalated toL3 = escalate(toL2.escalatedPackage(), L2_WEB, L2_AT);
        WorkPackageAttributes l2 = toL2.escalatedPackage().workPackage();
        WorkPackageAttributes l3 = toL3.escalatedPackage().workPackage();

        assertThat(l2.escalationLevel()).isEqualTo(2);
        assertThat(l3.escalationLevel()).isEqualTo(3);
        assertThat(l2.escalatedFromId()).isEqualTo("wp-1");
        assertThat(l3.escalatedFromId()).isEqualTo(toL2.escalatedPackage().id());
        assertThat(l3.storyId()).isEqualTo("l3-web");
        assertThat(toL3.escalatedPackage().sprintId()).isEqualTo("s-l3");
        assertThat(l3.escalations()).extracting(EscalationLink::fromWorkPackageId, EscalationLink::fromStoryId,
                        EscalationLink::toStoryId, EscalationLink::level, EscalationLink::escalatedAt)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("wp-1", "helpdesk", "l2-web", 2, L1_AT),
                        org.assertj.core.groups.Tuple.tuple(toL2.escalatedPackage().id(), "l2-web", "l3-web", 3, L2_AT));

        CreateEscalatedWorkPackage create = (CreateEscalatedWorkPackage) toL3.commands().get(0);
        assertThat(create.originalWorkPackageId()).isEqualTo("wp-1");
        assertThat(create.level()).isEqualTo(3);
        assertThat(create.attributes()).isEqualTo(l3);
        assertThat(toL3.commands()).filteredOn(AddComment.class::isInstance)
                .extracting(c -> ((AddComment) c).targetItemId())
                .as("every team of the chain sees the step")
                .containsExactly("wp-1", toL2.escalatedPackage().id());
    }

    @Test
    void givesTheSameIdempotencyKeysWhenDecidedAgain() {
        WorkItem l1 = l1Package("website");
        List<String> first = escalate(l1, HELPDESK, L1_AT).commands().stream().map(RuleCommand::idempotencyKey).toList();
        List<String> again = escalate(l1, HELPDESK, L1_AT.plusSeconds(90)).commands().stream()
                .map(RuleCommand::idempotencyKey).toList();

        assertThat(again).isEqualTo(first).contains("escalate:wp-1:L2", "comment:wp-1:escalated:L2");
    }

    @Test
    void notifiesOriginatingTeamWhenTheHighestLevelCompletes() {
        WorkItem l2 = escalate(l1Package("website"), HELPDESK, L1_AT).escalatedPackage();
        WorkItem l3 = escalate(l2, L2_WEB, L2_AT).escalatedPackage();
        WorkItem l3Done = l3.withStatus(CanonicalStatus.DONE, L2_AT.plus(Duration.ofHours(2)));

        EscalationCompletion completion = policy.onCompletion(l3Done, "servicenow:incident:INC0012345").orElseThrow();

        assertThat(completion.completedLevel()).isEqualTo(3);
        assertThat(completion.originalWorkPackageId()).isEqualTo("wp-1");
        assertThat(completion.originatingStoryId()).isEqualTo("helpdesk");
        assertThat(completion.commands()).first().isInstanceOfSatisfying(NotifyOriginatingTeam.class, n -> {
            assertThat(n.originalWorkPackageId()).isEqualTo("wp-1");
            assertThat(n.completedWorkPackageId()).isEqualTo(l3.id());
            assertThat(n.completedLevel()).isEqualTo(3);
        });
        assertThat(completion.commands()).filteredOn(AddComment.class::isInstance).map(AddComment.class::cast)
                .extracting(AddComment::targetItemId, AddComment::visibility)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("wp-1", CommentVisibility.INTERNAL),
                        org.assertj.core.groups.Tuple.tuple(l2.id(), CommentVisibility.INTERNAL),
                        org.assertj.core.groups.Tuple.tuple("servicenow:incident:INC0012345", CommentVisibility.INTERNAL));
    }

    @Test
    void leavesOutTheIncidentWorkNoteWhenThereIsNoIncident() {
        WorkItem l2 = escalate(l1Package("website"), HELPDESK, L1_AT).escalatedPackage();

        EscalationCompletion completion = policy.onCompletion(l2.withStatus(CanonicalStatus.RESOLVED, L2_AT), null)
                .orElseThrow();

        assertThat(completion.commands()).hasSize(2);
        assertThat(completion.commands()).extracting(RuleCommand::idempotencyKey).containsExactly(
                "escalation-completed:wp-1:" + l2.id(), "comment:wp-1:escalation-completed:" + l2.id());
    }

    @Test
    void decidesNothingOnCompletionOfAnOpenOrUnescalatedPackage() {
        WorkItem l1 = l1Package("website");
        WorkItem l2 = escalate(l1, HELPDESK, L1_AT).escalatedPackage();

        assertThat(policy.onCompletion(l2, "inc")).isEmpty();
        assertThat(policy.onCompletion(l1.withStatus(CanonicalStatus.DONE, L2_AT), "inc")).isEmpty();
    }
}
