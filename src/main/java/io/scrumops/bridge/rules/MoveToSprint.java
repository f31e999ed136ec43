package io.scrumops.bridge.rules;

import java.util.Objects;

/**
 * Move a story, work package or task into another sprint.
 *
 * @param fromSprintId null when the item comes from the backlog (a dormant story whose trigger fired)
 */
public record MoveToSprint(String itemId, String fromSprintId, String toSprintId, MoveReason reason)
        implements RuleCommand {

    public MoveToSprint {
        Objects.requireNonNull(itemId, "itemId");
        Objects.requireNonNull(toSprintId, "toSprintId");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String idempotencyKey() {
        return "rollover:" + itemId + ":" + toSprintId;
    }
}
