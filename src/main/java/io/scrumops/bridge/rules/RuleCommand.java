package io.scrumops.bridge.rules;

/**
 * Something a rule decided should happen in Jira and/or ServiceNow. The idempotency key is derived only from
 * the decision's identity (never from the time it was taken), so running a rule twice yields the same key and
 * the writer applies the command once.
 */
public sealed interface RuleCommand
        permits CreateWorkPackage, CreateTask, MoveToSprint, CreateEscalatedWorkPackage, AddComment,
        NotifyOriginatingTeam, SlaWarning, SlaBreached {

    String idempotencyKey();
}
