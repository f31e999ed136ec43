package io.scrumops.bridge.gates;

import io.scrumops.bridge.model.BlockingItem;
import io.scrumops.bridge.model.CriterionKind;
import io.scrumops.bridge.model.CriterionOutcome;
import io.scrumops.bridge.model.CriterionState;
import io.scrumops.bridge.model.DeploymentStatus;
import io.scrumops.bridge.model.Gate;
import io.scrumops.bridge.model.GateCriterion;
import io.scrumops.bridge.model.GateEvaluation;
import io.scrumops.bridge.model.GateVerdict;
import io.scrumops.bridge.model.Release;
import io.scrumops.bridge.model.Severity;
import io.scrumops.bridge.model.SignOff;
import io.scrumops.bridge.model.WorkItemKind;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Judges a gate on the evidence: a pure function of the gate, the evidence and the time. A gate is BLOCKED when any
 * criterion is unmet, PENDING when none is unmet but one cannot be decided yet (a remote query that has not
 * answered), PASSED when all are met.
 */
public final class GateEvaluator {

    /** The approval value ServiceNow gives an approved change request. */
    public static final String APPROVED = "approved";
    public static final String APPROVAL_FIELD = "approval";

    private GateEvaluator() {
    }

    public static GateEvaluation evaluate(Release release, Gate gate, ReleaseEvidence evidence, Instant now) {
        return evaluate(release, gate, evidence, now, null);
    }

    /**
     * Judges the gate, taking the outcome of each criterion on the release's items from {@code itemOutcomes} when
     * given: the stored evaluation of the gate, made on the same items (same evidence revisions).
     */
    public static GateEvaluation evaluate(Release release, Gate gate, ReleaseEvidence evidence, Instant now,
                                          GateEvaluation itemOutcomes) {
        List<CriterionOutcome> outcomes = gate.criteria().stream()
                .map(criterion -> itemOutcomes != null && KeptEvidence.readsItems(criterion.kind())
                        ? stored(itemOutcomes, criterion).orElseGet(() -> judge(gate, criterion, evidence))
                        : judge(gate, criterion, evidence)).toList();
        GateVerdict verdict = outcomes.stream().anyMatch(o -> o.state() == CriterionState.UNMET) ? GateVerdict.BLOCKED
                : outcomes.stream().anyMatch(o -> o.state() == CriterionState.UNKNOWN) ? GateVerdict.PENDING
                : GateVerdict.PASSED;
        return new GateEvaluation(release.id(), gate.id(), verdict, outcomes, now);
    }

    private static java.util.Optional<CriterionOutcome> stored(GateEvaluation evaluation, GateCriterion criterion) {
        return evaluation.criteria().stream()
                .filter(o -> o.criterionId().equals(criterion.id()) && o.kind() == criterion.kind()).findFirst();
    }

    /** The criterion kinds that a change of this sort of evidence can move. */
    public static Set<CriterionKind> touchedBy(Touch touch) {
        return switch (touch) {
            case RELEASE_ITEM -> EnumSet.of(CriterionKind.NO_OPEN_DEFECTS, CriterionKind.ALL_STORIES_DONE,
                    CriterionKind.TEST_EXECUTION_COMPLETE);
            case PRODUCT_INCIDENT -> EnumSet.of(CriterionKind.NO_OPEN_INCIDENTS);
            case DEPLOYMENT -> EnumSet.of(CriterionKind.DEPLOYED_TO);
            case CHANGE_REQUEST -> EnumSet.of(CriterionKind.CHANGE_APPROVED);
            case REMOTE_QUERY -> EnumSet.of(CriterionKind.REMOTE_QUERY_EMPTY);
            case SIGN_OFF -> EnumSet.of(CriterionKind.SIGN_OFF);
        };
    }

    /** Whether a change of this sort touches the gate at all. */
    public static boolean touches(Gate gate, Touch touch) {
        Set<CriterionKind> kinds = touchedBy(touch);
        return gate.criteria().stream().anyMatch(c -> kinds.contains(c.kind()));
    }

    /** The sorts of evidence that change independently. */
    public enum Touch {
        RELEASE_ITEM, PRODUCT_INCIDENT, DEPLOYMENT, CHANGE_REQUEST, REMOTE_QUERY, SIGN_OFF
    }

