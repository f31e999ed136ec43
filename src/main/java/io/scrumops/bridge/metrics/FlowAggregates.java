package io.scrumops.bridge.metrics;

import io.scrumops.bridge.mapping.JiraMapping;
import io.scrumops.bridge.mapping.MappingRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps status_span and work_item_flow up to date from status_change and work_item, incrementally: only items with
 * a status change or a stored change since the last run are recomputed (all of them when the stage mapping
 * changed). Called by the metrics-refresh route; everything happens in SQL.
 */
@Component("flowAggregates")
public class FlowAggregates {

    static final String DONE_STATUSES = "('RESOLVED', 'DONE', 'CANCELLED')";
    static final String ACTIVE_STATUSES = "('IN_PROGRESS', 'IN_REVIEW')";

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final MappingRegistry mappings;

    public FlowAggregates(DataSource dataSource, MappingRegistry mappings) {
        this.jdbc = JdbcClient.create(dataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.mappings = mappings;
    }

    /** @return the number of work items recomputed */
    public int refresh() {
        Integer count = transactions.execute(status -> {
            jdbc.sql("select pg_advisory_xact_lock(hashtext('metrics-flow-refresh'))").query(Object.class).single();
            boolean stagesChanged = syncStages();
            long lastChange = watermark("metrics.flow.status_change_id", "0");
            String lastStored = watermarkText("metrics.flow.work_item_stored_at", "-infinity");
            long maxChange = jdbc.sql("select coalesce(max(id), 0) from status_change").query(Long.class).single();
            String maxStored = jdbc.sql("select coalesce(max(stored_at), '-infinity'::timestamptz)::text from work_item")
                    .query(String.class).single();
            jdbc.sql("create temporary table if not exists flow_touched (work_item_id text primary key) on commit drop")
                    .update();
            jdbc.sql("truncate flow_touched").update();
            if (stagesChanged) {
                jdbc.sql("insert into flow_touched select id from work_item on conflict do nothing").update();
                jdbc.sql("insert into flow_touched select distinct work_item_id from status_change on conflict do nothing")
                        .update();
            } else {
                jdbc.sql("""
                                insert into flow_touched select distinct work_item_id from status_change
                                where id > :last and id <= :max on conflict do nothing""")
                        .param("last", lastChange).param("max", maxChange).update();
                jdbc.sql("""
                                insert into flow_touched select id from work_item
                                where stored_at > cast(:last as timestamptz) and stored_at <= cast(:max as timestamptz)
                                on conflict do nothing""")
                        .param("last", lastStored).param("max", maxStored).update();
            }
            int touched = recompute();
            jdbc.sql("analyze flow_touched").update();
            setWatermark("metrics.flow.status_change_id", Long.toString(maxChange));
            setWatermark("metrics.flow.work_item_stored_at", maxStored);
            return touched;
        });
        return count == null ? 0 : count;
    }

    private int recompute() {
        keptCounts(-1);
        jdbc.sql("delete from status_span where work_item_id in (select work_item_id from flow_touched)").update();
        jdbc.sql("""
                insert into status_span (work_item_id, entered_at, left_at, status, source_status, scope, value_stream,
                                         stage, active, prev_left_at)
                select x.*,
                       -- end of the item's previous stay in the same stage group: the stage query counts a stay's
                       -- item only when that previous stay does not overlap the window too
                       lag(x.left_at) over (partition by x.work_item_id, coalesce(x.value_stream, 'UNMAPPED'),
                                                         coalesce(x.stage, lower(x.status)), x.active,
                                                         x.status in %2$s
                                            order by x.entered_at)
                from (select s.work_item_id, s.changed_at as entered_at,
                             lead(s.changed_at) over (partition by s.work_item_id order by s.changed_at) as left_at,
                             s.to_status as status, s.source_to, coalesce(w.scope, w.team), st.value_stream, st.stage,
                             coalesce(st.active, s.to_status in %1$s) as active
                      from (select distinct on (sc.work_item_id, sc.changed_at) sc.*
                            from status_change sc join flow_touched t on t.work_item_id = sc.work_item_id
                            order by sc.work_item_id, sc.changed_at, sc.id desc) s
                      left join work_item w on w.id = s.work_item_id
                      left join status_stage st on st.source_system = coalesce(w.source_system, 'JIRA')
                                               and st.source_status = lower(s.source_to)) x"""
                        .formatted(ACTIVE_STATUSES, DONE_STATUSES))
                .update();
        jdbc.sql("delete from work_item_flow where work_item_id in (select work_item_id from flow_touched)").update();
        int count = jdbc.sql("""
                insert into work_item_flow (work_item_id, kind, flow_type, scope, created_at, started_at, done_at,
                                            active_seconds, waiting_seconds, flow_seconds, cycle_seconds,
                                            done_week, done_month)
                select w.id, w.kind, w.flow_type, coalesce(w.scope, w.team), w.created_at, sp.started, done.at,
                       coalesce(sp.active, 0), coalesce(sp.waiting, 0),
                       extract(epoch from (done.at - w.created_at))::double precision,
                       extract(epoch from (done.at - sp.started))::double precision,
                       date_trunc('week', done.at at time zone 'UTC')::date,
                       date_trunc('month', done.at at time zone 'UTC')::date
                from work_item w
                join flow_touched t on t.work_item_id = w.id
                cross join lateral (select case when w.status_category = 'DONE'
                                                then coalesce(w.resolved_at, w.updated_at) end as at) done
                left join lateral (
                    select min(s.entered_at) filter (where s.status not in %1$s and s.status <> 'NEW') as started,
                           sum(extract(epoch from (coalesce(s.left_at, done.at, now()) - s.entered_at)))
                               filter (where s.active and s.status not in %1$s) as active,
                           sum(extract(epoch from (coalesce(s.left_at, done.at, now()) - s.entered_at)))
                               filter (where not s.active and s.status not in %1$s and s.status <> 'NEW') as waiting
                    from status_span s where s.work_item_id = w.id) sp on true""".formatted(DONE_STATUSES))
                .update();
        keptCounts(1);
        return count;
    }

    /**
     * Adds (sign 1) or takes out (sign -1) the touched items' share of the per-day tables flow_day, stage_day and
     * stage_reentry, from their current work_item_flow and status_span rows.
     */
    private void keptCounts(int sign) {
        jdbc.sql("""
                insert into flow_day (day, scope, flow_type, started, done, left_load)
                select day, scope, flow_type, sum(started) * :sign, sum(done) * :sign, sum(left_load) * :sign
                from (select (f.started_at at time zone 'UTC')::date as day, coalesce(f.scope, '') as scope,
                             coalesce(f.flow_type, 'UNKNOWN') as flow_type, 1 as started, 0 as done, 0 as left_load
                      from work_item_flow f join flow_touched t on t.work_item_id = f.work_item_id
                      where f.started_at is not null and %1$s
                      union all
                      select (f.done_at at time zone 'UTC')::date, coalesce(f.scope, ''),
                             coalesce(f.flow_type, 'UNKNOWN'), 0, 1, 0
                      from work_item_flow f join flow_touched t on t.work_item_id = f.work_item_id
                      where f.done_at is not null and f.started_at is not null and f.started_at <= f.done_at and %1$s
                      union all
                      select (greatest(f.started_at, f.done_at) at time zone 'UTC')::date, coalesce(f.scope, ''),
                             coalesce(f.flow_type, 'UNKNOWN'), 0, 0, 1
                      from work_item_flow f join flow_touched t on t.work_item_id = f.work_item_id
                      where f.done_at is not null and f.started_at is not null and %1$s) x
                group by 1, 2, 3
                on conflict (day, scope, flow_type) do update set started = flow_day.started + excluded.started,
                    done = flow_day.done + excluded.done, left_load = flow_day.left_load + excluded.left_load"""
                        .formatted(FlowRepository.FLOW_ITEMS))
                .param("sign", sign).update();
        String group = """
                coalesce(s.scope, '') as scope, coalesce(s.value_stream, 'UNMAPPED') as value_stream,
                coalesce(s.stage, lower(s.status)) as stage, s.active""";
        String closedStays = """
                from status_span s join flow_touched t on t.work_item_id = s.work_item_id
                where s.left_at is not null and s.status not in %s""".formatted(DONE_STATUSES);
        // a stay leaves on the day of the last microsecond it covers
        String leaveDay = "((s.left_at - interval '1 microsecond') at time zone 'UTC')::date";
        jdbc.sql("""
                insert into stage_day (day, scope, value_stream, stage, active, entered, enter_rest_us, left_n,
                                       leave_rest_us)
                select day, scope, value_stream, stage, active, sum(entered) * :sign, sum(enter_rest) * :sign,
                       sum(left_n) * :sign, sum(leave_rest) * :sign
                from (select (s.entered_at at time zone 'UTC')::date as day, %1$s, 1 as entered,
                             micros(((s.entered_at at time zone 'UTC')::date + 1)::timestamp
                                    - (s.entered_at at time zone 'UTC')) as enter_rest, 0 as left_n, 0 as leave_rest
                      %2$s
                      union all
                      select %3$s, %1$s, 0, 0, 1,
                             micros((%3$s + 1)::timestamp - (s.left_at at time zone 'UTC'))
                      %2$s) x
                group by 1, 2, 3, 4, 5
                on conflict (value_stream, stage, active, scope, day) do update set
                    entered = stage_day.entered + excluded.entered,
                    enter_rest_us = stage_day.enter_rest_us + excluded.enter_rest_us,
                    left_n = stage_day.left_n + excluded.left_n,
                    leave_rest_us = stage_day.leave_rest_us + excluded.leave_rest_us"""
                        .formatted(group, closedStays, leaveDay).replace("micros(", "metrics_micros("))
                .param("sign", sign).update();
        jdbc.sql("""
                insert into stage_reentry (prev_day, entry_day, scope, value_stream, stage, active, stays)
                select ((s.prev_left_at - interval '1 microsecond') at time zone 'UTC')::date,
                       (s.entered_at at time zone 'UTC')::date, %1$s, count(*) * :sign
                %2$s and s.prev_left_at is not null
                group by 1, 2, 3, 4, 5, 6
                on conflict (prev_day, entry_day, scope, value_stream, stage, active) do update set
                    stays = stage_reentry.stays + excluded.stays""".formatted(group, closedStays))
                .param("sign", sign).update();
        if (sign < 0) {
            return;
        }
        jdbc.sql("delete from flow_day where started = 0 and done = 0 and left_load = 0").update();
        jdbc.sql("""
                delete from stage_day
                where entered = 0 and left_n = 0 and enter_rest_us = 0 and leave_rest_us = 0""").update();
        jdbc.sql("delete from stage_reentry where stays = 0").update();
    }

    /** Rebuilds status_stage from the Jira mapping; true when it changed. */
    private boolean syncStages() {
        JiraMapping jira = mappings.current().jira();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String name : jira.stages().names()) {
            JiraMapping.Stage stage = jira.stages().get(name);
            rows.add(Map.of("status", name.toLowerCase(java.util.Locale.ROOT), "stream", stage.valueStream(),
                    "stage", stage.stage(), "active", stage.active()));
        }
        String before = jdbc.sql("""
                        select coalesce(string_agg(source_status || value_stream || stage || active, '|'
                                                   order by source_status), '') from status_stage
                        where source_system = 'JIRA'""").query(String.class).single();
        jdbc.sql("delete from status_stage where source_system = 'JIRA'").update();
        for (Map<String, Object> row : rows) {
            jdbc.sql("""
                            insert into status_stage (source_system, source_status, value_stream, stage, active)
                            values ('JIRA', :status, :stream, :stage, :active) on conflict do nothing""")
                    .params(row).update();
        }
        String after = jdbc.sql("""
                        select coalesce(string_agg(source_status || value_stream || stage || active, '|'
                                                   order by source_status), '') from status_stage
                        where source_system = 'JIRA'""").query(String.class).single();
        return !before.equals(after);
    }

    private long watermark(String name, String fallback) {
        return Long.parseLong(watermarkText(name, fallback));
    }

    private String watermarkText(String name, String fallback) {
        return jdbc.sql("select value from watermark where name = :name").param("name", name)
                .query(String.class).optional().orElse(fallback);
    }

    private void setWatermark(String name, String value) {
        jdbc.sql("""
                        insert into watermark (name, value, updated_at) values (:name, :value, now())
                        on conflict (name) do update set value = excluded.value, updated_at = now()""")
                .param("name", name).param("value", value).update();
    }
}
