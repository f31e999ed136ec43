package io.scrumops.bridge.writeback;

/**
 * Bookkeeping after a remote write succeeded; runs in the transaction that marks the command done, so a failure here
 * leaves the command to be tried again (and the writer's search-before-create makes that safe).
 */
public interface WriteResultListener {

    void applied(WriteCommand command, WriteResult result);
}
