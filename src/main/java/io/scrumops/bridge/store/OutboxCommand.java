package io.scrumops.bridge.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.scrumops.bridge.model.SourceSystem;
import java.time.Instant;

/**
 * A command to a remote system, waiting in the outbox until a writer has applied it.
 *
 * @param aggregateId the work item the command is about; commands of one item are handed out one at a time, in order
 * @param claimToken  the token of the command's latest claim: a claim held by this value may settle the command, an
 *                    older one may not (its lease ran out and the command was claimed again)
 */
public record OutboxCommand(long id, String idempotencyKey, SourceSystem targetSystem, String commandType,
                            String aggregateId, JsonNode payload, OutboxStatus status, int attempts,
                            Instant nextAttemptAt, String lastError, Instant createdAt, Instant doneAt,
                            long claimToken) {

    /** A command as read before any claim (token 0). */
    public OutboxCommand(long id, String idempotencyKey, SourceSystem targetSystem, String commandType,
                         String aggregateId, JsonNode payload, OutboxStatus status, int attempts,
                         Instant nextAttemptAt, String lastError, Instant createdAt, Instant doneAt) {
        this(id, idempotencyKey, targetSystem, commandType, aggregateId, payload, status, attempts, nextAttemptAt,
                lastError, createdAt, doneAt, 0);
    }

    public <T> T payloadAs(Class<T> type) {
        return JsonPayload.convert(payload, type);
    }

    /** The marker the writers put in a non-idempotent write so that a later attempt can find it: the row's id. */
    public String marker() {
        return "outbox:" + id;
    }
}
