package io.scrumops.bridge.gates;

import io.scrumops.bridge.model.CriterionKind;
import io.scrumops.bridge.model.GateCriterion;
import io.scrumops.bridge.model.Severity;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A release's evidence counts as the store keeps them ({@code release_evidence}, kept by triggers in the transaction
 * that stores an item or a membership): open defects by severity, open stories, items by issue type and source
 * status, and a revision per class of items that moves whenever anything a gate shows of them changes.
 *
 * @param counts by input: {@code defect:<SEVERITY>}, {@code story}, {@code type:<issue type>:<status>} (lower case),
 *               {@code revision:<class>}
 */
public record KeptEvidence(Map<String, Long> counts) {

    public static final KeptEvidence NONE = new KeptEvidence(Map.of());

    public KeptEvidence {
        counts = counts == null ? Map.of() : Map.copyOf(counts);
    }

    public long count(String input) {
        return counts.getOrDefault(input, 0L);
    }

    /** Open defects of the release at or above the severity (SEV1 is the highest). */
    public long openDefectsAtOrAbove(Severity threshold) {
        long n = 0;
        for (Severity s : Severity.values()) {
            if (GateEvaluator.atOrAbove(s, threshold)) {
                n += count("defect:" + s.name());
            }
        }
        return n;
    }

    public long openStories() {
        return count("story");
    }

    /** Items of the issue type in the release. */
    public long total(String issueType) {
        String prefix = "type:" + issueType.toLowerCase(Locale.ROOT) + ":";
        return counts.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToLong(Map.Entry::getValue).sum();
    }

    /** Items of the issue type whose source status is one of the values (any case). */
    public long passed(String issueType, Collection<String> passValues) {
        String prefix = "type:" + issueType.toLowerCase(Locale.ROOT) + ":";
        Set<String> pass = passValues.stream().map(v -> prefix + v.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        return pass.stream().mapToLong(this::count).sum();
    }

    /** The revision class an item criterion reads, or null for a criterion that reads no release item. */
    public static String classOf(GateCriterion criterion) {
        return switch (criterion.kind()) {
            case NO_OPEN_DEFECTS -> "defect";
            case ALL_STORIES_DONE -> "story";
            case TEST_EXECUTION_COMPLETE -> criterion.issueType() == null ? null
                    : "type:" + criterion.issueType().toLowerCase(Locale.ROOT);
            case CHANGE_APPROVED -> "type:" + GateEvidenceRepository.CHANGE_REQUEST_TYPE;
            default -> null;
        };
    }

    /** Whether the criterion is judged on the release's items (its outcome moves only with their revision). */
    public static boolean readsItems(CriterionKind kind) {
        return kind == CriterionKind.NO_OPEN_DEFECTS || kind == CriterionKind.ALL_STORIES_DONE
                || kind == CriterionKind.TEST_EXECUTION_COMPLETE || kind == CriterionKind.CHANGE_APPROVED;
    }

    public String revision(String itemClass) {
        Long r = counts.get("revision:" + itemClass);
        return r == null ? "-" : r.toString();
    }
}
