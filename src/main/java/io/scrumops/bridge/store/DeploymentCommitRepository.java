package io.scrumops.bridge.store;

import io.scrumops.bridge.model.DeploymentFacts;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import javax.sql.DataSource;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What an inbound deployment puts into the metrics tables: its scope and change number on {@code deployment}, its
 * {@code deployment_commit} row and the commits that row shipped ({@code deployment_change}), by the rules of
 * docs/metrics.md ("Ingest of changes and deployments"). Always from the stored deployment row, so that a stale event
 * the version guard refused cannot put its older times into the commit row. Rows with rule {@code IMPORT} are left to
 * the import.
 */
@Repository
public class DeploymentCommitRepository {

    public static final String LISTED = "LISTED";
    public static final String PUSHED_SINCE_PREVIOUS = "PUSHED_SINCE_PREVIOUS";

    private final JdbcClient jdbc;

    public DeploymentCommitRepository(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    private record Stored(String id, String sourceSystem, String environment, String environmentType, String status,
                          OffsetDateTime startedAt, OffsetDateTime finishedAt, String ref, String changeNumber) {
    }

    /** @return the rule that gave the shipped commits, "superseded by <id>" for a change request, or "no commit" */
    public String record(DeploymentFacts facts) {
        String id = facts.deployment().id();
        jdbc.sql("""
                        update deployment set scope = :scope, change_number = :change
                        where id = :id and (scope, change_number) is distinct from (cast(:scope as text), cast(:change as text))""")
                .param("id", id).param("scope", facts.scope()).param("change", facts.changeNumber()).update();
        Optional<Stored> found = jdbc.sql("""
                        select id, source_system, environment, environment_type, status, started_at, finished_at, ref,
                               change_number
                        from deployment where id = :id""")
                .param("id", id)
                .query((rs, n) -> new Stored(rs.getString("id"), rs.getString("source_system"),
                        rs.getString("environment"), rs.getString("environment_type"), rs.getString("status"),
                        rs.getObject("started_at", OffsetDateTime.class), rs.getObject("finished_at", OffsetDateTime.class),
                        rs.getString("ref"), rs.getString("change_number")))
                .optional();
        if (found.isEmpty()) {
            return "no deployment";
        }
        Stored d = found.get();
        if (d.changeNumber() != null) {
            boolean changeRequest = "SERVICENOW".equals(d.sourceSystem());
            if (changeRequest) {
                Optional<String> pipeline = jdbc.sql("""
                                select id from deployment
                                where change_number = :change and source_system <> 'SERVICENOW'
                                order by finished_at desc nulls last, id limit 1""")
                        .param("change", d.changeNumber()).query(String.class).optional();
                if (pipeline.isPresent()) {
                    jdbc.sql("delete from deployment_commit where deployment_id = :id").param("id", id).update();
                    return "superseded by " + pipeline.get();
                }
            } else {
                jdbc.sql("""
                                delete from deployment_commit where deployment_id in (
                                    select id from deployment
                                    where change_number = :change and source_system = 'SERVICENOW')""")
                        .param("change", d.changeNumber()).update();
            }
        }
        String repoUrl = facts.repoUrl() == null ? "" : facts.repoUrl();
        String sha = facts.headSha() != null ? facts.headSha() : d.ref() != null ? d.ref() : id;
        long rowId = jdbc.sql("""
                        insert into deployment_commit (deployment_id, scope, repo_url, sha, environment_type, result,
                                                       started_at, finished_at)
                        values (:id, :scope, :repoUrl, :sha, :environmentType, :result, :startedAt, :finishedAt)
                        on conflict (deployment_id, repo_url, sha) do update set
                            scope = excluded.scope, environment_type = excluded.environment_type,
                            result = excluded.result, started_at = excluded.started_at, finished_at = excluded.finished_at
                        returning id""")
                .param("id", id).param("scope", facts.scope()).param("repoUrl", repoUrl).param("sha", sha)
                .param("environmentType", d.environmentType())
                .param("result", d.status() == null ? "UNKNOWN" : d.status())
                .param("startedAt", d.startedAt()).param("finishedAt", d.finishedAt())
                .query(Long.class).single();
        jdbc.sql("delete from deployment_commit where deployment_id = :id and id <> :row")
                .param("id", id).param("row", rowId).update();
        if (facts.headSha() == null && facts.listedShas().isEmpty()) {
            clearShipped(rowId, List.of());
            return "no commit";
        }
        String rule;
        Set<String> shipped = new LinkedHashSet<>();
        List<String> pushed = facts.listedShas().isEmpty() && facts.repoUrl() != null && facts.headSha() != null
                ? pushedSincePrevious(d, facts.repoUrl(), facts.headSha()) : List.of();
        if (!facts.listedShas().isEmpty()) {
            rule = LISTED;
            shipped.addAll(facts.listedShas());
            if (facts.headSha() != null) {
                shipped.add(facts.headSha());
            }
        } else if (!pushed.isEmpty()) {
            rule = PUSHED_SINCE_PREVIOUS;
            shipped.addAll(pushed);
        } else {
            rule = LISTED;
            shipped.add(facts.headSha());
        }
        clearShipped(rowId, new ArrayList<>(shipped));
        for (String commit : shipped) {
            jdbc.sql("""
                            insert into deployment_change (deployment_commit_id, sha, rule) values (:row, :sha, :rule)
                            on conflict (deployment_commit_id, sha) do update set rule = excluded.rule
                            where deployment_change.rule <> 'IMPORT' and deployment_change.rule <> excluded.rule""")
                    .param("row", rowId).param("sha", commit).param("rule", rule).update();
        }
        return rule;
    }

    private void clearShipped(long rowId, List<String> keep) {
        jdbc.sql("""
                        delete from deployment_change
                        where deployment_commit_id = :row and rule in ('LISTED', 'PUSHED_SINCE_PREVIOUS')
                          and not (sha = any(:keep))""")
                .param("row", rowId).param("keep", keep.toArray(String[]::new)).update();
    }

    /**
     * Commits pushed to the branch the deployed commit was pushed to, after the push that brought the previous
     * successful deployment's commit (same repository and environment, finished before this one) and up to the push
     * that brought the deployed commit. Empty when the deployed commit was never seen pushed.
     */
    private List<String> pushedSincePrevious(Stored d, String repoUrl, String headSha) {
        String branch = d.ref() == null ? null : branch(d.ref());
        Optional<String> ref = jdbc.sql("""
                        select ref from scm_pushed_commit where repo_url = :repo and sha = :sha
                        order by (ref = coalesce(cast(:branch as text), '')) desc, seq limit 1""")
                .param("repo", repoUrl).param("sha", headSha).param("branch", branch)
                .query(String.class).optional();
        if (ref.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        with head_push as (
                            select max(p.seq) as upper from scm_pushed_commit p
                            where p.repo_url = :repo and p.ref = :ref and p.head_sha = (
                                select head_sha from scm_pushed_commit
                                where repo_url = :repo and ref = :ref and sha = :sha)),
                        previous as (
                            select dc.sha from deployment_commit dc join deployment pd on pd.id = dc.deployment_id
                            where dc.repo_url = :repo and pd.environment is not distinct from cast(:environment as text)
                              and dc.result = 'SUCCESS' and dc.deployment_id <> :id
                              and dc.finished_at < coalesce(cast(:finishedAt as timestamptz), cast(:startedAt as timestamptz), now())
                            order by dc.finished_at desc limit 1),
                        previous_push as (
                            select coalesce(max(p.seq), 0) as lower from scm_pushed_commit p
                            where p.repo_url = :repo and p.ref = :ref and p.head_sha = (
                                select head_sha from scm_pushed_commit
                                where repo_url = :repo and ref = :ref and sha = (select sha from previous)))
                        select c.sha from scm_pushed_commit c, head_push, previous_push
                        where c.repo_url = :repo and c.ref = :ref and c.seq > previous_push.lower
                          and c.seq <= head_push.upper
                        order by c.seq""")
                .param("repo", repoUrl).param("ref", ref.get()).param("sha", headSha)
                .param("environment", d.environment()).param("id", d.id())
                .param("finishedAt", d.finishedAt()).param("startedAt", d.startedAt())
                .query(String.class).list();
    }

    static String branch(String ref) {
        if (ref.startsWith("refs/heads/")) {
            return ref.substring("refs/heads/".length());
        }
        return ref.startsWith("refs/tags/") ? ref.substring("refs/tags/".length()) : ref;
    }
}
