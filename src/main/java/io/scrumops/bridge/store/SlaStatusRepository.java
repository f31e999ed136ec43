package io.scrumops.bridge.store;

import io.scrumops.bridge.model.CanonicalStatus;
import io.scrumops.bridge.model.StatusChange;
import io.scrumops.bridge.model.Severity;
import io.scrumops.bridge.model.WorkItem;
import io.scrumops.bridge.model.WorkItemKind;
import io.scrumops.bridge.model.WorkPackageAttributes;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SLA sweep input (open work packages, their status history) and output (sla_status rows). */
@Repository
public class SlaStatusRepository {

    private static final int ROWS_PER_STATEMENT = 5_000;

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate named;

    public SlaStatusRepository(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
        this.named = new NamedParameterJdbcTemplate(dataSource);
    }

    /**
     * The open work packages with what an SLA clock needs (id, status, team, parent, times, work package attributes).
     * Columns and the small work package part of the payload are read rather than whole payloads: the sweep reads
     * every open package each time it runs.
     * <p>
     * The Jira issue of a package the bridge created itself (an escalated level) is stored as an item of its own too;
     * it is that package seen from Jira, not more work, and has no clock of its own.
     */
    public List<WorkItem> openWorkPackages() {
        List<WorkItem> items = new ArrayList<>();
        jdbc.sql("""
                        select w.id, w.status, w.severity, w.team, w.parent_id, w.sprint_id, w.created_at, w.updated_at,
                               w.resolved_at, w.payload -> 'workPackage'
                        from work_item w
                        where w.kind = 'WORK_PACKAGE' and w.status_category is distinct from 'DONE'
                          and not exists (
                              select 1 from sync_link l join work_item b on b.id = l.work_item_id
                              where w.source_system = 'JIRA' and l.system = 'JIRA' and l.native_id = w.native_id
                                and l.work_item_id <> w.id and b.kind = 'WORK_PACKAGE')""")
                .query(rs -> {
                    items.add(openWorkPackage(rs));
                });
        return items;
    }

    private static WorkItem openWorkPackage(ResultSet rs) throws SQLException {
        String severity = rs.getString(3);
        String attributes = rs.getString(10);
        String status = rs.getString(2);
        return new WorkItem(rs.getString(1), WorkItemKind.WORK_PACKAGE, null, null, null,
                status == null ? null : CanonicalStatus.valueOf(status), null,
                severity == null ? null : Severity.valueOf(severity), null, null, null, null, rs.getString(4),
                rs.getString(5), rs.getString(6), Set.of(), SqlTime.instant(rs, "created_at"),
                SqlTime.instant(rs, "updated_at"), SqlTime.instant(rs, "resolved_at"), null,
                attributes == null ? null : JsonPayload.read(attributes, WorkPackageAttributes.class));
    }

    public List<WorkItem> stories() {
        return jdbc.sql("select payload from work_item where kind = 'STORY'").query(String.class).list().stream()
                .map(payload -> JsonPayload.read(payload, WorkItem.class)).toList();
    }

    /** Status history of every open work package, oldest first per package. */
    public Map<String, List<StatusChange>> historyOfOpenWorkPackages() {
        Map<String, List<StatusChange>> history = new HashMap<>();
        jdbc.sql("""
                        select s.work_item_id, s.from_status, s.to_status, s.changed_at from status_change s
                        join work_item w on w.id = s.work_item_id
                        where w.kind = 'WORK_PACKAGE' and w.status_category is distinct from 'DONE'
                        order by s.work_item_id, s.changed_at, s.id""")
                .query(rs -> {
                    String id = rs.getString(1);
                    history.computeIfAbsent(id, k -> new ArrayList<>()).add(new StatusChange(id,
                            status(rs.getString(2)), status(rs.getString(3)), null, null,
                            rs.getTimestamp(4).toInstant(), null));
                });
        return history;
    }

    public Map<String, SlaStatusRow> all() {
        Map<String, SlaStatusRow> rows = new HashMap<>();
        jdbc.sql("select * from sla_status").query(rs -> {
            SlaStatusRow row = map(rs, 0);
            rows.put(row.workPackageId(), row);
        });
        return rows;
    }

