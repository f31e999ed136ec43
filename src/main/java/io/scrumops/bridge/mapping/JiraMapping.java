package io.scrumops.bridge.mapping;

import io.scrumops.bridge.model.CanonicalStatus;
import io.scrumops.bridge.model.CommentVisibility;
import io.scrumops.bridge.model.FlowType;
import io.scrumops.bridge.model.Severity;
import io.scrumops.bridge.model.WorkItemKind;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The contents of {@code mappings/jira.yaml}. */
public record JiraMapping(String file, ValueTable<CanonicalStatus> statuses, ValueTable<CanonicalStatus> statusCategories,
                          ValueTable<Severity> priorities, ValueTable<IssueType> issueTypes, Fields fields,
                          ValueTable<Severity> severityValues, Labels labels, CommentRule comments,
                          ValueTable<Stage> stages) {

    /** IT4IT value streams and their stages (seed 001). */
    public static final java.util.Map<String, List<String>> VALUE_STREAMS = java.util.Map.of(
            "INTEGRATE", List.of("plan", "develop", "build-test", "accept"),
            "DEPLOY", List.of("plan-approve", "fulfil", "validate", "observe"),
            "OPERATE", List.of("detect", "diagnose", "resolve"));

    /** The optional value-stream stage of a workflow status, and whether time in it is active or waiting. */
    public record Stage(String valueStream, String stage, boolean active) {
    }

    public record IssueType(WorkItemKind kind, FlowType flowType) {
    }

    /** Custom field ids (e.g. {@code customfield_10020}); null when the site has no such field. */
    public record Fields(String severity, String team, String sprint, String productOwner, String slaPolicy,
                         String category) {
    }

    public record Labels(List<String> recurring, List<String> multiTeam, List<String> escalationAllowed,
                         List<String> dormant) {

        public Labels {
            recurring = List.copyOf(recurring);
            multiTeam = List.copyOf(multiTeam);
            escalationAllowed = List.copyOf(escalationAllowed);
            dormant = List.copyOf(dormant);
        }

        public static boolean anyOf(List<String> marks, Collection<String> issueLabels) {
            return issueLabels.stream().anyMatch(label -> marks.stream().anyMatch(mark -> mark.equalsIgnoreCase(label)));
        }
    }

    public record CommentRule(CommentVisibility restricted, CommentVisibility unrestricted) {

        public CommentVisibility visibility(boolean isRestricted) {
            return isRestricted ? restricted : unrestricted;
        }
    }

    /**
     * The canonical status for a workflow status: by name, else by the status category Jira puts every status in.
     * Fails naming the status when neither is known: listing the status is the fix.
     */
    public CanonicalStatus status(String statusName, String categoryKey) {
        Optional<CanonicalStatus> byName = statuses.find(statusName);
        if (byName.isPresent()) {
            return byName.get();
        }
        return Optional.ofNullable(categoryKey)
                .flatMap(key -> statusCategories.find(key.toLowerCase(Locale.ROOT)))
                .orElseThrow(() -> statuses.unknown(statusName));
    }

    public Severity severityForPriority(String priorityName) {
        return priorities.get(priorityName);
    }

    public IssueType issueType(String typeName) {
        return issueTypes.get(typeName);
    }
}
