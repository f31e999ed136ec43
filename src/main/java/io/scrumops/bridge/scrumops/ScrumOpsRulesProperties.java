package io.scrumops.bridge.scrumops;

import io.scrumops.bridge.model.CanonicalStatus;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the rules are wired into the running bridge.
 *
 * @param escalationLabel      a Jira label that, newly put on a work package, asks to escalate it (blank: off)
 * @param escalationStatus     a Jira status name that, newly entered by a work package, asks to escalate it (blank: off)
 * @param notifyTransition     the status the original package is moved to when a higher level completes (null: comment only)
 * @param slaField             Jira field that receives the SLA state (AT_RISK / BREACHED); blank: labels are used
 * @param slaWarningLabel      Jira label put on a package at risk (when no SLA field is set)
 * @param slaBreachedLabel     Jira label put on a breached package (when no SLA field is set)
 * @param workPackageIssueType issue type of work packages the bridge creates in Jira
 * @param rolloverMoveOpenTasks move sub-tasks one by one at sprint close; Jira moves them with their parent
 * @param actor                name the bridge writes comments and audit rows as
 * @param escalationLinkType   Jira issue link type that ties an escalated level to the package it came from
 */
@ConfigurationProperties("scrumops.rules")
public record ScrumOpsRulesProperties(String teamsFile, String escalationLabel, String escalationStatus,
                                      CanonicalStatus notifyTransition, String slaField, String slaWarningLabel,
                                      String slaBreachedLabel, String workPackageIssueType,
                                      boolean rolloverMoveOpenTasks, String actor, String escalationLinkType) {

    public ScrumOpsRulesProperties {
        teamsFile = blankTo(teamsFile, "teams.yaml");
        slaWarningLabel = blankTo(slaWarningLabel, "sla-at-risk");
        slaBreachedLabel = blankTo(slaBreachedLabel, "sla-breached");
        workPackageIssueType = blankTo(workPackageIssueType, "Work Package");
        actor = blankTo(actor, "scrumops-bridge");
        escalationLinkType = blankTo(escalationLinkType, "Relates");
    }

    public static ScrumOpsRulesProperties defaults() {
        return new ScrumOpsRulesProperties(null, "escalate", null, null, null, null, null, null, false, null, null);
    }

    private static String blankTo(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
