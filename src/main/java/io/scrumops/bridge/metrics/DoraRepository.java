package io.scrumops.bridge.metrics;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The DORA metrics in SQL. Each metric is an "items" query (id, at, value, ref: one row per deployment, change or
 * incident behind the figure) for a profile; aggregates, trends and drill-downs are computed over it in
 * PostgreSQL, so history never comes into the JVM.
 */
@Repository
public class DoraRepository {

    /** One row per item behind a figure. */
    public record Item(String id, Instant at, Double value, String ref, String url) {
    }

    public record Aggregate(long count, Double median, Double lowerMedian, Double mean) {
    }

    public record PeriodAggregate(LocalDate period, long count, Double median, Double lowerMedian, Double mean,
                                  Double sum) {
    }

    public record DayCount(LocalDate day, long deployments) {
    }

    private final JdbcClient jdbc;

    public DoraRepository(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    // ---------------------------------------------------------------- items queries

    /** Successful production deployments finished in the window; at = finish. */
    public static String deployments(MetricsFilter f) {
        if (f.profile() == MetricsProfile.DEVLAKE) {
            // a deployment = its SUCCESS PRODUCTION commit rows in the project's scopes, dated by the latest finish:
            // those with a row in the window and none finished after it (earlier rows cannot be the latest)
            return """
                    select g.deployment_id as id, g.finished as at, cast(null as double precision) as value,
                           cast(null as text) as ref
                    from (select dc.deployment_id, max(dc.finished_at) as finished
                          from deployment_commit dc
                          where dc.environment_type = 'PRODUCTION' and dc.result = 'SUCCESS'
                            and dc.finished_at >= :from and dc.finished_at < :to %s
                          group by dc.deployment_id) g
                    where not exists (select 1 from deployment_commit dc
                                      where dc.deployment_id = g.deployment_id and dc.environment_type = 'PRODUCTION'
                                        and dc.result = 'SUCCESS' and dc.finished_at >= :to %s)
                    """.formatted(f.scope("dc.scope"), f.scope("dc.scope"));
        }
        return """
                select d.id, d.finished_at as at, cast(null as double precision) as value, cast(null as text) as ref
                from deployment d
                where d.environment_type = 'PRODUCTION' and d.status = 'SUCCESS'
                  and d.finished_at >= :from and d.finished_at < :to %s
                """.formatted(f.scope("d.scope"));
    }

    /**
     * Changes whose first production deployment finished in the window; value = lead time in minutes. Each change
     * keeps the deployment that first shipped it (V64: {@code scm_change.deployed_*}, devlake
     * {@code devlake_deployed_*}, maintained on every write) and its lead time to it (V75: {@code lead_minutes},
     * {@code devlake_lead_minutes}), so this is an index-only range scan over the changes deployed in the window.
     * Under a project or team filter, the few changes deployed in several scopes are worked out from their deployment
     * rows (their first deployment within the filter's scopes may be another one).
     */
    public static String leadTimes(MetricsFilter f) {
        boolean filtered = !f.scope("x").isEmpty();
        String rows = """
                dc.environment_type = 'PRODUCTION' and dc.result = 'SUCCESS' and dc.finished_at is not null %s
                """.formatted(f.scope("dc.scope"));
        if (f.profile() == MetricsProfile.DEVLAKE) {
            // deployable: a row with a previous successful row in its (scope, repo, environment) (V63)
            String deployable = rows + " and dc.repo_url <> '' and dc.prev_success_id is not null";
            // the kept changes carry their minutes (V75); the few spread over several scopes compute theirs
            String kept = """
                    select c.id, c.devlake_deployed_at as at, c.devlake_lead_minutes as value,
                           c.devlake_deployment_id as deployment_id
                    from scm_change c
                    where c.kind = 'PULL_REQUEST' and c.merged_at is not null and c.pull_request_id is null
                      and c.devlake_deployed_at >= :from and c.devlake_deployed_at < :to %s
                    """.formatted(filtered ? "and c.deployed_scopes = 1" + f.scope("c.devlake_deployed_scope") : "");
            String spread = !filtered ? "" : """
                    union all
                    select id, at, cast(coalesce(metrics_span_minutes(authored_at, pr_created_at), 0)
                                        + coalesce(metrics_span_minutes(pr_created_at, merged_at), 0)
                                        + coalesce(metrics_span_minutes(merged_at, at), 0) as double precision),
                           deployment_id
                    from (select distinct on (c.id) c.id, dc.finished_at as at, c.authored_at,
                                 c.pr_created_at, c.merged_at, dc.deployment_id
                          from scm_change c
                          join deployment_change x on x.sha = c.ship_sha
                          join deployment_commit dc on dc.id = x.deployment_commit_id
                          where c.kind = 'PULL_REQUEST' and c.merged_at is not null
                            and c.pull_request_id is null and c.deployed_scopes > 1 and %s
                          order by c.id, dc.started_at, dc.id) first_deployment
                    where at >= :from and at < :to
                    """.formatted(deployable);
            return """
                    select id, at, value, deployment_id as ref
                    from (%s %s) first_deployment
                    """.formatted(kept, spread);
        }
        // the kept changes carry their minutes (V75: the same expression, numeric then double precision); the few
        // spread over several scopes compute theirs
        String kept = """
                select c.id, c.deployed_at as at, c.lead_minutes as value, c.deployed_deployment_id as deployment_id
                from scm_change c
                where c.pull_request_id is null and c.deployed_at >= :from and c.deployed_at < :to %s
                """.formatted(filtered ? "and c.deployed_scopes = 1" + f.scope("c.deployed_scope") : "");
        String spread = !filtered ? "" : """
                union all
                select id, at,
                       cast(extract(epoch from (at - coalesce(authored_at, committed_at, pr_created_at, merged_at)))
                            / 60.0 as double precision),
                       deployment_id
                from (select distinct on (c.id) c.id, dc.finished_at as at, c.authored_at, c.committed_at,
                             c.pr_created_at, c.merged_at, dc.deployment_id
                      from scm_change c
                      join deployment_change x on x.sha = c.ship_sha
                      join deployment_commit dc on dc.id = x.deployment_commit_id
                      where c.pull_request_id is null and c.deployed_scopes > 1 and %s
                      order by c.id, dc.finished_at, dc.id) first_deployment
                where at >= :from and at < :to
                """.formatted(rows);
        return """
                select id, at, value, deployment_id as ref
                from (%s %s) first_deployment
                where value >= 0
                """.formatted(kept, spread);
    }

    /** Incidents of the filter created from the window's start on, with the deployment each is attributed to. */
    public static String incidentLinks(MetricsFilter f) {
        return incidentLinks(f, "w.created_at >= :from");
    }

    /** Incidents of the filter meeting {@code which}, with the deployment each is attributed to. */
    static String incidentLinks(MetricsFilter f, String which) {
        String incidents = """
                select w.id, w.created_at, w.resolved_at from work_item w
                where w.kind = 'INCIDENT' and %s %s %s
                """.formatted(which, f.scope("coalesce(w.scope, w.team)"),
                f.profile() == MetricsProfile.DEVLAKE ? "" : "and w.severity is distinct from 'NON_PROD'");
        if (f.profile() == MetricsProfile.DEVLAKE) {
            // the latest SUCCESS PRODUCTION commit row of the project finished before the incident was created
            return """
                    select i.id, i.created_at, i.resolved_at,
                           (select dc.deployment_id from deployment_commit dc
                            where dc.environment_type = 'PRODUCTION' and dc.result = 'SUCCESS'
                              and dc.finished_at < i.created_at %s
                            order by dc.finished_at desc limit 1) as deployment_id
                    from (%s) i
                    """.formatted(f.scope("dc.scope"), incidents);
        }
        // a recorded cause naming a successful production deployment (directly, by change request number or by a
        // linked key) wins; otherwise the latest successful production deployment finished at or before creation
        String productionSuccess = "d.environment_type = 'PRODUCTION' and d.status = 'SUCCESS'";
        // The cause row is found once per incident by its key; each look-up is an index probe. (Correlated through
        // incident_cause, the planner scanned every cause, or every deployment for a linked key, per incident.)
        return """
                select i.id, i.created_at, i.resolved_at,
                       coalesce(
                           (select d.id from deployment d where d.id = ic.deployment_id and %1$s),
                           case when ic.deployment_id is null and ic.change_ref is not null then coalesce(
                               (select d.id from deployment d where d.change_number = ic.change_ref and %1$s
                                order by d.finished_at limit 1),
                               (select s.id from (select d.id, d.finished_at from deployment d
                                                  where d.linked_item_keys @> array[ic.change_ref] and %1$s
                                                  offset 0) s
                                order by s.finished_at limit 1)) end,
                           (select d.id from deployment d
                            where %1$s and d.finished_at <= i.created_at %2$s
                            order by d.finished_at desc limit 1)) as deployment_id
                from (%3$s) i
                left join incident_cause ic on ic.incident_id = i.id
                """.formatted(productionSuccess, f.scope("d.scope"), incidents);
    }

    /** Deployments in the window; value 1 when at least one incident is attributed to it, else 0; ref = incidents. */
    public static String changeFailures(MetricsFilter f) {
        // Both sides computed once (joined as plain subqueries, the planner may run the incident links, a correlated
        // look-up per incident, again for every deployment) and put together by one aggregation over both lists
        // rather than a join: the incidents' row estimate (bounded by a sub-select) is often far too low, and a join
        // planned on it rescanned every incident per deployment (1.4 s for one project at full size).
        return """
                with dep as materialized (%s), l as materialized (%s)
                select id, max(at) as at,
                       cast(case when count(incident) > 0 then 1 else 0 end as double precision) as value,
                       string_agg(incident, ',' order by incident) as ref
                from (select dep.id, dep.at, cast(null as text) as incident from dep
                      union all
                      select l.deployment_id, cast(null as timestamptz), l.id from l
                      where l.deployment_id is not null) both_lists
                group by id
                having count(at) > 0
                """.formatted(deployments(f), incidentLinks(f, f.profile() == MetricsProfile.DEVLAKE
                ? """
                  w.created_at >= :from
                  and w.created_at <= coalesce((select min(dc.finished_at) from deployment_commit dc
                                                where dc.environment_type = 'PRODUCTION' and dc.result = 'SUCCESS'
                                                  and dc.finished_at >= :to %s), 'infinity')""".formatted(f.scope("dc.scope"))
                : "w.created_at >= :from"));
    }

    /** Incidents resolved in the window; value = created to resolved, minutes (devlake: whole minutes, truncated). */
    public static String restoreTimes(MetricsFilter f) {
        boolean devlake = f.profile() == MetricsProfile.DEVLAKE;
        return """
                select w.id, w.resolved_at as at, %s as value, cast(null as text) as ref
                from work_item w
                where w.kind = 'INCIDENT' and w.resolved_at >= :from and w.resolved_at < :to
                  and w.created_at is not null %s %s
                """.formatted(devlake
                        ? "cast(trunc(extract(epoch from (w.resolved_at - w.created_at)) / 60) as double precision)"
                        : "extract(epoch from (w.resolved_at - w.created_at)) / 60.0",
                f.scope("coalesce(w.scope, w.team)"),
                devlake ? "" : "and w.severity is distinct from 'NON_PROD'");
    }

    /**
     * Incidents resolved in the window that are attributed to a deployment; value = deployment finish to incident
     * resolution, minutes (devlake: truncated toward zero, from the deployment's latest row finish; may be negative).
     */
    public static String recoveryTimes(MetricsFilter f) {
        if (f.profile() == MetricsProfile.DEVLAKE) {
            return """
                    with l as materialized (%s)
                    select l.id, l.resolved_at as at,
                           cast(trunc(extract(epoch from (l.resolved_at - g.finished)) / 60) as double precision) as value,
                           l.deployment_id as ref
                    from l
                    join lateral (select max(dc.finished_at) as finished from deployment_commit dc
                                  where dc.deployment_id = l.deployment_id and dc.environment_type = 'PRODUCTION'
                                    and dc.result = 'SUCCESS' %s) g on true
                    where l.resolved_at >= :from and l.resolved_at < :to
                    """.formatted(incidentLinks(f, "w.resolved_at >= :from and w.resolved_at < :to"),
                    f.scope("dc.scope"));
        }
        return """
                with l as materialized (%s)
                select l.id, l.resolved_at as at,
                       extract(epoch from (l.resolved_at - d.finished_at)) / 60.0 as value, l.deployment_id as ref
                from l
                join deployment d on d.id = l.deployment_id
                where l.resolved_at >= :from and l.resolved_at < :to
                """.formatted(incidentLinks(f, "w.resolved_at >= :from and w.resolved_at < :to"));
    }

    // ---------------------------------------------------------------- evaluation

    public Aggregate aggregate(String items, MetricsFilter f) {
        return jdbc.sql("""
                        select count(*) as n, percentile_cont(0.5) within group (order by value) as median,
                               percentile_disc(0.5) within group (order by value) as lower_median,
                               avg(value) as mean
                        from (%s) items""".formatted(items))
                .params(params(f))
                .query((rs, i) -> new Aggregate(rs.getLong("n"), dbl(rs, "median"), dbl(rs, "lower_median"),
                        dbl(rs, "mean")))
                .single();
    }

    /** Per Monday week or calendar month (UTC) of each item's {@code at}. */
    public List<PeriodAggregate> trend(String items, MetricsFilter f, String unit) {
        return jdbc.sql("""
                        with items as materialized (%s),
                             ranked as (select date_trunc('%s', at at time zone 'UTC')::date as period, value,
                                               percent_rank() over (partition by date_trunc('%s', at at time zone 'UTC')
                                                                    order by value) as pr
                                        from items)
                        select period, count(*) as n,
                               percentile_cont(0.5) within group (order by value) as median,
                               max(value) filter (where pr <= 0.5) as lower_median,
                               avg(value) as mean, sum(value) as total
                        from ranked group by period order by period""".formatted(items, unit, unit))
                .params(params(f))
                .query((rs, i) -> new PeriodAggregate(rs.getObject("period", LocalDate.class), rs.getLong("n"),
                        dbl(rs, "median"), dbl(rs, "lower_median"), dbl(rs, "mean"), dbl(rs, "total")))
                .list();
    }

    /**
     * Everything the report shows of one figure, in one pass over its items: the aggregate, the trend per Monday
     * week or calendar month (UTC) of each item's {@code at}, the first {@code idLimit} ids (by time, then id) of
     * all items (and, for {@link Pass#FAILURES}, of those with value > 0), and, for failures, the items per UTC day.
     */
    public record Summary(Aggregate aggregate, List<PeriodAggregate> trend, List<String> ids, List<String> positiveIds,
                          List<DayCount> days) {
    }

    /** What one figure's pass computes besides counts, means and sums. */
    public enum Pass {
        /** Deployments valued 1 when failed: their ids, the failed ones' ids and deployments per day; no medians. */
        FAILURES,
        /** Times never null: the window's and each period's medians, and the ids. */
        TIMES,
        /**
         * Times that may be null (devlake recovery of an incident tied to no deployment): as {@link #TIMES}, and a
         * period's lower median counts its nulls, as DevLake's percent rank does.
         */
        NULLABLE_TIMES
    }

    public Summary summary(String items, MetricsFilter f, String unit, int idLimit, Pass pass) {
        Map<String, Object> p = params(f);
        p.put("idLimit", Math.max(idLimit, 0));
        List<Object[]> rows = jdbc.sql(summarySql(items, f, unit, idLimit, pass))
                .params(p)
                .query((rs, i) -> new Object[] {rs.getString("kind"), rs.getObject("period", LocalDate.class),
                        rs.getLong("n"), dbl(rs, "median"), dbl(rs, "lower_median"), dbl(rs, "mean"),
                        dbl(rs, "total"), strings(rs, "ids"), strings(rs, "positive_ids")})
                .list();
        Aggregate aggregate = null;
        List<String> ids = List.of();
        List<String> positiveIds = List.of();
        List<PeriodAggregate> trend = new ArrayList<>();
        List<DayCount> dayCounts = new ArrayList<>();
        for (Object[] r : rows) {
            switch ((String) r[0]) {
                case "all" -> {
                    aggregate = new Aggregate((Long) r[2], (Double) r[3], (Double) r[4], (Double) r[5]);
                    ids = castList(r[7]);
                    positiveIds = castList(r[8]);
                }
                case "period" -> trend.add(new PeriodAggregate((LocalDate) r[1], (Long) r[2], (Double) r[3],
                        (Double) r[4], (Double) r[5], (Double) r[6]));
                default -> dayCounts.add(new DayCount((LocalDate) r[1], (Long) r[2]));
            }
        }
        return new Summary(aggregate, trend, ids, positiveIds, dayCounts);
    }

    /** The statement of {@link #summary}: rows 'all' (with the ids), 'period' and, for failures, 'day'. */
    static String summarySql(String items, MetricsFilter f, String unit, int idLimit, Pass pass) {
        boolean devlake = f.profile() == MetricsProfile.DEVLAKE;
        boolean failures = pass == Pass.FAILURES;
        // One sort of the items by period gives both the window's row and each period's row (grouping sets); each
        // row's medians share one sort of its values. Conventions as aggregate() and trend(): the window's lower
        // median (by percent rank: the greatest value whose percent_rank() is at most 0.5) is the value at 0-based
        // position floor((n - 1) / 2) of the sorted non-null values, which is percentile_disc(0.5). A period's lower
        // median (shown by the devlake trend only) counts the period's nulls too, sorted last: the same position
        // among all n values, or the greatest value when that position holds a null; with no null in the values it
        // is percentile_disc(0.5) as well. Failures are 0 or 1: no medians.
        String noValue = "cast(null as double precision)";
        String median = failures ? noValue : "percentile_cont(0.5) within group (order by value)";
        String disc = "percentile_disc(0.5) within group (order by value)";
        String nullsLast = "percentile_disc(0.5) within group (order by coalesce(value, 'infinity'))";
        String lowerMedian = failures ? noValue
                : !devlake ? "case when grouping(period) = 1 then %s end".formatted(disc)
                : pass == Pass.TIMES ? disc
                : """
                  case when grouping(period) = 1 then %1$s
                       when %2$s = 'infinity' then max(value) else %2$s end""".formatted(disc, nullsLast);
        String firstIds = idLimit <= 0 ? "cast(null as text[])" : """
                case when grouping(period) = 1
                     then (select array_agg(id order by at, id)
                           from (select id, at from items %s order by at, id limit :idLimit) s) end""";
        String days = !failures ? "" : """
                union all
                select 'day', (at at time zone 'UTC')::date, count(*), null, null, null, null, null, null
                from items group by 2""";
        return """
                with items as materialized (
                    select id, at, value, date_trunc('%2$s', at at time zone 'UTC')::date as period
                    from (%1$s) i)
                select case when grouping(period) = 1 then 'all' else 'period' end as kind, period,
                       count(*) as n, %3$s as median, %4$s as lower_median, avg(value) as mean,
                       sum(value) as total, %5$s as ids, %6$s as positive_ids
                from items
                group by grouping sets ((), (period))
                %7$s
                order by 1, 2""".formatted(items, unit, median, lowerMedian, firstIds.formatted(""),
                failures ? firstIds.formatted("where value > 0") : "cast(null as text[])", days);
    }

    @SuppressWarnings("unchecked")
    private static List<String> castList(Object list) {
        return (List<String>) list;
    }

    private static List<String> strings(ResultSet rs, String column) throws SQLException {
        java.sql.Array array = rs.getArray(column);
        if (array == null) {
            return List.of();
        }
        return List.of((String[]) array.getArray());
    }

    /** Items behind a figure, ordered by time; {@code onlyPositive} keeps rows with value > 0 (failed deployments). */
    public List<Item> items(String items, MetricsFilter f, boolean onlyPositive, int limit, int offset) {
        Map<String, Object> p = params(f);
        p.put("limit", limit);
        p.put("offset", offset);
        // the link into the item's own system (Jira, ServiceNow, the CI/CD tool, the repository) when its source gave one
        return jdbc.sql("""
                        select page.*, coalesce(
                                   (select d.payload -> 'source' ->> 'url' from deployment d where d.id = page.id),
                                   (select w.payload -> 'source' ->> 'url' from work_item w where w.id = page.id),
                                   (select c.payload ->> 'url' from scm_change c where c.id = page.id)) as url
                        from (select id, at, value, ref from (%s) items %s
                              order by at, id limit :limit offset :offset) page
                        order by at, id""".formatted(items, onlyPositive ? "where value > 0" : ""))
                .params(p)
                .query((rs, i) -> new Item(rs.getString("id"), instant(rs, "at"), dbl(rs, "value"), rs.getString("ref"),
                        rs.getString("url")))
                .list();
    }

    /** Deployments per UTC day of the window. */
    public List<DayCount> deploymentDays(MetricsFilter f) {
        return jdbc.sql("""
                        select (at at time zone 'UTC')::date as day, count(*) as n from (%s) dep
                        group by 1 order by 1""".formatted(deployments(f)))
                .params(params(f))
                .query((rs, i) -> new DayCount(rs.getObject("day", LocalDate.class), rs.getLong("n")))
                .list();
    }

    /** The projects named in metric_scope, for the report's filter. */
    public List<String> projects() {
        return jdbc.sql("select distinct project from metric_scope order by 1").query(String.class).list();
    }

    /** DevLake shows N/A for change failure rate while no incident at all is stored. */
    public boolean anyIncident() {
        return jdbc.sql("select exists (select 1 from work_item where kind = 'INCIDENT')").query(Boolean.class).single();
    }

    /** The query parameters of a filter (benchmark plans). */
    public static Map<String, Object> benchParams(MetricsFilter f) {
        return params(f);
    }

    static Map<String, Object> params(MetricsFilter f) {
        Map<String, Object> p = new HashMap<>();
        p.put("from", OffsetDateTime.ofInstant(f.from(), ZoneOffset.UTC));
        p.put("to", OffsetDateTime.ofInstant(f.to(), ZoneOffset.UTC));
        if (f.project() != null) {
            p.put("project", f.project());
        }
        if (f.team() != null) {
            p.put("team", f.team());
        }
        return p;
    }

    private static Double dbl(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
