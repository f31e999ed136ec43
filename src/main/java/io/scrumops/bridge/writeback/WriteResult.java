package io.scrumops.bridge.writeback;

/**
 * What a write produced remotely.
 *
 * @param remoteId  the id of what was created (issue id, {@code jira:comment:<id>}), or null
 * @param remoteKey the human key of what was created (issue key), or null
 * @param url       where it can be seen, or null
 * @param reused    true when a create found its target already there (a retry after a lost answer)
 * @param reachedStatus the remote status a transition ended in, or null
 */
public record WriteResult(String remoteId, String remoteKey, String url, boolean reused, String reachedStatus) {

    public static WriteResult done() {
        return new WriteResult(null, null, null, false, null);
    }

    public static WriteResult created(String remoteId, String remoteKey, String url, boolean reused) {
        return new WriteResult(remoteId, remoteKey, url, reused, null);
    }
}
