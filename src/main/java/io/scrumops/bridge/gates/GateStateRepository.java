package io.scrumops.bridge.gates;

import io.scrumops.bridge.model.GateEvaluation;
import io.scrumops.bridge.model.GateVerdict;
import io.scrumops.bridge.model.SignOff;
import io.scrumops.bridge.store.StoreBatch;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import javax.sql.DataSource;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Gate verdicts, their history, sign-offs, remote answers and release membership, in PostgreSQL. */
@Repository
public class GateStateRepository {

    private static final String MEMBERSHIPS = "release_item";

    private static final String SAVE = """
            insert into gate_state (release_id, gate_id, verdict, evaluation, evaluated_at, changed_at, evidence_key)
            values (:release, :gate, :verdict, cast(:evaluation as jsonb), :at, :at, :key)
            on conflict (release_id, gate_id) do update set verdict = excluded.verdict,
                evaluation = excluded.evaluation, evaluated_at = excluded.evaluated_at,
                changed_at = case when :changed then excluded.changed_at else gate_state.changed_at end,
                evidence_key = excluded.evidence_key
            """;

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate named;

    public GateStateRepository(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
        this.named = new NamedParameterJdbcTemplate(dataSource);
    }

    // --- membership

    /**
     * Reads ahead the releases these items belong to, for {@link #releasesOfItem} during the consumer's store batch
     * bound to this thread ({@link StoreBatch}); does nothing without one.
     */
    public void prefetchMemberships(Collection<String> workItemIds) {
        Map<Object, Object> known = StoreBatch.readAhead(MEMBERSHIPS);
        if (known == null || workItemIds.isEmpty()) {
            return;
        }
        Map<String, List<String>> releases = new HashMap<>();
        workItemIds.forEach(id -> releases.put(id, new ArrayList<>()));
        jdbc.sql("select work_item_id, release_id from release_item where work_item_id = any(:ids)"
                        + " order by work_item_id, release_id")
                .param("ids", workItemIds.toArray(String[]::new))
                .query((rs, row) -> Map.entry(rs.getString("work_item_id"), rs.getString("release_id"))).list()
                .forEach(row -> releases.get(row.getKey()).add(row.getValue()));
        releases.forEach((id, ids) -> known.put(id, List.copyOf(ids)));
    }

    @SuppressWarnings("unchecked")
    public List<String> releasesOfItem(String workItemId) {
        Map<Object, Object> known = StoreBatch.readAhead(MEMBERSHIPS);
        Object releases = known == null ? null : known.get(workItemId);
        if (releases != null) {
            return (List<String>) releases;
        }
        return jdbc.sql("select release_id from release_item where work_item_id = :id order by release_id")
                .param("id", workItemId).query(String.class).list();
    }

    /**
     * Makes the item a member of exactly these releases; returns the releases it belonged to before. A membership
     * that stays as it is is not rewritten (nothing moves the release's kept evidence).
     */
    public List<String> replaceMemberships(String workItemId, Collection<String> releaseIds, String issueType,
                                           Map<String, String> fields) {
        forgetMemberships(workItemId);
        String json = GateJson.write(fields == null ? Map.of() : fields);
        Map<String, Boolean> before = new LinkedHashMap<>();
        jdbc.sql("""
                        select release_id, issue_type is not distinct from :type and fields = cast(:fields as jsonb)
                        from release_item where work_item_id = :id order by release_id
                        """)
                .param("id", workItemId).param("type", issueType).param("fields", json)
                .query((rs, n) -> before.put(rs.getString(1), rs.getBoolean(2))).list();
        if (before.keySet().stream().anyMatch(r -> !releaseIds.contains(r))) {
            jdbc.sql("delete from release_item where work_item_id = :id and not (release_id = any(:keep))")
                    .param("id", workItemId).param("keep", releaseIds.toArray(String[]::new)).update();
        }
        for (String releaseId : releaseIds) {
            if (!Boolean.TRUE.equals(before.get(releaseId))) {
                putItem(releaseId, workItemId, issueType, fields);
            }
        }
        return List.copyOf(before.keySet());
    }

