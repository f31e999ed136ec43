package io.scrumops.bridge.bench;

import io.scrumops.bridge.adapter.jira.JiraProperties;
import io.scrumops.bridge.adapter.servicenow.ServiceNowProperties;
import io.scrumops.bridge.store.StatusChangeRepository;
import io.scrumops.bridge.store.WorkItemReads;
import io.scrumops.bridge.store.WorkItemRepository;
import io.scrumops.bridge.web.WorkItemDetails;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * Times the work-items read API's two calls (the search and one item with its pair, history, SLA, comments, audit and
 * outbox) on embedded PostgreSQL holding {@code items} work items, migrated with the production scripts. Half the
 * items are ServiceNow incidents, half Jira issues; every fifth incident is paired with a Jira work package, which has
 * three status changes, a comment carried across, an audit row and a write command. Each call shape runs
 * {@code calls} times with varying arguments after a warm-up; p50 and p99 are printed per shape and over all.
 * The calls go to the read classes the controllers call, without HTTP.
 *
 * <p>{@code bench/run WorkItemReadBenchmark [items=1000000] [calls=300]}
 */
public final class WorkItemReadBenchmark {

    private static final String[] WORDS = ("checkout payment login search cart invoice export import report email "
            + "timeout outage latency crash error slow broken missing duplicate refund stock price shipping address "
            + "profile password token session cache queue database backup restore upload download mobile android "
            + "ios browser printer network vpn firewall certificate expiry memory disk cpu api gateway webhook "
            + "sync schedule batch job nightly weekly billing ledger tax currency discount coupon voucher loyalty")
            .split(" ");

