package io.scrumops.bridge.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A change as the metrics count it: a pull / merge request, or a commit (pushed outside one, or belonging to the pull
 * request named by {@code pullRequestId}). Times a source event does not know are null; the store keeps what an
 * earlier event knew (a review event does not know the merge, a push does not know the review).
 *
 * @param id            {@code <system>:commit:<repo>@<sha>} or {@code <system>:pull_request:<repo>!<number>}
 * @param firstReviewAt the first review by someone other than the author, or null
 * @param mergeCommitSha the commit the merge produced on the target branch; what a deployment ships
 */
public record ScmChange(String id, ScmChangeKind kind, SourceSystem sourceSystem, String repoUrl, String sha,
                        String pullRequestId, Instant authoredAt, Instant committedAt, String message,
                        Set<String> issueKeys, Instant prCreatedAt, Instant firstReviewAt, Instant mergedAt,
                        String mergeCommitSha) {

    public ScmChange {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        issueKeys = issueKeys == null ? Set.of() : Set.copyOf(issueKeys);
    }
}
