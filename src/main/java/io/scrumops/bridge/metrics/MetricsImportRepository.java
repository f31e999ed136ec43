package io.scrumops.bridge.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.scrumops.bridge.metrics.MetricsImportDocument.CommitRow;
import io.scrumops.bridge.metrics.MetricsImportDocument.Contents;
import io.scrumops.bridge.metrics.MetricsImportDocument.ImportedChange;
import io.scrumops.bridge.metrics.MetricsImportDocument.ImportedDeployment;
import io.scrumops.bridge.metrics.MetricsImportDocument.ImportedIncident;
import io.scrumops.bridge.metrics.MetricsImportDocument.ImportedScope;
import io.scrumops.bridge.model.CanonicalStatus;
import io.scrumops.bridge.model.Deployment;
import io.scrumops.bridge.model.DeploymentStatus;
import io.scrumops.bridge.model.EnvironmentType;
import io.scrumops.bridge.model.FlowType;
import io.scrumops.bridge.model.Severity;
import io.scrumops.bridge.model.SourceRef;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.model.WorkItem;
import io.scrumops.bridge.model.WorkItemKind;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes an imported history document in one transaction. Every write is an upsert guarded by "is distinct
 * from", so importing the same document again changes no row; the counts returned are the rows that changed.
 */
@Repository
public class MetricsImportRepository {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    public MetricsImportRepository(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    public boolean deploymentExists(String id) {
        return jdbc.sql("select count(*) from deployment where id = :id").param("id", id).query(Long.class).single() > 0;
    }

    /** Rows changed per section; all zero when the same document was imported before. */
    public Map<String, Integer> store(Contents contents) {
        return transactions.execute(status -> {
            Map<String, Integer> changed = new LinkedHashMap<>();
            changed.put("scopes", contents.scopes().stream().mapToInt(this::scope).sum());
            changed.put("deployments", contents.deployments().stream().mapToInt(this::deployment).sum());
            changed.put("changes", contents.changes().stream().mapToInt(this::change).sum());
            changed.put("incidents", contents.incidents().stream().mapToInt(this::incident).sum());
            return changed;
        });
    }

    private int scope(ImportedScope scope) {
        return jdbc.sql("insert into metric_scope (project, scope) values (:project, :scope) on conflict do nothing")
                .param("project", scope.project()).param("scope", scope.scope()).update();
    }

    private int deployment(ImportedDeployment d) {
        Deployment model = new Deployment(d.id(),
                new SourceRef(SourceSystem.IMPORT, "deployment", d.id(), d.id(), null, 0, null),
                d.scope(), d.environment(), d.environmentType() == null ? null : EnvironmentType.valueOf(d.environmentType()),
                DeploymentStatus.valueOf(d.result()), d.startedAt(), d.finishedAt(), null, List.of(), Set.of());
        Map<String, Object> p = new HashMap<>();
        p.put("id", d.id());
        p.put("scope", d.scope());
        p.put("environment", d.environment());
        p.put("environmentType", d.environmentType());
        p.put("status", d.result());
        p.put("startedAt", sql(d.startedAt()));
        p.put("finishedAt", sql(d.finishedAt()));
        p.put("payload", json(model));
        int changed = jdbc.sql("""
                        insert into deployment (id, source_system, native_id, service, scope, environment,
                                                environment_type, status, started_at, finished_at, payload)
                        values (:id, 'IMPORT', :id, :scope, :scope, :environment, :environmentType, :status,
                                :startedAt, :finishedAt, cast(:payload as jsonb))
                        on conflict (id) do update set
                            service = excluded.service, scope = excluded.scope, environment = excluded.environment,
                            environment_type = excluded.environment_type, status = excluded.status,
                            started_at = excluded.started_at, finished_at = excluded.finished_at,
                            payload = excluded.payload, stored_at = now()
                        where (deployment.scope, deployment.environment, deployment.environment_type,
                               deployment.status, deployment.started_at, deployment.finished_at, deployment.payload)
                              is distinct from
                              (excluded.scope, excluded.environment, excluded.environment_type, excluded.status,
                               excluded.started_at, excluded.finished_at, excluded.payload)""")
                .params(p).update();
        List<CommitRow> rows = d.commits().isEmpty()
                ? List.of(new CommitRow("", d.id(), d.startedAt(), d.finishedAt(), d.result()))
                : d.commits();
        List<String> keep = new ArrayList<>();
        for (CommitRow row : rows) {
            keep.add(row.repoUrl() + "\n" + row.sha());
            Map<String, Object> c = new HashMap<>();
            c.put("deploymentId", d.id());
            c.put("scope", d.scope());
            c.put("repoUrl", row.repoUrl());
            c.put("sha", row.sha());
            c.put("environmentType", d.environmentType());
            c.put("result", row.result());
            c.put("startedAt", sql(row.startedAt()));
            c.put("finishedAt", sql(row.finishedAt()));
            changed += jdbc.sql("""
                            insert into deployment_commit (deployment_id, scope, repo_url, sha, environment_type, result,
                                                           started_at, finished_at)
                            values (:deploymentId, :scope, :repoUrl, :sha, :environmentType, :result, :startedAt,
                                    :finishedAt)
                            on conflict (deployment_id, repo_url, sha) do update set
                                scope = excluded.scope, environment_type = excluded.environment_type,
                                result = excluded.result, started_at = excluded.started_at,
                                finished_at = excluded.finished_at
                            where (deployment_commit.scope, deployment_commit.environment_type, deployment_commit.result,
                                   deployment_commit.started_at, deployment_commit.finished_at)
                                  is distinct from
                                  (excluded.scope, excluded.environment_type, excluded.result, excluded.started_at,
                                   excluded.finished_at)""")
                    .params(c).update();
        }
        changed += jdbc.sql("""
                        delete from deployment_commit
                        where deployment_id = :id and not (repo_url || chr(10) || sha = any(:keep))""")
                .param("id", d.id()).param("keep", keep.toArray(String[]::new)).update();
        return changed;
    }

    private int change(ImportedChange c) {
        Map<String, Object> p = new HashMap<>();
        p.put("id", c.id());
        p.put("kind", c.prCreatedAt() != null || c.mergedAt() != null || c.mergeCommitSha() != null
                ? "PULL_REQUEST" : "COMMIT");
        p.put("repoUrl", c.repoUrl());
        p.put("sha", c.sha());
        p.put("authoredAt", sql(c.authoredAt()));
        p.put("committedAt", sql(c.committedAt()));
        p.put("message", c.message());
        p.put("issueKeys", c.issueKeys().toArray(String[]::new));
        p.put("prCreatedAt", sql(c.prCreatedAt()));
        p.put("firstReviewAt", sql(c.firstReviewAt()));
        p.put("mergedAt", sql(c.mergedAt()));
        p.put("mergeCommitSha", c.mergeCommitSha());
        int changed = jdbc.sql("""
                        insert into scm_change (id, kind, source_system, repo_url, sha, authored_at, committed_at,
                                                message, issue_keys, pr_created_at, first_review_at, merged_at,
                                                merge_commit_sha)
                        values (:id, :kind, 'IMPORT', :repoUrl, :sha, :authoredAt, :committedAt, :message, :issueKeys,
                                :prCreatedAt, :firstReviewAt, :mergedAt, :mergeCommitSha)
                        on conflict (id) do update set
                            kind = excluded.kind, repo_url = excluded.repo_url, sha = excluded.sha,
                            authored_at = excluded.authored_at, committed_at = excluded.committed_at,
                            message = excluded.message, issue_keys = excluded.issue_keys,
                            pr_created_at = excluded.pr_created_at, first_review_at = excluded.first_review_at,
                            merged_at = excluded.merged_at, merge_commit_sha = excluded.merge_commit_sha,
                            stored_at = now()
                        where (scm_change.kind, scm_change.repo_url, scm_change.sha, scm_change.authored_at,
                               scm_change.committed_at, scm_change.message, scm_change.issue_keys,
                               scm_change.pr_created_at, scm_change.first_review_at, scm_change.merged_at,
                               scm_change.merge_commit_sha)
                              is distinct from
                              (excluded.kind, excluded.repo_url, excluded.sha, excluded.authored_at,
                               excluded.committed_at, excluded.message, excluded.issue_keys, excluded.pr_created_at,
                               excluded.first_review_at, excluded.merged_at, excluded.merge_commit_sha)""")
                .params(p).update();
        String shipSha = c.mergeCommitSha() != null ? c.mergeCommitSha() : c.sha() != null ? c.sha() : c.id();
        // An imported deployedBy replaces the change's earlier imported link; links from events stay.
        String target = null;
        if (c.deployedBy() != null) {
            target = jdbc.sql("""
                            select id::text from deployment_commit where deployment_id = :deployment
                            order by (repo_url = coalesce(:repoUrl, '')) desc, finished_at nulls last, id limit 1""")
                    .param("deployment", c.deployedBy()).param("repoUrl", c.repoUrl())
                    .query(String.class).single();
        }
        changed += jdbc.sql("""
                        delete from deployment_change
                        where sha = :sha and rule = 'IMPORT' and deployment_commit_id::text is distinct from :target""")
                .param("sha", shipSha).param("target", target).update();
        if (target != null) {
            changed += jdbc.sql("""
                            insert into deployment_change (deployment_commit_id, sha, rule)
                            values (cast(:target as bigint), :sha, 'IMPORT') on conflict do nothing""")
                    .param("target", target).param("sha", shipSha).update();
        }
        return changed;
    }

    private int incident(ImportedIncident i) {
        boolean resolved = i.resolvedAt() != null;
        CanonicalStatus status = resolved ? CanonicalStatus.RESOLVED : CanonicalStatus.NEW;
        Severity severity = severity(i.severity());
        WorkItem model = new WorkItem(i.id(), WorkItemKind.INCIDENT,
                new SourceRef(SourceSystem.IMPORT, "incident", i.id(), i.id(), null, 0, null), null, null, status,
                null, severity, i.severity(), FlowType.DEFECT, null, null, null, null, null, Set.of(), i.createdAt(),
                null, i.resolvedAt(), null, null);
        Map<String, Object> p = new HashMap<>();
        p.put("id", i.id());
        p.put("status", status.name());
        p.put("category", status.category().name());
        p.put("severity", i.severity());
        p.put("scope", i.scope());
        p.put("createdAt", sql(i.createdAt()));
        p.put("resolvedAt", sql(i.resolvedAt()));
        p.put("payload", json(model));
        int changed = jdbc.sql("""
                        insert into work_item (id, kind, source_system, source_entity, native_id, source_key, status,
                                               status_category, severity, flow_type, scope, created_at, resolved_at,
                                               payload)
                        values (:id, 'INCIDENT', 'IMPORT', 'incident', :id, :id, :status, :category, :severity,
                                'DEFECT', :scope, :createdAt, :resolvedAt, cast(:payload as jsonb))
                        on conflict (id) do update set
                            status = excluded.status, status_category = excluded.status_category,
                            severity = excluded.severity, scope = excluded.scope, created_at = excluded.created_at,
                            resolved_at = excluded.resolved_at, payload = excluded.payload, stored_at = now()
                        where work_item.source_system = 'IMPORT'
                          and (work_item.status, work_item.severity, work_item.scope, work_item.created_at,
                               work_item.resolved_at, work_item.payload)
                              is distinct from
                              (excluded.status, excluded.severity, excluded.scope, excluded.created_at,
                               excluded.resolved_at, excluded.payload)""")
                .params(p).update();
        if (i.deploymentId() == null) {
            changed += jdbc.sql("delete from incident_cause where incident_id = :id and source = 'IMPORT'")
                    .param("id", i.id()).update();
        } else {
            changed += jdbc.sql("""
                            insert into incident_cause (incident_id, deployment_id, source)
                            values (:id, :deployment, 'IMPORT')
                            on conflict (incident_id) do update set deployment_id = excluded.deployment_id,
                                source = excluded.source, recorded_at = now()
                            where incident_cause.deployment_id is distinct from excluded.deployment_id""")
                    .param("id", i.id()).param("deployment", i.deploymentId()).update();
        }
        return changed;
    }

    private static Severity severity(String value) {
        if (value == null) {
            return null;
        }
        for (Severity s : Severity.values()) {
            if (s.name().equals(value)) {
                return s;
            }
        }
        return null;
    }

    private static OffsetDateTime sql(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
