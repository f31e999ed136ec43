package io.scrumops.bridge.scrumops;

import io.scrumops.bridge.writeback.WriteCommand;

import java.util.Objects;

/** A write command with the idempotency key it is queued under. */
public record QueuedWrite(String idempotencyKey, WriteCommand command) {

    public QueuedWrite {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(command, "command");
    }
}