    public void putItem(String releaseId, String workItemId, String issueType, Map<String, String> fields) {
        forgetMemberships(workItemId);
        jdbc.sql("""
                        insert into release_item (release_id, work_item_id, issue_type, fields)
                        values (:release, :item, :type, cast(:fields as jsonb))
                        on conflict (release_id, work_item_id) do update set issue_type = excluded.issue_type,
                            fields = excluded.fields
                        where release_item.issue_type is distinct from excluded.issue_type
                           or release_item.fields is distinct from excluded.fields
                        """)
                .param("release", releaseId).param("item", workItemId).param("type", issueType)
                .param("fields", GateJson.write(fields == null ? Map.of() : fields)).update();
    }

    private static void forgetMemberships(String workItemId) {
        Map<Object, Object> known = StoreBatch.readAhead(MEMBERSHIPS);
        if (known != null) {
            known.remove(workItemId);
        }
    }

    // --- verdicts

    public Map<String, GateEvaluation> states(String releaseId) {
        Map<String, GateEvaluation> states = new LinkedHashMap<>();
        jdbc.sql("select gate_id, evaluation from gate_state where release_id = :id").param("id", releaseId)
                .query((rs, n) -> Map.entry(rs.getString(1), GateJson.read(rs.getString(2), GateEvaluation.class)))
                .list().forEach(e -> states.put(e.getKey(), e.getValue()));
        return states;
    }

