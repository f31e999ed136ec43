package io.scrumops.bridge.bench;

import io.scrumops.bridge.mapping.MappingRegistry;
import io.scrumops.bridge.metrics.DoraMetrics;
import io.scrumops.bridge.metrics.DoraRepository;
import io.scrumops.bridge.metrics.FlowAggregates;
import io.scrumops.bridge.metrics.FlowMetrics;
import io.scrumops.bridge.metrics.FlowRepository;
import io.scrumops.bridge.metrics.MetricsFilter;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Times the DORA, flow and stage queries for a one-year window over three years of history in PostgreSQL:
 * 1,000,000 work items with their status histories, 100,000 deployments with commit rows and three shipped changes
 * each, 20,000 incidents. Not a test: {@code bench/run MetricsBenchmark [workItems] [deployments] [incidents] [runs]}.
 */
public final class MetricsBenchmark {

    /** {@code BENCH_JAVA_OPTS=-Dbench.metrics=flow} times the flow and stage queries only. */
    private static final boolean DORA = !"flow".equals(System.getProperty("bench.metrics"));

    /** {@code BENCH_JAVA_OPTS=-Dbench.metrics=dora} times the DORA queries only (no flow aggregates refresh). */
    private static final boolean FLOW = !"dora".equals(System.getProperty("bench.metrics"));

    /** {@code -Dbench.explain=true} prints the EXPLAIN (ANALYZE, BUFFERS) plan of each DORA figure's pass. */
    private static final boolean EXPLAIN = Boolean.getBoolean("bench.explain");

    /**
     * {@code -Dbench.keep=/some/dir} keeps the database in that directory after the run and reuses it on the next run
     * with the same sizes (no seeding; Flyway still applies any newer migration to the kept data). Without it the
     * database is thrown away.
     */
    private static final String KEEP = System.getProperty("bench.keep", "");

