package io.scrumops.bridge.store;

import io.scrumops.bridge.model.Deployment;
import io.scrumops.bridge.model.EnvironmentType;
import io.scrumops.bridge.model.SourceRef;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class DeploymentRepository {

    private static final String UPSERT = """
            insert into deployment (id, source_system, native_id, service, environment, environment_type, status,
                                    started_at, finished_at, ref, linked_item_keys, source_updated_at,
                                    source_version, payload)
            values (:id, :sourceSystem, :nativeId, :service, :environment, :environmentType, :status,
                    :startedAt, :finishedAt, :ref,
                    array(select jsonb_array_elements_text(cast(:payload as jsonb) -> 'linkedItemKeys')),
                    :sourceUpdatedAt,
                    :sourceVersion, cast(:payload as jsonb))
            on conflict (id) do update set
                source_system = excluded.source_system, native_id = excluded.native_id,
                service = excluded.service, environment = excluded.environment,
                environment_type = excluded.environment_type, status = excluded.status,
                started_at = excluded.started_at, finished_at = excluded.finished_at, ref = excluded.ref,
                linked_item_keys = excluded.linked_item_keys, source_updated_at = excluded.source_updated_at,
                source_version = excluded.source_version, payload = excluded.payload, stored_at = now()
            where %s
            returning (xmax = 0)
            """.formatted(GuardedUpsert.guard("deployment"));

    private final JdbcClient jdbc;

    public DeploymentRepository(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    public UpsertOutcome upsert(Deployment deployment) {
        String payload = JsonPayload.write(deployment);
        SourceRef source = deployment.source();
        Map<String, Object> params = new HashMap<>();
        params.put("id", deployment.id());
        params.put("sourceSystem", source == null ? null : source.system().name());
        params.put("nativeId", source == null ? null : source.nativeId());
        params.put("service", deployment.service());
        params.put("environment", deployment.environment());
        params.put("environmentType", deployment.environmentType() == null ? null : deployment.environmentType().name());
        params.put("status", deployment.status() == null ? null : deployment.status().name());
        params.put("startedAt", SqlTime.toSql(deployment.startedAt()));
        params.put("finishedAt", SqlTime.toSql(deployment.finishedAt()));
        params.put("ref", deployment.ref());
        params.put("sourceUpdatedAt", source == null ? null : SqlTime.toSql(source.updatedAt()));
        params.put("sourceVersion", source == null ? null : source.version());
        params.put("payload", payload);
        return GuardedUpsert.run(jdbc, UPSERT, params, "deployment", deployment.id(), payload);
    }

    /**
     * A start that an event reported is kept even when a later event (GitLab's final Deployment Hook) gives none, or
     * when the event that gave it arrived after the final one and was refused as older.
     */
    public void keepEarliestStart(String id, Instant startedAt) {
        jdbc.sql("""
                        update deployment set started_at = :startedAt,
                            payload = jsonb_set(payload, '{startedAt}', to_jsonb(cast(:startedText as text)))
                        where id = :id and (started_at is null or started_at > :startedAt)""")
                .param("id", id).param("startedAt", SqlTime.toSql(startedAt))
                .param("startedText", startedAt.toString()).update();
    }

    public Optional<Deployment> findById(String id) {
        return jdbc.sql("select payload from deployment where id = :id").param("id", id)
                .query(String.class).optional().map(DeploymentRepository::read);
    }

    /** Deployments to one class of environment that finished in [from, to), oldest first. */
    public List<Deployment> findFinishedBetween(EnvironmentType environmentType, Instant from, Instant to) {
        return jdbc.sql("""
                        select payload from deployment
                        where environment_type = :environmentType and finished_at >= :from and finished_at < :to
                        order by finished_at, id""")
                .param("environmentType", environmentType.name())
                .param("from", SqlTime.toSql(from))
                .param("to", SqlTime.toSql(to))
                .query(String.class).list().stream().map(DeploymentRepository::read).toList();
    }

    /** Deployments whose commits or payload named this issue key or incident number. */
    public List<Deployment> findLinkedTo(String itemKey) {
        return jdbc.sql("select payload from deployment where :key = any(linked_item_keys) order by finished_at, id")
                .param("key", itemKey)
                .query(String.class).list().stream().map(DeploymentRepository::read).toList();
    }

    private static Deployment read(String payload) {
        return JsonPayload.read(payload, Deployment.class);
    }
}
