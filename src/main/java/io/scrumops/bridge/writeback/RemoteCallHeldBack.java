package io.scrumops.bridge.writeback;

import io.scrumops.bridge.model.SourceSystem;

import java.time.Instant;

/**
 * A call that was not made: its system is paused or the local rate limit would have made it wait too long. The
 * command is tried again at {@link #retryNotBefore()}.
 */
public class RemoteCallHeldBack extends RemoteWriteException {

    public RemoteCallHeldBack(SourceSystem system, String operation, Instant retryNotBefore, String reason) {
        super(system, operation, 429, false, retryNotBefore, reason);
    }
}
