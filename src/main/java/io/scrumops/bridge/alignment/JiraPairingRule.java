package io.scrumops.bridge.alignment;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A rule that gives a Jira issue (a defect, say) its ServiceNow incident: the issue matches when every condition
 * given holds (project key, issue type, one of the labels), compared case-insensitively.
 *
 * @param incidentFields stored values of the incident the bridge creates (assignment_group, category, caller_id ...)
 */
record JiraPairingRule(String name, Set<String> projects, Set<String> issueTypes, Set<String> labels,
                       Map<String, String> incidentFields) {

    JiraPairingRule {
        projects = lower(projects);
        issueTypes = lower(issueTypes);
        labels = lower(labels);
        incidentFields = Map.copyOf(incidentFields);
    }

    boolean matches(String project, String issueType, Collection<String> issueLabels) {
        return (projects.isEmpty() || (project != null && projects.contains(project.toLowerCase(Locale.ROOT))))
                && (issueTypes.isEmpty() || (issueType != null && issueTypes.contains(issueType.toLowerCase(Locale.ROOT))))
                && (labels.isEmpty() || issueLabels.stream().anyMatch(l -> labels.contains(l.toLowerCase(Locale.ROOT))));
    }

    static java.util.Optional<JiraPairingRule> first(List<JiraPairingRule> rules, String project, String issueType,
                                                     Collection<String> issueLabels) {
        return rules.stream().filter(rule -> rule.matches(project, issueType, issueLabels)).findFirst();
    }

    private static Set<String> lower(Set<String> values) {
        return values == null ? Set.of()
                : values.stream().map(v -> v.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }
}