    private WorkItemReadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int items = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        // BENCH_JDBC_URL: a database of one's own instead of the embedded one, kept afterwards (seeded when it
        // holds no work items), so that the plans of the timed queries can be read on the same data.
        String url = System.getenv("BENCH_JDBC_URL");
        try (EmbeddedPostgres postgres = url == null ? EmbeddedPostgres.builder().start() : null) {
            // Pooled, as in the application: a connection per call would be most of what is measured.
            HikariDataSource dataSource = new HikariDataSource();
            dataSource.setJdbcUrl(url != null ? url : postgres.getJdbcUrl("postgres", "postgres"));
            dataSource.setUsername("postgres");
            dataSource.setMaximumPoolSize(4);
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
            long start = System.nanoTime();
            JdbcClient jdbc = JdbcClient.create(dataSource);
            if (jdbc.sql("select count(*) from (select 1 from work_item limit 1) w").query(Long.class).single() == 0) {
                int pairs = seed(jdbc, items);
                System.out.printf("seeded %,d work items and %,d pairs in %,d s%n", items, pairs,
                        (System.nanoTime() - start) / 1_000_000_000L);
            } else {
                jdbc.sql("analyze").update();
            }

            WorkItemReads reads = new WorkItemReads(dataSource);
            WorkItemDetails details = new WorkItemDetails(reads, new WorkItemRepository(dataSource),
                    new StatusChangeRepository(dataSource),
                    new JiraProperties("https://jira.example.com", "CLOUD", "u", "t", "bot"),
                    new ServiceNowProperties("https://sn.example.com", null, "u", "p", "bot"));
            Instant now = Instant.parse("2026-12-01T00:00:00Z");
            int incidents = items / 2;
            Map<String, IntFunction<Object>> shapes = new LinkedHashMap<>();
            shapes.put("search, newest first", i -> reads.search(filter(null, null, null, null, null, null, 0)));
            shapes.put("search by team", i -> reads.search(filter(null, null, "team-" + (i % 40), null, null, null, 0)));
            shapes.put("search by status and severity", i -> reads.search(
                    filter(null, null, null, i % 2 == 0 ? "IN_PROGRESS" : "NEW", "SEV" + (1 + i % 3), null, 0)));
            shapes.put("search by kind, updated in the last 7 days", i -> reads.search(
                    filter(null, i % 2 == 0 ? "INCIDENT" : "WORK_PACKAGE", null, null, null,
                            now.minus(7, ChronoUnit.DAYS), 0)));
            shapes.put("search by incident number (finds its pair)", i -> reads.search(
                    filter("INC" + String.format("%07d", (i * 7919L) % incidents / 5 * 5), null, null, null, null,
                            null, 0)));
            shapes.put("search by Jira key", i -> reads.search(
                    filter("OPS" + (i % 20) + "-" + ((i * 104729L) % (items / 2) / 20), null, null, null, null,
                            null, 0)));
            shapes.put("search by two title words", i -> reads.search(
                    filter(WORDS[i % WORDS.length] + " " + WORDS[(i * 7 + 3) % WORDS.length], null, null, null,
                            null, null, 0)));
            shapes.put("search, page 20 of a team", i -> reads.search(
                    filter(null, null, "team-" + (i % 40), null, null, null, 20)));
            shapes.put("item: paired incident", i -> details.find(
                    "servicenow:incident:sys" + ((i * 7919L) % incidents / 5 * 5)).orElseThrow());
            shapes.put("item: paired Jira work package", i -> details.find(
                    "jira:issue:" + ((i * 7919L) % incidents / 5 * 5)).orElseThrow());
            shapes.put("item: unpaired Jira story", i -> details.find(
                    "jira:issue:" + ((i * 7919L) % incidents / 5 * 5 + 1)).orElseThrow());

            List<Long> searchAll = new ArrayList<>();
            List<Long> itemAll = new ArrayList<>();
            for (var shape : shapes.entrySet()) {
                for (int i = 0; i < 30; i++) {
                    shape.getValue().apply(i + 100_000);
                }
                long[] nanos = new long[calls];
                for (int i = 0; i < calls; i++) {
                    long t = System.nanoTime();
                    shape.getValue().apply(i);
                    nanos[i] = System.nanoTime() - t;
                    (shape.getKey().startsWith("item") ? itemAll : searchAll).add(nanos[i]);
                }
                Arrays.sort(nanos);
                System.out.printf("%-45s p50 %6.1f ms  p99 %6.1f ms  max %6.1f ms%n", shape.getKey(),
                        pct(nanos, 50), pct(nanos, 99), nanos[nanos.length - 1] / 1e6);
            }
            System.out.printf("%-45s p50 %6.1f ms  p99 %6.1f ms%n", "ALL SEARCHES", pct(sorted(searchAll), 50),
                    pct(sorted(searchAll), 99));
            System.out.printf("%-45s p50 %6.1f ms  p99 %6.1f ms%n", "ALL ITEM CALLS", pct(sorted(itemAll), 50),
                    pct(sorted(itemAll), 99));
            dataSource.close();
        }
    }

    private static WorkItemReads.Filter filter(String q, String kind, String team, String status, String severity,
                                               Instant since, int page) {
        return new WorkItemReads.Filter(q, null, null, kind, team, status, severity, since, page, 50);
    }

    /**
     * Items i = 0 .. n/2-1 are incidents {@code servicenow:incident:sys<i>} (INC<i>), items {@code jira:issue:<i>}
     * the Jira side (OPS<i%20>-<i/20>); when i % 5 == 0 the two are a pair with its bookkeeping.
     */
    private static int seed(JdbcClient jdbc, int items) {
        int half = items / 2;
        String words = "array[" + String.join(",", Arrays.stream(WORDS).map(w -> "'" + w + "'").toList()) + "]";
        int chunk = 100_000;
        for (int from = 0; from < half; from += chunk) {
            int to = Math.min(half, from + chunk) - 1;
            jdbc.sql(("""
                    insert into work_item (id, kind, source_system, source_entity, native_id, source_key, title, status,
                        status_category, severity, flow_type, team, created_at, updated_at, source_updated_at,
                        source_version, payload)
                    select id, kind, sys, ent, nid, key, title, status, cat, sev, 'FEATURE', team, created, updated,
                           updated, 1,
                           jsonb_build_object('id', id, 'kind', kind, 'title', title, 'status', status, 'severity', sev,
                               'team', team, 'labels', '[]'::jsonb,
                               'createdAt', to_char(created at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                               'updatedAt', to_char(updated at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                               'source', jsonb_build_object('system', upper(sys), 'entity', ent, 'nativeId', nid,
                                   'key', key, 'version', 1),
                               'workPackage', case when kind = 'WORK_PACKAGE' then jsonb_build_object(
                                   'severity', sev, 'escalationLevel', 1, 'escalations', '[]'::jsonb) end)
                    from (
                        select s.i, side,
                               case when side = 0 then 'servicenow:incident:sys' || s.i else 'jira:issue:' || s.i end id,
                               case when side = 0 then 'INCIDENT' when s.i %% 5 = 0 then 'WORK_PACKAGE' else 'STORY' end kind,
                               case when side = 0 then 'SERVICENOW' else 'JIRA' end sys,
                               case when side = 0 then 'incident' else 'issue' end ent,
                               case when side = 0 then 'sys' || s.i else s.i::text end nid,
                               case when side = 0 then 'INC' || lpad(s.i::text, 7, '0')
                                    else 'OPS' || (s.i %% 20) || '-' || (s.i / 20) end key,
                               (%1$s)[1 + (s.i * 7 + side) %% %2$d] || ' ' || (%1$s)[1 + (s.i * 13 + side * 5) %% %2$d]
                                   || ' ' || (%1$s)[1 + (s.i * 31) %% %2$d] || ' in ' || 'service ' || (s.i %% 97) title,
                               (array['NEW','IN_PROGRESS','ON_HOLD','IN_REVIEW','RESOLVED','DONE','CANCELLED','NEW'])
                                   [1 + (s.i * 3 + side) %% 8] status,
                               case (s.i * 3 + side) %% 8 when 4 then 'DONE' when 5 then 'DONE' when 6 then 'DONE'
                                   when 0 then 'TO_DO' when 7 then 'TO_DO' else 'IN_PROGRESS' end cat,
                               'SEV' || (1 + (s.i + side) %% 3) sev,
                               'team-' || (s.i %% 40) team,
                               timestamptz '2025-12-01 00:00:00+00' + (s.i %% 525600) * interval '1 minute' created,
                               timestamptz '2025-12-01 00:00:00+00' + ((s.i * 7 + side * 11) %% 525600) * interval '1 minute' updated
                        from generate_series(:from, :to) s(i), (values (0), (1)) v(side)) rows
                    """).formatted(words, WORDS.length))
                    .param("from", from).param("to", to).update();
            jdbc.sql("""
                    insert into sync_link (work_item_id, system, native_id, native_key, last_synced_at)
                    select 'servicenow:incident:sys' || i, sys, case when sys = 'SERVICENOW' then 'sys' || i else i::text end,
                           case when sys = 'SERVICENOW' then 'INC' || lpad(i::text, 7, '0') else 'OPS' || (i % 20) || '-' || (i / 20) end,
                           now()
                    from generate_series(:from, :to) i, (values ('SERVICENOW'), ('JIRA')) v(sys) where i % 5 = 0""")
                    .param("from", from).param("to", to).update();
            jdbc.sql("""
                    insert into status_change (work_item_id, from_status, to_status, source_from, source_to, changed_at,
                                               author, payload)
                    select 'jira:issue:' || i, f, t, f, t, timestamptz '2025-12-01 00:00:00+00' + (i % 525600 + n) * interval '1 hour',
                           'lee', jsonb_build_object('workItemId', 'jira:issue:' || i, 'from', f, 'to', t, 'author', 'lee',
                               'at', to_char((timestamptz '2025-12-01 00:00:00+00' + (i % 525600 + n) * interval '1 hour')
                                   at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
                    from generate_series(:from, :to) i,
                         (values (1, 'NEW', 'IN_PROGRESS'), (2, 'IN_PROGRESS', 'ON_HOLD'), (3, 'ON_HOLD', 'IN_PROGRESS')) v(n, f, t)
                    where i % 5 = 0""").param("from", from).param("to", to).update();
            jdbc.sql("""
                    insert into comment (id, work_item_id, source_global_id, author, visibility, created_at, payload)
                    select c.id, c.item, c.id, 'lee', 'PUBLIC', now(), jsonb_build_object('body', 'Investigating ' || i)
                    from (select i, 'servicenow:journal:' || i id, 'servicenow:incident:sys' || i item
                          from generate_series(:from, :to) i where i % 5 = 0
                          union all
                          select i, 'jira:comment:' || i, 'jira:issue:' || i from generate_series(:from, :to) i
                          where i % 5 = 0) c""").param("from", from).param("to", to).update();
            jdbc.sql("""
                    insert into comment_carry (origin_id, pair_id, target_system, target_id, text_hash)
                    select 'servicenow:journal:' || i, 'servicenow:incident:sys' || i, 'JIRA', 'jira:comment:' || i, 'h'
                    from generate_series(:from, :to) i where i % 5 = 0""").param("from", from).param("to", to).update();
            jdbc.sql("""
                    insert into audit_log (actor, action, entity_id, detail)
                    select 'bridge', 'alignment.pairing', 'servicenow:incident:sys' || i, '{}'::jsonb
                    from generate_series(:from, :to) i where i % 5 = 0""").param("from", from).param("to", to).update();
            jdbc.sql("""
                    insert into outbox (idempotency_key, target_system, command_type, aggregate_id, payload, status, done_at)
                    select 'pair:' || i || ':create', 'JIRA', 'CREATE_ISSUE', 'servicenow:incident:sys' || i, '{}'::jsonb,
                           'DONE', now()
                    from generate_series(:from, :to) i where i % 5 = 0""").param("from", from).param("to", to).update();
            System.out.printf("  %,d items stored%n", (to + 1) * 2L);
        }
        jdbc.sql("vacuum analyze").update();
        return (half + 4) / 5;
    }

    private static long[] sorted(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    private static double pct(long[] sortedNanos, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sortedNanos.length) - 1;
        return sortedNanos[Math.max(0, Math.min(index, sortedNanos.length - 1))] / 1e6;
    }
}
