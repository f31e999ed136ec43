package io.scrumops.bridge.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.scrumops.bridge.model.SourceSystem;
import java.time.Instant;

/**
 * A command to a remote system, waiting in the outbox until a writer has applied it.
 *
 * @param aggregateId the work item the command is about; commands of one item are handed out one at a time, in order
 */
public record OutboxCommand(long id, String idempotencyKey, SourceSystem targetSystem, String commandType,
                            String aggregateId, JsonNode payload, OutboxStatus status, int attempts,
                            Instant nextAttemptAt, String lastError, Instant createdAt, Instant doneAt) {

    public <T> T payloadAs(Class<T> type) {
        return JsonPayload.convert(payload, type);
    }
}