    /** The stored evaluations of many releases, by release id then gate id. */
    public Map<String, Map<String, GateEvaluation>> statesOf(Collection<String> releaseIds) {
        Map<String, Map<String, GateEvaluation>> result = new HashMap<>();
        jdbc.sql("select release_id, gate_id, evaluation from gate_state where release_id = any(:ids)")
                .param("ids", releaseIds.toArray(String[]::new))
                .query((rs, n) -> result.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>())
                        .put(rs.getString(2), GateJson.read(rs.getString(3), GateEvaluation.class)))
                .list();
        return result;
    }

    public Map<String, Map<String, GateVerdict>> verdicts(Collection<String> releaseIds) {
        Map<String, Map<String, GateVerdict>> result = new HashMap<>();
        jdbc.sql("select release_id, gate_id, verdict from gate_state where release_id = any(:ids)")
                .param("ids", releaseIds.toArray(String[]::new))
                .query((rs, n) -> {
                    result.computeIfAbsent(rs.getString(1), k -> new HashMap<>())
                            .put(rs.getString(2), GateVerdict.valueOf(rs.getString(3)));
                    return null;
                }).list();
        return result;
    }

    public void save(GateEvaluation evaluation, boolean verdictChanged) {
        save(evaluation, verdictChanged, null);
    }

    /**
     * Stores the gate's evaluation.
     *
     * @param evidenceKey the revisions of the release's items it was judged on (see {@link KeptEvidence}), or null
     */
    public void save(GateEvaluation evaluation, boolean verdictChanged, String evidenceKey) {
        jdbc.sql(SAVE)
                .param("release", evaluation.releaseId()).param("gate", evaluation.gateId())
                .param("verdict", evaluation.verdict().name()).param("evaluation", GateJson.write(evaluation))
                .param("at", sql(evaluation.evaluatedAt())).param("changed", verdictChanged)
                .param("key", evidenceKey).update();
    }

    /** One gate's evaluation to store ({@link #saveAll}). */
    public record Save(GateEvaluation evaluation, boolean verdictChanged, String evidenceKey) {
    }

    /**
     * Stores these evaluations (as {@link #save(GateEvaluation, boolean, String)} each) in one round trip to the
     * database, whatever their number.
     */
    public void saveAll(List<Save> saves) {
        if (saves.size() == 1) {
            Save one = saves.get(0);
            save(one.evaluation(), one.verdictChanged(), one.evidenceKey());
            return;
        }
        if (saves.isEmpty()) {
            return;
        }
        named.batchUpdate(SAVE, saves.stream().map(one -> new MapSqlParameterSource()
                        .addValue("release", one.evaluation().releaseId()).addValue("gate", one.evaluation().gateId())
                        .addValue("verdict", one.evaluation().verdict().name())
                        .addValue("evaluation", GateJson.write(one.evaluation()))
                        .addValue("at", sql(one.evaluation().evaluatedAt())).addValue("changed", one.verdictChanged())
                        .addValue("key", one.evidenceKey()))
                .toArray(MapSqlParameterSource[]::new));
    }

    /** Evaluations that stand as stored, judged again on newer evidence: only their evidence keys move, in one statement. */
    public void saveEvidenceKeys(String releaseId, Map<String, String> keysByGate) {
        if (keysByGate.isEmpty()) {
            return;
        }
        List<String> gates = new ArrayList<>(keysByGate.keySet());
        jdbc.sql("""
                        update gate_state s set evidence_key = k.key
                        from unnest(cast(:gates as text[]), cast(:keys as text[])) k(gate_id, key)
                        where s.release_id = :release and s.gate_id = k.gate_id
                        """)
                .param("release", releaseId).param("gates", gates.toArray(String[]::new))
                .param("keys", gates.stream().map(keysByGate::get).toArray(String[]::new)).update();
    }

    /** One verdict change to record ({@link #recordChanges}). */
    public record Change(GateEvaluation evaluation, GateVerdict from) {
    }

    /**
     * Records the verdict changes of one release in one statement; returns the history
     * id of each, by gate id (ids in the order given).
     */
    public Map<String, Long> recordChanges(String releaseId, List<Change> changes, String cause, String actor) {
        Map<String, Long> ids = new LinkedHashMap<>();
        if (changes.isEmpty()) {
            return ids;
        }
        jdbc.sql("""
                        insert into gate_history (release_id, gate_id, from_verdict, to_verdict, cause, actor, reason,
                                                  evaluation, at)
                        select :release, c.gate_id, c.from_verdict, c.to_verdict, :cause, :actor, c.reason,
                               cast(c.evaluation as jsonb), cast(c.at as timestamptz)
                        from unnest(cast(:gates as text[]), cast(:froms as text[]), cast(:tos as text[]),
                                    cast(:reasons as text[]), cast(:evaluations as text[]), cast(:ats as text[]))
                             with ordinality c(gate_id, from_verdict, to_verdict, reason, evaluation, at, n)
                        order by c.n
                        returning gate_id, id
                        """)
                .param("release", releaseId).param("cause", cause).param("actor", actor)
                .param("gates", changes.stream().map(c -> c.evaluation().gateId()).toArray(String[]::new))
                .param("froms", changes.stream().map(c -> c.from() == null ? null : c.from().name())
                        .toArray(String[]::new))
                .param("tos", changes.stream().map(c -> c.evaluation().verdict().name()).toArray(String[]::new))
                .param("reasons", changes.stream().map(c -> c.evaluation().reason()).toArray(String[]::new))
                .param("evaluations", changes.stream().map(c -> GateJson.write(c.evaluation()))
                        .toArray(String[]::new))
                .param("ats", changes.stream().map(c -> String.valueOf(c.evaluation().evaluatedAt()))
                        .toArray(String[]::new))
                .query((rs, n) -> ids.put(rs.getString(1), rs.getLong(2))).list();
        return ids;
    }

    /** The evidence keys of the releases' stored evaluations, by release id then gate id (no evaluation read). */
    public Map<String, Map<String, String>> evidenceKeys(Collection<String> releaseIds) {
        Map<String, Map<String, String>> result = new HashMap<>();
        jdbc.sql("select release_id, gate_id, evidence_key from gate_state where release_id = any(:ids)")
                .param("ids", releaseIds.toArray(String[]::new))
                .query((rs, n) -> result.computeIfAbsent(rs.getString(1), k -> new HashMap<>())
                        .put(rs.getString(2), rs.getString(3) == null ? "" : rs.getString(3)))
                .list();
        return result;
    }

    /** The stored evaluations of these gates, by release id then gate id. */
    public Map<String, Map<String, GateEvaluation>> statesOf(Map<String, ? extends Collection<String>> gatesByRelease) {
        List<String> releases = new java.util.ArrayList<>();
        List<String> gates = new java.util.ArrayList<>();
        gatesByRelease.forEach((r, gs) -> gs.forEach(g -> {
            releases.add(r);
            gates.add(g);
        }));
        Map<String, Map<String, GateEvaluation>> result = new HashMap<>();
        if (releases.isEmpty()) {
            return result;
        }
        jdbc.sql("""
                        select s.release_id, s.gate_id, s.evaluation
                        from unnest(cast(:releases as text[]), cast(:gates as text[])) k(release_id, gate_id)
                        join gate_state s on s.release_id = k.release_id and s.gate_id = k.gate_id
                        """)
                .param("releases", releases.toArray(String[]::new)).param("gates", gates.toArray(String[]::new))
                .query((rs, n) -> result.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>())
                        .put(rs.getString(2), GateJson.read(rs.getString(3), GateEvaluation.class)))
                .list();
        return result;
    }

    public List<GateHistoryEntry> history(String releaseId) {
        return jdbc.sql("""
                        select id, release_id, gate_id, from_verdict, to_verdict, cause, actor, reason, at
                        from gate_history where release_id = :id order by id
                        """).param("id", releaseId)
                .query((rs, n) -> new GateHistoryEntry(rs.getLong("id"), rs.getString("release_id"),
                        rs.getString("gate_id"), verdict(rs.getString("from_verdict")),
                        GateVerdict.valueOf(rs.getString("to_verdict")), rs.getString("cause"), rs.getString("actor"),
                        rs.getString("reason"), rs.getTimestamp("at").toInstant()))
                .list();
    }

    /** A verdict change not yet on the Kafka topic. */
    public record Unpublished(long id, String releaseId, String payload) {
    }

    public List<Unpublished> unpublished(int limit) {
        return jdbc.sql("""
                        select id, release_id, json_build_object('eventId', 'gate-verdict-' || id, 'releaseId', release_id,
                            'gateId', gate_id, 'from', from_verdict, 'to', to_verdict, 'cause', cause, 'actor', actor,
                            'reason', reason, 'at', at, 'evaluation', evaluation)::text as payload
                        from gate_history where published_at is null order by id limit :limit
                        """).param("limit", limit)
                .query((rs, n) -> new Unpublished(rs.getLong(1), rs.getString(2), rs.getString(3))).list();
    }

    public void published(long id) {
        jdbc.sql("update gate_history set published_at = now() where id = :id").param("id", id).update();
    }

    // --- sign-offs

    public Map<String, SignOff> signOffs(String releaseId) {
        Map<String, SignOff> result = new HashMap<>();
        jdbc.sql("select release_id, gate_id, signed_by, signed_at, comment from gate_sign_off where release_id = :id")
                .param("id", releaseId)
                .query((rs, n) -> new SignOff(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant(), rs.getString(5)))
                .list().forEach(s -> result.put(s.gateId(), s));
        return result;
    }

    public void signOff(SignOff signOff) {
        jdbc.sql("""
                        insert into gate_sign_off (release_id, gate_id, signed_by, signed_at, comment)
                        values (:release, :gate, :by, :at, :comment)
                        on conflict (release_id, gate_id) do update set signed_by = excluded.signed_by,
                            signed_at = excluded.signed_at, comment = excluded.comment
                        """)
                .param("release", signOff.releaseId()).param("gate", signOff.gateId()).param("by", signOff.signedBy())
                .param("at", sql(signOff.signedAt())).param("comment", signOff.comment()).update();
    }

    public Optional<SignOff> withdraw(String releaseId, String gateId) {
        return jdbc.sql("""
                        delete from gate_sign_off where release_id = :release and gate_id = :gate
                        returning release_id, gate_id, signed_by, signed_at, comment
                        """).param("release", releaseId).param("gate", gateId)
                .query((rs, n) -> new SignOff(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant(), rs.getString(5))).optional();
    }

    // --- remote answers

    public Map<String, RemoteQueryResult> remoteResults(String releaseId) {
        Map<String, RemoteQueryResult> result = new HashMap<>();
        jdbc.sql("select gate_id, criterion_id, result from gate_remote_result where release_id = :id")
                .param("id", releaseId)
                .query((rs, n) -> result.put(ReleaseEvidence.remoteKey(rs.getString(1), rs.getString(2)),
                        GateJson.read(rs.getString(3), RemoteQueryResult.class))).list();
        return result;
    }

    public void saveRemote(String releaseId, String gateId, String criterionId, RemoteQueryResult answer) {
        jdbc.sql("""
                        insert into gate_remote_result (release_id, gate_id, criterion_id, result, at)
                        values (:release, :gate, :criterion, cast(:result as jsonb), :at)
                        on conflict (release_id, gate_id, criterion_id) do update set result = excluded.result,
                            at = excluded.at
                        """)
                .param("release", releaseId).param("gate", gateId).param("criterion", criterionId)
                .param("result", GateJson.write(answer)).param("at", sql(answer.at())).update();
    }

    static OffsetDateTime sql(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static GateVerdict verdict(String name) {
        return name == null ? null : GateVerdict.valueOf(name);
    }

}
