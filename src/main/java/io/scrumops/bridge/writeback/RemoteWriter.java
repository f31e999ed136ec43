package io.scrumops.bridge.writeback;

import io.scrumops.bridge.model.SourceSystem;

/** Applies write commands to one remote system. */
public interface RemoteWriter {

    SourceSystem system();

    /**
     * @param attempt 1 for the first try; a later attempt may follow a write whose answer was lost, so a create
     *                looks for what it would create first
     */
    WriteResult execute(WriteCommand command, int attempt);
}
