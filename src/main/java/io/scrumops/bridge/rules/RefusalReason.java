package io.scrumops.bridge.rules;

/** Why an escalation was refused; each names the rule that refused it. */
public enum RefusalReason {
    NOT_A_WORK_PACKAGE("Only a work package can be escalated"),
    NOT_UNDER_SOURCE_STORY("The work package must belong to the story it is escalated from"),
    ALREADY_DONE("A work package that is already done cannot be escalated"),
    ESCALATION_NOT_ALLOWED("The source story must allow escalation of its work packages"),
    NO_TARGET_FOR_CATEGORY("The source story must name a target story for the work package's category, or a '*' fallback"),
    TARGET_STORY_NOT_FOUND("The target story must exist"),
    TARGET_ALREADY_IN_CHAIN("A work package cannot be escalated to a story it was already escalated from or to"),
    TARGET_NOT_IN_ONGOING_SPRINT("The target story must be in an ongoing sprint"),
    SLA_MISMATCH("Both stories must agree on SLAs: both with project-level SLAs or both without");

    private final String rule;

    RefusalReason(String rule) {
        this.rule = rule;
    }

    public String rule() {
        return rule;
    }
}
