package io.scrumops.bridge.mapping;

import io.scrumops.bridge.model.DeploymentStatus;
import io.scrumops.bridge.model.EnvironmentType;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The contents of {@code mappings/deployments.yaml}. */
public record DeploymentMapping(String file, List<EnvironmentRule> environmentRules, EnvironmentType unmatchedEnvironment,
                                ValueTable<DeploymentStatus> githubStatuses, ValueTable<DeploymentStatus> gitlabStatuses,
                                ValueTable<DeploymentStatus> jenkinsStatuses, ValueTable<DeploymentStatus> genericStatuses,
                                ValueTable<DeploymentStatus> jenkinsPhases, List<String> jenkinsEnvironmentParameters,
                                List<Pattern> issueKeyPatterns) {

    public DeploymentMapping {
        environmentRules = List.copyOf(environmentRules);
        jenkinsEnvironmentParameters = List.copyOf(jenkinsEnvironmentParameters);
        issueKeyPatterns = List.copyOf(issueKeyPatterns);
    }

    public record EnvironmentRule(Pattern pattern, EnvironmentType type) {
    }

    /** The type of the first rule matching the whole name; {@code unmatched} otherwise, or an error when the file sets none. */
    public EnvironmentType environmentType(String environment) {
        if (environment != null) {
            for (EnvironmentRule rule : environmentRules) {
                if (rule.pattern().matcher(environment.trim()).matches()) {
                    return rule.type();
                }
            }
        }
        if (unmatchedEnvironment == null) {
            throw new UnknownMappingValueException(file, "environments.rules", String.valueOf(environment),
                    environmentRules.stream().map(rule -> rule.pattern().pattern()).toList());
        }
        return unmatchedEnvironment;
    }

    /** Every work item key the issue-key patterns find in the texts, in order of appearance. */
    public Set<String> issueKeysIn(Iterable<String> texts) {
        Set<String> keys = new LinkedHashSet<>();
        for (String text : texts) {
            if (text == null) {
                continue;
            }
            for (Pattern pattern : issueKeyPatterns) {
                Matcher matcher = pattern.matcher(text);
                while (matcher.find()) {
                    keys.add(matcher.group());
                }
            }
        }
        return keys;
    }
}