    private MetricsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int items = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int deployments = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int incidents = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        Instant now = Instant.parse("2027-01-01T00:00:00Z");
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
        if (!KEEP.isBlank()) {
            java.nio.file.Files.createDirectories(java.nio.file.Path.of(KEEP));
            builder.setDataDirectory(java.nio.file.Path.of(KEEP)).setCleanDataDirectory(false);
        }
        try (EmbeddedPostgres postgres = builder
                .setServerConfig("shared_buffers", "512MB").setServerConfig("work_mem", "64MB")
                // throw-away data: no durability needed while seeding; the queries timed are unaffected
                .setServerConfig("fsync", "off").setServerConfig("synchronous_commit", "off")
                .setServerConfig("full_page_writes", "off").setServerConfig("max_wal_size", "8GB")
                .setServerConfig("maintenance_work_mem", "256MB").start()) {
            DataSource dataSource = postgres.getPostgresDatabase();
            int migrations = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load()
                    .migrate().migrationsExecuted;
            JdbcClient jdbc = JdbcClient.create(dataSource);
            long t = System.nanoTime();
            String sizes = items + "/" + deployments + "/" + incidents;
            jdbc.sql("create table if not exists bench_seed (sizes text primary key, flow_refreshed boolean not null)")
                    .update();
            List<Boolean> kept = jdbc.sql("select flow_refreshed from bench_seed where sizes = :s").param("s", sizes)
                    .query(Boolean.class).list();
            boolean reused = !kept.isEmpty();
            if (reused) {
                System.out.printf("reusing the database kept in %s (%s)%n", KEEP, sizes);
            } else {
                if (jdbc.sql("select exists (select 1 from work_item)").query(Boolean.class).single()) {
                    throw new IllegalStateException(KEEP + " holds a database seeded with other sizes; remove it");
                }
                seed(jdbc, items, deployments, incidents);
                jdbc.sql("insert into bench_seed values (:s, false)").param("s", sizes).update();
                System.out.printf("seeded %,d work items, %,d deployments, %,d incidents in %,d ms%n", items,
                        deployments, incidents, millis(t));
            }
            if (reused && (!FLOW || kept.get(0))) {
                // a kept database was vacuumed and analyzed when seeded; again only if a newer migration rewrote it
                if (migrations > 0) {
                    jdbc.sql("vacuum analyze").update();
                }
            } else if (FLOW) {
                t = System.nanoTime();
                int recomputed = new FlowAggregates(dataSource, new MappingRegistry("mappings")).refresh();
                // what autovacuum does after a bulk insert: statistics, and the visibility map index-only scans need
                jdbc.sql("vacuum analyze").update();
                System.out.printf("first refresh of the flow aggregates (%,d items) in %,d ms%n", recomputed, millis(t));
                t = System.nanoTime();
                int again = new FlowAggregates(dataSource, new MappingRegistry("mappings")).refresh();
                System.out.printf("refresh with nothing new (%,d items) in %,d ms%n", again, millis(t));
                jdbc.sql("update bench_seed set flow_refreshed = true").update();
            } else {
                jdbc.sql("vacuum analyze").update();
            }

            Clock clock = Clock.fixed(now, ZoneOffset.UTC);
            DoraMetrics dora = new DoraMetrics(new DoraRepository(dataSource));
            FlowMetrics flow = new FlowMetrics(new FlowRepository(dataSource), clock);
            for (String project : new String[] {null, "alpha"}) {
                MetricsFilter def = MetricsFilter.of(project, null, "2025-07-01", "2026-06-30", "default", now);
                MetricsFilter devlake = MetricsFilter.of(project, null, "2025-07-01", "2026-06-30", "devlake", now);
                String label = project == null ? "all scopes" : "project " + project;
                if (EXPLAIN) {
                    explain(jdbc, def, devlake, label);
                }
                if (DORA) {
                    timeDora(dataSource, dora, def, devlake, label, runs);
                }
                if (FLOW) {
                    timeFlowAndStages(flow, def, label, runs);
                }
            }
        }
    }

    /**
     * Each DORA items query alone (its aggregate), then the whole answer of GET /api/metrics/dora per profile (five
     * figures with bands, the trend per week and per month, and up to 200 ids per figure).
     */
    private static void timeDora(DataSource dataSource, DoraMetrics dora, MetricsFilter def, MetricsFilter devlake,
                                 String label, int runs) {
        DoraRepository repository = new DoraRepository(dataSource);
        for (MetricsFilter f : List.of(def, devlake)) {
            String p = f.profile().name().toLowerCase();
            time("  " + p + " deployments", 1, () -> repository.aggregate(DoraRepository.deployments(f), f).count());
            time("  " + p + " lead time", 1, () -> repository.aggregate(DoraRepository.leadTimes(f), f).count());
            time("  " + p + " change failures", 1, () -> repository.aggregate(DoraRepository.changeFailures(f), f).count());
            time("  " + p + " time to restore", 1, () -> repository.aggregate(DoraRepository.restoreTimes(f), f).count());
            time("  " + p + " recovery time", 1, () -> repository.aggregate(DoraRepository.recoveryTimes(f), f).count());
        }
        for (MetricsFilter f : List.of(def, devlake)) {
            String p = f.profile().name().toLowerCase();
            time("DORA " + p + " answer (weeks), " + label, runs,
                    () -> dora.report(f, "week", 200).metrics().get("leadTime").sampleSize());
            time("DORA " + p + " answer (months), " + label, runs,
                    () -> dora.report(f, "month", 200).metrics().get("leadTime").sampleSize());
        }
    }

    /** Prints the plan of each DORA figure's items query as the report's one pass runs it. */
    private static void explain(JdbcClient jdbc, MetricsFilter def, MetricsFilter devlake, String label) {
        for (MetricsFilter f : List.of(def, devlake)) {
            Map<String, String> items = new java.util.LinkedHashMap<>();
            items.put("change failures", DoraRepository.changeFailures(f));
            items.put("lead time", DoraRepository.leadTimes(f));
            items.put("time to restore", DoraRepository.restoreTimes(f));
            items.put("recovery time", DoraRepository.recoveryTimes(f));
            for (Map.Entry<String, String> e : items.entrySet()) {
                Map<String, Object> p = new java.util.HashMap<>(DoraRepository.benchParams(f));
                System.out.printf("---- EXPLAIN %s %s, %s%n", f.profile().name().toLowerCase(), e.getKey(), label);
                jdbc.sql("explain (analyze, buffers) select count(*), sum(value) from (" + e.getValue() + ") items")
                        .params(p).query(String.class).list().forEach(System.out::println);
            }
        }
    }

    /** Times the whole flow answer (window and trend, weeks and months) and the whole stage answer. */
    private static void timeFlowAndStages(FlowMetrics flow, MetricsFilter f, String label, int runs) {
        time("flow (weeks), " + label, runs, () -> flow.flow(f, "week").window().get(0).velocity());
        time("flow (months), " + label, runs, () -> flow.flow(f, "month").window().get(0).velocity());
        time("stages, " + label, runs, () -> (long) flow.stages(f).stages().size());
    }

    private static void time(String name, int runs, Supplier<Long> query) {
        List<Long> ms = new ArrayList<>();
        long sample = 0;
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            sample = query.get();
            ms.add(millis(t));
        }
        List<Long> sorted = new ArrayList<>(ms);
        Collections.sort(sorted);
        System.out.printf("%-32s median %,5d ms  min %,5d ms  max %,5d ms  (runs %s, sample %,d)%n", name,
                sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1), ms, sample);
    }

    private static void seed(JdbcClient jdbc, int items, int deployments, int incidents) {
        jdbc.sql("""
                insert into metric_scope (project, scope)
                select case when g <= 5 then 'alpha' else 'beta' end, 'team-' || g from generate_series(1, 10) g""")
                .update();
        // work items created over 2024-2026; 85 % done after 1-40 days; a fifth blocked for a while
        jdbc.sql("""
                insert into work_item (id, kind, source_system, status, status_category, flow_type, team, created_at,
                                       resolved_at, payload)
                select 'jira:issue:' || g, case when g % 10 = 0 then 'DEFECT' else 'STORY' end, 'JIRA',
                       case when g % 7 = 0 then 'IN_PROGRESS' else 'DONE' end,
                       case when g % 7 = 0 then 'IN_PROGRESS' else 'DONE' end,
                       (array['FEATURE', 'FEATURE', 'DEFECT', 'RISK', 'DEBT'])[1 + g % 5], 'team-' || (1 + g % 10),
                       c, case when g % 7 = 0 then null else c + ((1 + g % 40) || ' days')::interval end, '{}'
                from (select g, timestamptz '2024-01-01' + (g::double precision / :n) * interval '1095 days' as c
                      from generate_series(1, :n) g) s""").param("n", items).update();
        jdbc.sql("""
                insert into status_change (work_item_id, to_status, source_to, changed_at, payload)
                select w.id, x.status, x.name, x.at, '{}'
                from work_item w
                cross join lateral (values
                    ('NEW', 'To Do', w.created_at),
                    ('IN_PROGRESS', 'In Progress', w.created_at + interval '1 day'),
                    (case when right(w.id, 1) in ('3', '8') then 'ON_HOLD' end, 'Blocked', w.created_at + interval '2 days'),
                    (case when right(w.id, 1) in ('3', '8') then 'IN_PROGRESS' end, 'In Progress', w.created_at + interval '3 days'),
                    (case when w.resolved_at is not null then 'DONE' end, 'Done', w.resolved_at)) x(status, name, at)
                where w.kind <> 'INCIDENT' and x.status is not null and x.at <= coalesce(w.resolved_at, x.at)""").update();
        jdbc.sql("""
                insert into deployment (id, source_system, native_id, scope, environment, environment_type, status,
                                        started_at, finished_at, payload)
                select 'dep-' || g, 'GENERIC', g::text, 'team-' || (1 + g % 10), 'production', 'PRODUCTION',
                       case when g % 20 = 0 then 'FAILURE' else 'SUCCESS' end, f - interval '10 minutes', f, '{}'
                from (select g, timestamptz '2024-01-01' + (g::double precision / :n) * interval '1095 days' as f
                      from generate_series(1, :n) g) s""").param("n", deployments).update();
        jdbc.sql("""
                insert into deployment_commit (deployment_id, scope, repo_url, sha, environment_type, result,
                                               started_at, finished_at)
                select id, scope, 'https://git.example/' || scope, 'sha-' || native_id, environment_type, status,
                       started_at, finished_at from deployment""").update();
        jdbc.sql("""
                insert into scm_change (id, kind, source_system, repo_url, sha, authored_at, pr_created_at, merged_at,
                                        merge_commit_sha)
                select 'pr-' || d.native_id || '-' || k, 'PULL_REQUEST', 'GITHUB', dc.repo_url, 'c-' || d.native_id || '-' || k,
                       d.finished_at - ((k * 7 + (d.native_id::int % 50)) || ' hours')::interval,
                       d.finished_at - ((k * 5) || ' hours')::interval, d.finished_at - ((k * 2) || ' hours')::interval,
                       'm-' || d.native_id || '-' || k
                from deployment d join deployment_commit dc on dc.deployment_id = d.id
                cross join generate_series(1, 3) k""").update();
        jdbc.sql("""
                insert into deployment_change (deployment_commit_id, sha, rule)
                select dc.id, 'm-' || d.native_id || '-' || k, 'LISTED'
                from deployment d join deployment_commit dc on dc.deployment_id = d.id
                cross join generate_series(1, 3) k""").update();
        jdbc.sql("""
                insert into work_item (id, kind, source_system, status, status_category, severity, team, created_at,
                                       resolved_at, payload)
                select 'servicenow:incident:' || g, 'INCIDENT', 'SERVICENOW', 'RESOLVED', 'DONE',
                       (array['SEV1', 'SEV2', 'SEV3', 'NON_PROD'])[1 + g % 4], 'team-' || (1 + g % 10), c,
                       c + ((30 + g % 3000) || ' minutes')::interval, '{}'
                from (select g, timestamptz '2024-01-01' + (g::double precision / :n) * interval '1095 days' as c
                      from generate_series(1, :n) g) s""").param("n", incidents).update();
        jdbc.sql("""
                insert into incident_cause (incident_id, deployment_id, source)
                select 'servicenow:incident:' || g, 'dep-' || (g * 5), 'SERVICENOW_CAUSED_BY'
                from generate_series(1, :n, 4) g""").param("n", incidents).update();
        jdbc.sql("analyze").update();
    }

    private static long millis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    @SuppressWarnings("unused")
    private static Map<String, Object> none() {
        return Map.of();
    }
}
