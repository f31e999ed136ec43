package io.scrumops.bridge.gates;

import io.scrumops.bridge.model.GateVerdict;

import java.time.Instant;

/**
 * One change of a gate's verdict.
 *
 * @param cause what moved it: the item, deployment or change request ({@code jira:issue:10002}), a sign-off, a
 *              remote query, or a full evaluation
 * @param actor who made the change that moved it, when known (the Jira user, the release manager)
 */
public record GateHistoryEntry(long id, String releaseId, String gateId, GateVerdict from, GateVerdict to,
                               String cause, String actor, String reason, Instant at) {
}
