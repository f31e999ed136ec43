package io.scrumops.bridge.writeback;

import io.scrumops.bridge.model.SourceSystem;

import java.time.Instant;

/**
 * A remote system refused or failed a write. {@code permanent} means trying again cannot help (a 4xx other than
 * 408, 409, 423 and 429): the command goes to the dead letters with {@code remoteError}. {@code retryNotBefore}
 * is set when the remote said when to come back (Retry-After, X-RateLimit-Reset).
 */
public class RemoteWriteException extends RuntimeException {

    private final SourceSystem system;
    private final int status;
    private final boolean permanent;
    private final Instant retryNotBefore;
    private final String remoteError;

    public RemoteWriteException(SourceSystem system, String operation, int status, boolean permanent,
                                Instant retryNotBefore, String remoteError) {
        super(system.code() + " " + operation + " answered " + status + (remoteError == null || remoteError.isBlank()
                ? "" : ": " + remoteError));
        this.system = system;
        this.status = status;
        this.permanent = permanent;
        this.retryNotBefore = retryNotBefore;
        this.remoteError = remoteError;
    }

    public SourceSystem system() {
        return system;
    }

    public int status() {
        return status;
    }

    public boolean isPermanent() {
        return permanent;
    }

    public Instant retryNotBefore() {
        return retryNotBefore;
    }

    public String remoteError() {
        return remoteError;
    }
}
