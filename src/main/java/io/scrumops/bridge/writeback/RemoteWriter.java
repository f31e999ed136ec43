package io.scrumops.bridge.writeback;

import io.scrumops.bridge.model.SourceSystem;

/** Applies write commands to one remote system. */
public interface RemoteWriter {

    SourceSystem system();

    /**
     * Applies the command. A write that must not be made twice (a create, a comment, a work note) carries
     * {@link WriteAttempt#marker()} where the remote keeps it, is looked for by it on a retry, and is preceded by
     * {@link WriteAttempt#confirmClaim}.
     */
    WriteResult execute(WriteCommand command, WriteAttempt attempt);

    /** {@link #execute(WriteCommand, WriteAttempt)} outside the outbox: no marker, no claim to lose. */
    default WriteResult execute(WriteCommand command, int attempt) {
        return execute(command, WriteAttempt.unclaimed(attempt));
    }
}
