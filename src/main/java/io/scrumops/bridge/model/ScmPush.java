package io.scrumops.bridge.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Commits pushed to one branch in one push: what a later deployment of that branch ships when its event does not
 * list its commits.
 *
 * @param ref     the branch without {@code refs/heads/}
 * @param headSha the commit the branch points at after the push
 * @param shas    the commits the push added, oldest first
 */
public record ScmPush(String repoUrl, String ref, String headSha, Instant pushedAt, List<String> shas) {

    public ScmPush {
        Objects.requireNonNull(repoUrl, "repoUrl");
        Objects.requireNonNull(ref, "ref");
        shas = shas == null ? List.of() : List.copyOf(shas);
    }
}