    /**
     * Rows of packages still open, by state (null: any) and team (null: any), nearest deadline first. A package
     * escalated to a higher level that is still open is left out: the chain's clock is listed once, at that level.
     */
    public List<SlaStatusRow> list(List<String> states, String team) {
        StringBuilder sql = new StringBuilder("""
                select s.* from sla_status s join work_item w on w.id = s.work_package_id
                where w.status_category is distinct from 'DONE'
                  and not exists (
                      select 1 from work_item h
                      where h.kind = 'WORK_PACKAGE' and h.status_category is distinct from 'DONE'
                        and h.payload -> 'workPackage' -> 'escalations'
                            @> jsonb_build_array(jsonb_build_object('fromWorkPackageId', s.work_package_id)))""");
        MapSqlParameterSource params = new MapSqlParameterSource();
        if (states != null && !states.isEmpty()) {
            sql.append(" and s.state in (:states)");
            params.addValue("states", states);
        }
        if (team != null && !team.isBlank()) {
            sql.append(" and s.team = :team");
            params.addValue("team", team);
        }
        sql.append(" order by s.deadline nulls last, s.work_package_id");
        return named.query(sql.toString(), params, SlaStatusRepository::map);
    }

    /**
     * Upserts the rows in statements of {@value #ROWS_PER_STATEMENT}, each passing its rows as one array per column
     * through {@code unnest}: the first sweep after a start stores a clock for every open package.
     */
    public void saveAll(List<SlaStatusRow> rows) {
        for (int from = 0; from < rows.size(); from += ROWS_PER_STATEMENT) {
            upsert(rows.subList(from, Math.min(rows.size(), from + ROWS_PER_STATEMENT)));
        }
    }

    private void upsert(List<SlaStatusRow> rows) {
        int n = rows.size();
        String[] ids = new String[n];
        String[] teams = new String[n];
        String[] severities = new String[n];
        String[] states = new String[n];
        Double[] warnings = new Double[n];
        Boolean[] breached = new Boolean[n];
        Long[] targets = new Long[n];
        String[] deadlines = new String[n];
        String[] breachedAt = new String[n];
        String[] evaluatedAt = new String[n];
        for (int i = 0; i < n; i++) {
            SlaStatusRow row = rows.get(i);
            ids[i] = row.workPackageId();
            teams[i] = row.team();
            severities[i] = row.severity();
            states[i] = row.state();
            warnings[i] = row.highestWarning();
            breached[i] = row.breached();
            targets[i] = row.target() == null ? null : row.target().toMillis();
            deadlines[i] = text(row.deadline());
            breachedAt[i] = text(row.breachedAt());
            evaluatedAt[i] = text(row.evaluatedAt());
        }
        jdbc.sql("""
                        insert into sla_status (work_package_id, team, severity, state, highest_warning, breached,
                                                target_ms, deadline, breached_at, evaluated_at)
                        select * from unnest(cast(:ids as text[]), cast(:teams as text[]), cast(:severities as text[]),
                                             cast(:states as text[]), cast(:warnings as float8[]),
                                             cast(:breached as boolean[]), cast(:targets as int8[]),
                                             cast(:deadlines as timestamptz[]), cast(:breachedAt as timestamptz[]),
                                             cast(:evaluatedAt as timestamptz[]))
                        on conflict (work_package_id) do update set
                            team = excluded.team, severity = excluded.severity, state = excluded.state,
                            highest_warning = excluded.highest_warning, breached = excluded.breached,
                            target_ms = excluded.target_ms, deadline = excluded.deadline,
                            breached_at = excluded.breached_at, evaluated_at = excluded.evaluated_at""")
                .param("ids", ids)
                .param("teams", teams)
                .param("severities", severities)
                .param("states", states)
                .param("warnings", warnings)
                .param("breached", breached)
                .param("targets", targets)
                .param("deadlines", deadlines)
                .param("breachedAt", breachedAt)
                .param("evaluatedAt", evaluatedAt)
                .update();
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static CanonicalStatus status(String name) {
        return name == null ? null : CanonicalStatus.valueOf(name);
    }

    static SlaStatusRow map(ResultSet rs, int row) throws SQLException {
        Long target = rs.getObject("target_ms", Long.class);
        Double warning = rs.getObject("highest_warning", Double.class);
        return new SlaStatusRow(rs.getString("work_package_id"), rs.getString("team"), rs.getString("severity"),
                rs.getString("state"), warning, rs.getBoolean("breached"),
                target == null ? null : Duration.ofMillis(target), SqlTime.instant(rs, "deadline"),
                SqlTime.instant(rs, "breached_at"), SqlTime.instant(rs, "evaluated_at"));
    }
}