    static CriterionOutcome judge(Gate gate, GateCriterion criterion, ReleaseEvidence evidence) {
        return switch (criterion.kind()) {
            case NO_OPEN_DEFECTS -> evidence.openCounts() != null
                    ? openCount(criterion, evidence.openCounts().openDefectsAtOrAbove(criterion.severity()),
                    "open defect(s) at or above " + criterion.severity())
                    : openItems(criterion, evidence.releaseItems().stream()
                    .filter(i -> !i.done() && i.kind() == WorkItemKind.DEFECT && atOrAbove(i.severity(), criterion.severity()))
                    .toList(), "open defect(s) at or above " + criterion.severity());
            case NO_OPEN_INCIDENTS -> openItems(criterion, evidence.productIncidents().stream()
                    .filter(i -> !i.done() && i.severity() != null && incidentSeverities(criterion).contains(i.severity()))
                    .toList(), "open incident(s) " + incidentSeverities(criterion) + " on the product");
            case ALL_STORIES_DONE -> evidence.openCounts() != null
                    ? openCount(criterion, evidence.openCounts().openStories(), "story(ies) not done")
                    : openItems(criterion, evidence.releaseItems().stream()
                    .filter(i -> !i.done() && i.kind() == WorkItemKind.STORY).toList(), "story(ies) not done");
            case TEST_EXECUTION_COMPLETE -> testExecution(criterion, evidence);
            case DEPLOYED_TO -> deployed(criterion, evidence);
            case CHANGE_APPROVED -> changeApproved(criterion, evidence);
            case REMOTE_QUERY_EMPTY -> remote(criterion, evidence.remoteResults()
                    .get(ReleaseEvidence.remoteKey(gate.id(), criterion.id())));
            case SIGN_OFF -> signOff(criterion, evidence.signOffs().get(gate.id()));
        };
    }

    /** Whether the criterion's blocking items are the release's open memberships (kept as rows, not in the evaluation). */
    public static boolean blocksWithOpenItems(CriterionKind kind) {
        return kind == CriterionKind.NO_OPEN_DEFECTS || kind == CriterionKind.ALL_STORIES_DONE;
    }

    /**
     * The stored evaluation as a reader sees it: each unmet open-defect and open-story criterion, judged on the kept
     * counts and stored without its items, gets the release's open items that block it now, in key order.
     *
     * @param open the release's open memberships (defects with a severity, stories)
     */
    public static GateEvaluation withOpenItems(Gate gate, GateEvaluation stored, List<EvidenceItem> open) {
        if (stored == null || stored.criteria().stream().noneMatch(o -> o.state() == CriterionState.UNMET
                && blocksWithOpenItems(o.kind()) && o.blocking().isEmpty())) {
            return stored;
        }
        List<CriterionOutcome> outcomes = stored.criteria().stream().map(o -> {
            if (o.state() != CriterionState.UNMET || !blocksWithOpenItems(o.kind()) || !o.blocking().isEmpty()) {
                return o;
            }
            GateCriterion criterion = gate.criteria().stream()
                    .filter(c -> c.id().equals(o.criterionId()) && c.kind() == o.kind()).findFirst().orElse(null);
            if (criterion == null) {
                return o;
            }
            List<BlockingItem> blocking = open.stream()
                    .filter(i -> !i.done() && (criterion.kind() == CriterionKind.NO_OPEN_DEFECTS
                            ? i.kind() == WorkItemKind.DEFECT && atOrAbove(i.severity(), criterion.severity())
                            : i.kind() == WorkItemKind.STORY))
                    .sorted(Comparator.comparing(EvidenceItem::key, Comparator.nullsLast(Comparator.naturalOrder())))
                    .map(GateEvaluator::blocking).toList();
            return new CriterionOutcome(o.criterionId(), o.kind(), o.title(), o.state(), o.reason(), blocking);
        }).toList();
        return new GateEvaluation(stored.releaseId(), stored.gateId(), stored.verdict(), outcomes,
                stored.evaluatedAt());
    }

    private static CriterionOutcome openCount(GateCriterion criterion, long open, String what) {
        return open == 0 ? met(criterion, "none") : unmet(criterion, open + " " + what, List.of());
    }

    /** SEV1 is the highest; an item without a severity is at or above nothing. */
    static boolean atOrAbove(Severity severity, Severity threshold) {
        if (severity == null || threshold == null) {
            return false;
        }
        return severity.ordinal() <= threshold.ordinal();
    }

    private static List<Severity> incidentSeverities(GateCriterion criterion) {
        return criterion.severities().isEmpty() ? List.of(Severity.SEV1, Severity.SEV2) : criterion.severities();
    }

    private static CriterionOutcome openItems(GateCriterion criterion, List<EvidenceItem> blocking, String what) {
        if (blocking.isEmpty()) {
            return met(criterion, "none");
        }
        return unmet(criterion, blocking.size() + " " + what, blocking.stream()
                .sorted(Comparator.comparing(EvidenceItem::key, Comparator.nullsLast(Comparator.naturalOrder())))
                .map(GateEvaluator::blocking).toList());
    }

