package io.scrumops.bridge.metrics;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Flow and stage figures in SQL over the kept aggregates work_item_flow and status_span. */
@Repository
public class FlowRepository {

    /** Items done in a period (null period: the whole window) of a flow type (null: all types). */
    public record DoneRow(LocalDate period, String flowType, long items, Double flowTimeDaysMedian,
                          Double flowTimeDaysMean, Double cycleTimeDaysMedian, Double cycleTimeDaysMean,
                          double activeSeconds, double flowSeconds) {
    }

    public record LoadRow(LocalDate period, String flowType, long started, long done) {
    }

    public record StageRow(String valueStream, String stage, boolean active, long items, double seconds) {
    }

    public record FlowItem(String id, String kind, String flowType, Instant createdAt, Instant startedAt,
                           Instant doneAt, double activeSeconds, double waitingSeconds) {
    }

    /** Epics are containers, not flow items. */
    static final String FLOW_ITEMS = "f.kind is distinct from 'EPIC'";

    private final JdbcClient jdbc;

    public FlowRepository(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    public List<DoneRow> done(MetricsFilter f, String unit) {
        return jdbc.sql("""
                        select period, flow_type, count(*) as items,
                               percentile_cont(0.5) within group (order by flow_days) as ft_median,
                               avg(flow_days) as ft_mean,
                               percentile_cont(0.5) within group (order by cycle_days) as ct_median,
                               avg(cycle_days) as ct_mean,
                               sum(active_seconds) as active, sum(active_seconds + waiting_seconds) as flow
                        from (select f.done_%1$s as period,
                                     coalesce(f.flow_type, 'UNKNOWN') as flow_type,
                                     f.flow_seconds / 86400 as flow_days,
                                     f.cycle_seconds / 86400 as cycle_days,
                                     f.active_seconds, f.waiting_seconds
                              from work_item_flow f
                              where f.done_at >= :from and f.done_at < :to and %2$s %3$s) done
                        group by grouping sets ((period, flow_type), (flow_type), ())
                        order by period nulls first, flow_type nulls first""".formatted(unit, FLOW_ITEMS, f.scope("f.scope")))
                .params(DoraRepository.params(f))
                .query((rs, i) -> new DoneRow(rs.getObject("period", LocalDate.class),
                        grouped(rs, "flow_type"), rs.getLong("items"), dbl(rs, "ft_median"), dbl(rs, "ft_mean"),
                        dbl(rs, "ct_median"), dbl(rs, "ct_mean"), rs.getDouble("active"), rs.getDouble("flow")))
                .list();
    }

    /** Items in progress (started, not done) when the window began, per flow type. */
    public Map<String, Long> loadAtStart(MetricsFilter f) {
        String sql = wholeDays(f) ? """
                select f.flow_type, sum(f.started - f.left_load) as n from flow_day f
                where f.day < cast(:fromDay as date) %2$s
                group by 1 having sum(f.started - f.left_load) <> 0""" : """
                select coalesce(f.flow_type, 'UNKNOWN') as flow_type, count(*) as n from work_item_flow f
                where f.started_at < :from and (f.done_at is null or f.done_at >= :from) and %1$s %2$s
                group by 1""";
        return jdbc.sql(sql.formatted(FLOW_ITEMS, f.scope("f.scope")))
                .params(params(f))
                .query((rs, i) -> Map.entry(rs.getString("flow_type"), rs.getLong("n")))
                .list().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** Items started and items (started earlier and) done per period and flow type within the window. */
    public List<LoadRow> loadMoves(MetricsFilter f, String unit) {
        String sql = wholeDays(f) ? """
                select date_trunc('%1$s', f.day)::date as period, f.flow_type, sum(f.started) as started,
                       sum(f.done) as done
                from flow_day f where f.day >= cast(:fromDay as date) and f.day < cast(:toDay as date) %3$s
                group by 1, 2 having sum(f.started) <> 0 or sum(f.done) <> 0 order by 1, 2""" : """
                select period, flow_type, sum(started) as started, sum(done) as done from (
                    select date_trunc('%1$s', f.started_at at time zone 'UTC')::date as period,
                           coalesce(f.flow_type, 'UNKNOWN') as flow_type, 1 as started, 0 as done
                    from work_item_flow f
                    where f.started_at >= :from and f.started_at < :to and %2$s %3$s
                    union all
                    select date_trunc('%1$s', f.done_at at time zone 'UTC')::date,
                           coalesce(f.flow_type, 'UNKNOWN'), 0, 1
                    from work_item_flow f
                    where f.done_at >= :from and f.done_at < :to and f.started_at is not null
                      and f.started_at <= f.done_at and %2$s %3$s) moves
                group by 1, 2 order by 1, 2""";
        return jdbc.sql(sql.formatted(unit, FLOW_ITEMS, f.scope("f.scope")))
                .params(params(f))
                .query((rs, i) -> new LoadRow(rs.getObject("period", LocalDate.class), rs.getString("flow_type"),
                        rs.getLong("started"), rs.getLong("done")))
                .list();
    }

    /**
     * Time spent in each stage within the window (clipped to it), active and waiting apart; done statuses excluded.
     * A stay counts its item unless the item's previous stay in the same group overlaps the window as well
     * (prev_left_at after the window's start): each item is counted once per group.
     */
    public List<StageRow> stages(MetricsFilter f, Instant now) {
        Map<String, Object> p = params(f);
        p.put("now", java.time.OffsetDateTime.ofInstant(now, java.time.ZoneOffset.UTC));
        String group = """
                coalesce(s.value_stream, 'UNMAPPED'), coalesce(s.stage, lower(s.status)), s.active""";
        String notDone = "s.status not in " + FlowAggregates.DONE_STATUSES;
        String sql = wholeDays(f)
                // closed stays from the per-day tables (docs/metrics.md), open stays (they run to now) from status_span
                ? """
                select value_stream, stage, active, sum(items) as items, sum(seconds) as seconds from (
                    select s.value_stream, s.stage, s.active,
                           sum(case when s.day < cast(:fromDay as date) then s.entered - s.left_n else s.entered end) as items,
                           86400.0 * sum(case when s.day < cast(:fromDay as date) then (s.entered - s.left_n) * (cast(:toDay as date) - cast(:fromDay as date))
                                              else (s.entered - s.left_n) * (cast(:toDay as date) - s.day - 1) end)
                               + sum(case when s.day >= cast(:fromDay as date) then s.enter_rest_us - s.leave_rest_us else 0 end)
                                 / 1e6 as seconds
                    from stage_day s where s.day < cast(:toDay as date) %3$s
                    group by 1, 2, 3
                    union all
                    select s.value_stream, s.stage, s.active, -sum(s.stays), 0 from stage_reentry s
                    where s.prev_day >= cast(:fromDay as date) and s.entry_day < cast(:toDay as date) %3$s
                    group by 1, 2, 3
                    union all
                    select %1$s, count(*) filter (where s.prev_left_at is null or s.prev_left_at <= :from),
                           extract(epoch from sum(least(:now, :to) - greatest(s.entered_at, :from)))
                    from status_span s
                    where s.left_at is null and s.entered_at < :to and %2$s
                      and least(:now, :to) > greatest(s.entered_at, :from) %3$s
                    group by 1, 2, 3) parts(value_stream, stage, active, items, seconds)
                group by 1, 2, 3 having sum(items) > 0 order by 1, 2, 3"""
                : """
                select value_stream, stage, active,
                       count(*) filter (where prev_left_at is null or prev_left_at <= :from) as items,
                       extract(epoch from sum(least(coalesce(left_at, :now), :to) - greatest(entered_at, :from)))
                           as seconds
                from (select %1$s, s.scope, s.prev_left_at, s.entered_at, s.left_at from status_span s
                      where s.entered_at >= :from and s.entered_at < :to and %2$s
                      union all
                      select %1$s, s.scope, null, s.entered_at, s.left_at from status_span s
                      where s.left_at > :from and s.entered_at < :from and %2$s
                      union all
                      select %1$s, s.scope, null, s.entered_at, s.left_at from status_span s
                      where s.left_at is null and s.entered_at < :from and %2$s)
                     spans(value_stream, stage, active, scope, prev_left_at, entered_at, left_at)
                where least(coalesce(left_at, :now), :to) > greatest(entered_at, :from) %4$s
                group by 1, 2, 3 order by 1, 2, 3""";
        return jdbc.sql(sql.formatted(group, notDone, f.scope("s.scope"), f.scope("scope")))
                .params(p)
                .query((rs, i) -> new StageRow(rs.getString("value_stream"), rs.getString("stage"),
                        rs.getBoolean("active"), rs.getLong("items"), rs.getDouble("seconds")))
                .list();
    }

    /** Items done in the window (optionally of one flow type), for drill-down. */
    public List<FlowItem> doneItems(MetricsFilter f, String flowType, int limit, int offset) {
        Map<String, Object> p = DoraRepository.params(f);
        p.put("flowType", flowType);
        p.put("limit", limit);
        p.put("offset", offset);
        return jdbc.sql("""
                        select f.* from work_item_flow f
                        where f.done_at >= :from and f.done_at < :to and %s %s
                          and (cast(:flowType as text) is null or coalesce(f.flow_type, 'UNKNOWN') = :flowType)
                        order by f.done_at, f.work_item_id limit :limit offset :offset"""
                        .formatted(FLOW_ITEMS, f.scope("f.scope")))
                .params(p)
                .query((rs, i) -> new FlowItem(rs.getString("work_item_id"), rs.getString("kind"),
                        rs.getString("flow_type"), ts(rs, "created_at"), ts(rs, "started_at"), ts(rs, "done_at"),
                        rs.getDouble("active_seconds"), rs.getDouble("waiting_seconds")))
                .list();
    }

    /** Items that spent time in one stage within the window, for drill-down. */
    public List<String> stageItems(MetricsFilter f, String valueStream, String stage, int limit, int offset) {
        Map<String, Object> p = DoraRepository.params(f);
        p.put("stream", valueStream);
        p.put("stage", stage);
        p.put("limit", limit);
        p.put("offset", offset);
        return jdbc.sql("""
                        select distinct s.work_item_id from status_span s
                        where s.entered_at < :to and (s.left_at is null or s.left_at > :from)
                          and coalesce(s.value_stream, 'UNMAPPED') = :stream and coalesce(s.stage, lower(s.status)) = :stage
                          and s.status not in %s %s
                        order by 1 limit :limit offset :offset""".formatted(FlowAggregates.DONE_STATUSES,
                        f.scope("s.scope")))
                .params(p).query(String.class).list();
    }

    /** Whether the window begins and ends at midnight UTC: then the per-day tables answer. */
    static boolean wholeDays(MetricsFilter f) {
        return f.from().getEpochSecond() % 86400 == 0 && f.from().getNano() == 0
                && f.to().getEpochSecond() % 86400 == 0 && f.to().getNano() == 0;
    }

    private static Map<String, Object> params(MetricsFilter f) {
        Map<String, Object> p = DoraRepository.params(f);
        p.put("fromDay", f.from().atOffset(java.time.ZoneOffset.UTC).toLocalDate());
        p.put("toDay", f.to().atOffset(java.time.ZoneOffset.UTC).toLocalDate());
        return p;
    }

    private static String grouped(ResultSet rs, String column) throws SQLException {
        return rs.getString(column);
    }

    private static Double dbl(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    private static Instant ts(ResultSet rs, String column) throws SQLException {
        java.sql.Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
