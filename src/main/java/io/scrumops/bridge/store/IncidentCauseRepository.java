package io.scrumops.bridge.store;

import io.scrumops.bridge.model.IncidentCause;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.util.Collection;
import java.util.Map;
import javax.sql.DataSource;

/**
 * {@code incident_cause} rows from the incident's own source. A cause named by a change request number or sys_id
 * resolves to the CI/CD deployment of that change when there is one (a closed change request and its pipeline run are
 * one deployment), else to the change request's own deployment; a commit sha to the deployment that shipped it; an
 * issue key to the latest deployment that named it. An import's row is never replaced by an event.
 */
@Repository
public class IncidentCauseRepository {

    private final JdbcClient jdbc;

    public IncidentCauseRepository(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    private static final String TABLE = "incident_cause";

    /**
     * Reads ahead which of these incidents have a cause recorded, for {@link #forget} during the store batch bound to
     * this thread ({@link StoreBatch}); does nothing without one.
     */
    public void prefetch(Collection<String> incidentIds) {
        Map<Object, Object> known = StoreBatch.readAhead(TABLE);
        if (known == null || incidentIds.isEmpty()) {
            return;
        }
        for (String id : incidentIds) {
            known.put(id, Boolean.FALSE);
        }
        jdbc.sql("select incident_id from incident_cause where incident_id = any(:ids)")
                .param("ids", incidentIds.toArray(String[]::new))
                .query(String.class).list().forEach(id -> known.put(id, Boolean.TRUE));
    }

    public void record(IncidentCause cause) {
        Map<Object, Object> known = StoreBatch.readAhead(TABLE);
        if (known != null) {
            known.remove(cause.incidentId());
        }
        String changeRef = cause.changeRef() == null ? null : changeNumber(cause.changeRef());
        String deployment = changeRef == null ? null : deploymentFor(changeRef);
        jdbc.sql("""
                        insert into incident_cause (incident_id, deployment_id, change_ref, problem_ref, source)
                        values (:incident, :deployment, :change, :problem, :source)
                        on conflict (incident_id) do update set deployment_id = excluded.deployment_id,
                            change_ref = excluded.change_ref, problem_ref = excluded.problem_ref,
                            source = excluded.source, recorded_at = now()
                        where incident_cause.source <> 'IMPORT'
                          and (incident_cause.deployment_id, incident_cause.change_ref, incident_cause.problem_ref,
                               incident_cause.source)
                              is distinct from (excluded.deployment_id, excluded.change_ref, excluded.problem_ref,
                                                excluded.source)""")
                .param("incident", cause.incidentId()).param("deployment", deployment).param("change", changeRef)
                .param("problem", cause.problemRef()).param("source", cause.source()).update();
    }

    /** The incident's source no longer names a cause: its own row goes (an import's stays). */
    public void forget(String incidentId, String sourcePrefix) {
        Map<Object, Object> known = StoreBatch.readAhead(TABLE);
        if (known != null && Boolean.FALSE.equals(known.get(incidentId))) {
            return; // read ahead: the incident has no cause to forget
        }
        jdbc.sql("delete from incident_cause where incident_id = :id and source like :prefix")
                .param("id", incidentId).param("prefix", sourcePrefix + "%").update();
    }

    /** A change request's sys_id becomes its number when the change request is stored. */
    private String changeNumber(String ref) {
        return jdbc.sql("""
                        select source_key from work_item
                        where id = 'servicenow:change_request:' || :ref and source_key is not null""")
                .param("ref", ref).query(String.class).optional().orElse(ref);
    }

    private String deploymentFor(String ref) {
        return jdbc.sql("""
                        select id from (
                            select id, source_system <> 'SERVICENOW' as pipeline, finished_at from deployment
                            where change_number = :ref or id = 'servicenow:deployment:' || :ref
                            union all
                            select dc.deployment_id, true, dc.finished_at from deployment_commit dc
                            join deployment_change ch on ch.deployment_commit_id = dc.id
                            where ch.sha = :ref
                            union all
                            select id, source_system <> 'SERVICENOW', finished_at from deployment
                            where :ref = any(linked_item_keys)
                        ) candidates
                        order by pipeline desc, finished_at desc nulls last, id limit 1""")
                .param("ref", ref).query(String.class).optional().orElse(null);
    }
}