    private static CriterionOutcome testExecution(GateCriterion criterion, ReleaseEvidence evidence) {
        List<EvidenceItem> tests = evidence.releaseItems().stream()
                .filter(i -> criterion.issueType() != null && criterion.issueType().equalsIgnoreCase(i.issueType()))
                .toList();
        int total = criterion.issueType() == null ? 0 : evidence.testCounts()
                .getOrDefault(criterion.issueType().toLowerCase(java.util.Locale.ROOT), tests.size());
        if (total == 0) {
            return unmet(criterion, "no " + criterion.issueType() + " in the release", List.of());
        }
        List<EvidenceItem> failing = tests.stream().filter(t -> !passed(criterion, t)).toList();
        if (failing.isEmpty()) {
            return met(criterion, total + " of " + total + " passed");
        }
        return unmet(criterion, failing.size() + " of " + total + " not passed",
                failing.stream().sorted(Comparator.comparing(EvidenceItem::key, Comparator.nullsLast(Comparator.naturalOrder())))
                        .map(GateEvaluator::blocking).toList());
    }

    private static boolean passed(GateCriterion criterion, EvidenceItem test) {
        String value = criterion.field() == null ? test.sourceStatus() : test.field(criterion.field());
        return value != null && criterion.passValues().stream().anyMatch(value::equalsIgnoreCase);
    }

    private static CriterionOutcome deployed(GateCriterion criterion, ReleaseEvidence evidence) {
        return evidence.deployments().stream()
                .filter(d -> d.status() == DeploymentStatus.SUCCESS && d.environment() != null
                        && d.environment().equalsIgnoreCase(criterion.environment()))
                .max(Comparator.comparing(DeploymentFact::finishedAt, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(DeploymentFact::id))
                .map(d -> met(criterion, "deployed by " + d.id()))
                .orElseGet(() -> unmet(criterion, "no successful deployment to " + criterion.environment(), List.of()));
    }

    private static CriterionOutcome changeApproved(GateCriterion criterion, ReleaseEvidence evidence) {
        EvidenceItem change = evidence.changeRequest();
        if (change == null) {
            return unmet(criterion, "no change request for the release", List.of());
        }
        String approval = change.field(APPROVAL_FIELD);
        if (approval != null && APPROVED.equals(approval.toLowerCase(Locale.ROOT))) {
            return met(criterion, change.key() + " approved");
        }
        return unmet(criterion, change.key() + " is " + (approval == null ? "not approved" : approval),
                List.of(blocking(change)));
    }

    private static CriterionOutcome remote(GateCriterion criterion, RemoteQueryResult result) {
        if (result == null) {
            return new CriterionOutcome(criterion.id(), criterion.kind(), criterion.title(), CriterionState.UNKNOWN,
                    "query not run yet", List.of());
        }
        if (result.failure() != null) {
            return new CriterionOutcome(criterion.id(), criterion.kind(), criterion.title(), CriterionState.UNKNOWN,
                    "query failed: " + result.failure(), List.of());
        }
        return result.items().isEmpty() ? met(criterion, "query returned nothing")
                : unmet(criterion, "query returned " + result.items().size() + " item(s)", result.items());
    }

    /** The reason is read on the page and in Jira and ServiceNow, where a raw ISO instant with nanoseconds is noise. */
    private static final DateTimeFormatter SIGNED_AT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private static CriterionOutcome signOff(GateCriterion criterion, SignOff signOff) {
        if (signOff == null) {
            return unmet(criterion, "not signed off", List.of());
        }
        return met(criterion, "signed off by " + signOff.signedBy() + " at " + SIGNED_AT.format(signOff.signedAt())
                + (signOff.comment() == null || signOff.comment().isBlank() ? "" : ": " + signOff.comment()));
    }

    private static BlockingItem blocking(EvidenceItem item) {
        return new BlockingItem(item.id(), item.key(), item.title(), item.sourceStatus(), item.url());
    }

    private static CriterionOutcome met(GateCriterion criterion, String reason) {
        return new CriterionOutcome(criterion.id(), criterion.kind(), criterion.title(), CriterionState.MET, reason,
                List.of());
    }

    private static CriterionOutcome unmet(GateCriterion criterion, String reason, List<BlockingItem> blocking) {
        return new CriterionOutcome(criterion.id(), criterion.kind(), criterion.title(), CriterionState.UNMET, reason,
                blocking);
    }
}
