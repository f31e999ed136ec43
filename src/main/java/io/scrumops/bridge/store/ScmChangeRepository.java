package io.scrumops.bridge.store;

import io.scrumops.bridge.model.ScmChange;
import io.scrumops.bridge.model.ScmPush;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code scm_change} and {@code scm_pushed_commit}. Each event knows part of a change (a push its commit times, a
 * review its first review, a close its merge): a value an event does not know keeps what was stored, the first review
 * is the earliest seen, and issue keys accumulate. A pull request's authored time is its earliest known commit's.
 */
@Repository
public class ScmChangeRepository {

    private static final String UPSERT = """
            insert into scm_change (id, kind, source_system, repo_url, sha, pull_request_id, authored_at, committed_at,
                                    message, issue_keys, pr_created_at, first_review_at, merged_at, merge_commit_sha)
            values (:id, :kind, :sourceSystem, :repoUrl, :sha, :pullRequestId, :authoredAt, :committedAt, :message,
                    :issueKeys, :prCreatedAt, :firstReviewAt, :mergedAt, :mergeCommitSha)
            on conflict (id) do update set
                kind = case when scm_change.kind = 'PULL_REQUEST' then scm_change.kind else excluded.kind end,
                source_system = coalesce(excluded.source_system, scm_change.source_system),
                repo_url = coalesce(excluded.repo_url, scm_change.repo_url),
                sha = coalesce(excluded.sha, scm_change.sha),
                pull_request_id = coalesce(excluded.pull_request_id, scm_change.pull_request_id),
                authored_at = coalesce(excluded.authored_at, scm_change.authored_at),
                committed_at = coalesce(excluded.committed_at, scm_change.committed_at),
                message = coalesce(excluded.message, scm_change.message),
                issue_keys = array(select distinct k from unnest(scm_change.issue_keys || excluded.issue_keys) k
                                   order by k),
                pr_created_at = coalesce(excluded.pr_created_at, scm_change.pr_created_at),
                first_review_at = least(excluded.first_review_at, scm_change.first_review_at),
                merged_at = coalesce(excluded.merged_at, scm_change.merged_at),
                merge_commit_sha = coalesce(excluded.merge_commit_sha, scm_change.merge_commit_sha),
                stored_at = now()
            """;

    private final JdbcClient jdbc;

    public ScmChangeRepository(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    public void upsert(ScmChange change) {
        Map<String, Object> p = new HashMap<>();
        p.put("id", change.id());
        p.put("kind", change.kind().name());
        p.put("sourceSystem", change.sourceSystem() == null ? null : change.sourceSystem().name());
        p.put("repoUrl", change.repoUrl());
        p.put("sha", change.sha());
        p.put("pullRequestId", change.pullRequestId());
        p.put("authoredAt", SqlTime.toSql(change.authoredAt()));
        p.put("committedAt", SqlTime.toSql(change.committedAt()));
        p.put("message", change.message());
        p.put("issueKeys", change.issueKeys().stream().sorted().toArray(String[]::new));
        p.put("prCreatedAt", SqlTime.toSql(change.prCreatedAt()));
        p.put("firstReviewAt", SqlTime.toSql(change.firstReviewAt()));
        p.put("mergedAt", SqlTime.toSql(change.mergedAt()));
        p.put("mergeCommitSha", change.mergeCommitSha());
        jdbc.sql(UPSERT).params(p).update();
        if (change.kind() == io.scrumops.bridge.model.ScmChangeKind.PULL_REQUEST) {
            claimCommits(change.id());
        } else if (change.pullRequestId() == null) {
            joinPullRequest(change.id());
        } else {
            refreshAuthoredAt(change.pullRequestId());
        }
    }

    /**
     * The merge commit and head commit of a pull request belong to it, not to the changes outside pull requests; the
     * pull request's authored time is its earliest known commit's.
     */
    private void claimCommits(String pullRequestId) {
        jdbc.sql("""
                        update scm_change c set pull_request_id = pr.id
                        from scm_change pr
                        where pr.id = :id and c.id <> pr.id and c.kind = 'COMMIT' and c.pull_request_id is null
                          and c.repo_url is not distinct from pr.repo_url
                          and (c.sha = pr.merge_commit_sha or c.sha = pr.sha)""")
                .param("id", pullRequestId).update();
        refreshAuthoredAt(pullRequestId);
    }

    /** A pull request's authored time is its earliest known commit's, whichever of them was stored first. */
    private void refreshAuthoredAt(String pullRequestId) {
        jdbc.sql("""
                        update scm_change pr set authored_at = sub.first
                        from (select min(authored_at) as first from scm_change where pull_request_id = :id) sub
                        where pr.id = :id and sub.first is not null
                          and pr.authored_at is distinct from least(pr.authored_at, sub.first)""")
                .param("id", pullRequestId).update();
    }

    /** A commit pushed after its pull request was merged (the merge commit on the target branch) joins it. */
    private void joinPullRequest(String commitId) {
        String pr = jdbc.sql("""
                        select pr.id from scm_change pr join scm_change c on c.id = :id
                        where pr.kind = 'PULL_REQUEST' and pr.repo_url is not distinct from c.repo_url
                          and (pr.merge_commit_sha = c.sha or pr.sha = c.sha)
                        order by pr.merged_at nulls last limit 1""")
                .param("id", commitId).query(String.class).optional().orElse(null);
        if (pr != null) {
            jdbc.sql("update scm_change set pull_request_id = :pr where id = :id").param("pr", pr).param("id", commitId)
                    .update();
            claimCommits(pr);
        }
    }

    /** Records the push's commits on its branch (the head included, even when the push added no commit). */
    public int recordPush(ScmPush push) {
        List<String> shas = new ArrayList<>(push.shas());
        if (!shas.contains(push.headSha())) {
            shas.add(push.headSha());
        }
        int added = 0;
        for (String sha : shas) {
            added += jdbc.sql("""
                            insert into scm_pushed_commit (repo_url, ref, sha, head_sha, pushed_at)
                            values (:repoUrl, :ref, :sha, :head, :pushedAt)
                            on conflict (repo_url, ref, sha) do nothing""")
                    .param("repoUrl", push.repoUrl()).param("ref", push.ref()).param("sha", sha)
                    .param("head", push.headSha()).param("pushedAt", SqlTime.toSql(push.pushedAt()))
                    .update();
        }
        return added;
    }
}
