package io.scrumops.bridge.mapping.rules;

import io.scrumops.bridge.rules.SlaPolicies;
import io.scrumops.bridge.rules.WorkPackageTemplates;

import java.util.Objects;

/** The rule files in force: team boards and escalation targets, SLA policies, work package templates. */
public record RuleFiles(TeamBoards teams, SlaPolicies slaPolicies, WorkPackageTemplates templates) {

    public RuleFiles {
        Objects.requireNonNull(teams, "teams");
        Objects.requireNonNull(slaPolicies, "slaPolicies");
        Objects.requireNonNull(templates, "templates");
    }
}
