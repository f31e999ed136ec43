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
            case NO_OPEN_DEFECTS -> openItems(criterion, evidence.releaseItems().stream()
                    .filter(i -> !i.done() && i.kind() == WorkItemKind.DEFECT && atOrAbove(i.severity(), criterion.severity()))
                    .toList(), "open defect(s) at or above " + criterion.severity());
            case NO_OPEN_INCIDENTS -> openItems(criterion, evidence.productIncidents().stream()
                    .filter(i -> !i.done() && i.severity() != null && incidentSeverities(criterion).contains(i.severity()))
                    .toList(), "open incident(s) " + incidentSeverities(criterion) + " on the product");
            case ALL_STORIES_DONE -> openItems(criterion, evidence.releaseItems().stream()
                    .filter(i -> !i.done() && i.kind() == WorkItemKind.STORY).toList(), "story(ies) not done");
            case TEST_EXECUTION_COMPLETE -> testExecution(criterion, evidence);
            case DEPLOYED_TO -> deployed(criterion, evidence);
            case CHANGE_APPROVED -> changeApproved(criterion, evidence);
            case REMOTE_QUERY_EMPTY -> remote(criterion, evidence.remoteResults()
                    .get(ReleaseEvidence.remoteKey(gate.id(), criterion.id())));
            case SIGN_OFF -> signOff(criterion, evidence.signOffs().get(gate.id()));
        };
    }

    /**
     * The outcome of an open-items criterion (open defects, open stories) after one item changed, from its stored
     * outcome: the item is taken out of the stored blocking list and put back (by key order) when it blocks now. The
     * kept count of blocking items must equal the patched list's size; otherwise (the list moved otherwise too, or
     * the criterion reads something else) empty, and the criterion is judged on items read afresh.
     *
     * @param stored the criterion's outcome in the stored evaluation
     * @param itemId the changed item
     * @param item   the changed item as a member of the release now, or null when it is no member any more
     * @param kept   how many items block the criterion by the kept counts
     */
    static java.util.Optional<CriterionOutcome> patchOpenItems(GateCriterion criterion, CriterionOutcome stored,
                                                               String itemId, EvidenceItem item, long kept) {
        if (stored == null || stored.kind() != criterion.kind() || !stored.criterionId().equals(criterion.id())) {
            return java.util.Optional.empty();
        }
        boolean blocks;
        String what;
        switch (criterion.kind()) {
            case NO_OPEN_DEFECTS -> {
                blocks = item != null && !item.done() && item.kind() == WorkItemKind.DEFECT
                        && atOrAbove(item.severity(), criterion.severity());
                what = "open defect(s) at or above " + criterion.severity();
            }
            case ALL_STORIES_DONE -> {
                blocks = item != null && !item.done() && item.kind() == WorkItemKind.STORY;
                what = "story(ies) not done";
            }
            default -> {
                return java.util.Optional.empty();
            }
        }
        List<BlockingItem> list = new java.util.ArrayList<>(stored.blocking().size() + 1);
        for (BlockingItem b : stored.blocking()) {
            if (!itemId.equals(b.id())) {
                list.add(b);
            }
        }
        if (blocks) {
            BlockingItem added = blocking(item);
            Comparator<String> order = Comparator.nullsLast(Comparator.naturalOrder());
            int at = 0;
            while (at < list.size() && order.compare(list.get(at).key(), added.key()) <= 0) {
                at++;
            }
            list.add(at, added);
        }
        if (list.size() != kept) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(list.isEmpty() ? met(criterion, "none")
                : unmet(criterion, list.size() + " " + what, list));
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

    private static CriterionOutcome signOff(GateCriterion criterion, SignOff signOff) {
        if (signOff == null) {
            return unmet(criterion, "not signed off", List.of());
        }
        return met(criterion, "signed off by " + signOff.signedBy() + " at " + signOff.signedAt()
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
