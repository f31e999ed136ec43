package io.scrumops.bridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scrumops.bridge.gates.GateEvidenceRepository;
import io.scrumops.bridge.gates.GateLinks;
import io.scrumops.bridge.gates.GateService;
import io.scrumops.bridge.gates.GateStateRepository;
import io.scrumops.bridge.mapping.ReleaseMapping;
import io.scrumops.bridge.mapping.ReleaseMappingRegistry;
import io.scrumops.bridge.model.CanonicalStatus;
import io.scrumops.bridge.model.FlowType;
import io.scrumops.bridge.model.Severity;
import io.scrumops.bridge.model.SourceRef;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.model.WorkItem;
import io.scrumops.bridge.model.WorkItemKind;
import io.scrumops.bridge.store.AuditLogRepository;
import io.scrumops.bridge.store.OutboxRepository;
import io.scrumops.bridge.store.ReleaseRepository;
import io.scrumops.bridge.store.WorkItemRepository;
import io.scrumops.bridge.writeback.WriteCommandQueue;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Times gate evaluation in PostgreSQL: every gate of every release re-evaluated at once, and one work item's change
 * re-evaluating only its gates. Not a test. Run with
 * {@code bench/run GateBenchmark [releases] [items] [changes] [mixed]}
 * (defaults 200 releases, 1,000,000 work items, 200 single-item changes).
 * <p>
 * The releases are versions of the shipped Payments product (mappings/releases.yaml: six gates, nine criteria); every
 * work item belongs to one of them: 60 % stories, 25 % tasks, 10 % bugs, 5 % test executions (1 in 7 failed), 4 % still open.
 * 2,000 incidents on the product's team (100 open) and 20,000 deployments (a uat one for every other release).
 */
public final class GateBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    private GateBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int releaseCount = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int items = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int changes = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        boolean mixed = args.length > 3 && "mixed".equals(args[3]);
        Instant now = Instant.parse("2026-12-04T12:00:00Z");
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        // BENCH_JDBC_URL: a database of one's own instead of the embedded one, kept afterwards (seeded when it holds
        // no work items), so that the change path can be profiled again without seeding again.
        String url = System.getenv("BENCH_JDBC_URL");
        try (EmbeddedPostgres postgres = url == null ? EmbeddedPostgres.builder().start() : null) {
            String jdbcUrl = url != null ? url : postgres.getJdbcUrl("postgres", "postgres");
            // Pooled, as in the application (application.yaml): a connection opened per statement, with its cold
            // caches and trigger functions compiled again, would be most of what is measured.
            HikariDataSource dataSource = new HikariDataSource();
            dataSource.setJdbcUrl(jdbcUrl);
            dataSource.setUsername("postgres");
            dataSource.setMaximumPoolSize(4);
            dataSource.addDataSourceProperty("reWriteBatchedInserts", "true");
            TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
            ReleaseMappingRegistry mappings = new ReleaseMappingRegistry("mappings");
            ReleaseRepository releases = new ReleaseRepository(dataSource);
            GateStateRepository states = new GateStateRepository(dataSource);
            GateService gates = new GateService(mappings, releases, states,
                    new GateEvidenceRepository(dataSource, new GateLinks("https://jira.example", "https://sn.example")),
                    new WriteCommandQueue(new OutboxRepository(dataSource)), new AuditLogRepository(dataSource), clock);
            ReleaseMapping.Product product = mappings.current().product("Payments").orElseThrow();

            long seeded = System.nanoTime();
            boolean empty = JdbcClient.create(dataSource)
                    .sql("select count(*) from (select 1 from work_item limit 1) w").query(Long.class).single() == 0;
            for (int r = 0; r < releaseCount && empty; r++) {
                JsonNode version = JSON.valueToTree(List.of(Map.of("id", String.valueOf(10_000 + r),
                        "name", "R" + r, "releaseDate", "2026-12-" + String.format("%02d", 5 + r % 25),
                        "released", false, "archived", false)));
                gates.importVersions("PAY", version);
            }
            if (empty) {
                seed(dataSource, releaseCount, items, mixed);
            }
            System.out.printf("seeded %,d releases and %,d work items in %,d ms%n", releaseCount, items, ms(seeded));

            long first = System.nanoTime();
            int changedFirst = transaction.execute(status -> gates.evaluateAll("benchmark"));
            System.out.printf("first full evaluation (verdicts recorded and written back): %,d ms, %d verdicts changed%n",
                    ms(first), changedFirst);
            List<Long> full = new ArrayList<>();
            for (int run = 0; run < 5; run++) {
                long t = System.nanoTime();
                int changed = transaction.execute(status -> gates.evaluateAll("benchmark"));
                full.add(ms(t));
                if (changed != 0) {
                    System.out.println("unexpected verdict changes: " + changed);
                }
            }
            System.out.printf("full re-evaluation of every gate of %d releases (%d gates) over %,d work items: %s ms%n",
                    releaseCount, releaseCount * product.phases().stream().mapToInt(p -> p.gates().size()).sum(),
                    items, full);

            List<String> open = JdbcClient.create(dataSource).sql("""
                            select w.id from work_item w join release_item ri on ri.work_item_id = w.id
                            where w.kind = 'DEFECT' and w.status_category <> 'DONE' order by w.id limit :n
                            """).param("n", 2 * changes).query(String.class).list();
            List<String> pooled = open.subList(0, Math.min(changes, open.size()));
            // as in the inbound pipeline: the item stored and its gates judged in one transaction
            Timed timed = change(pooled, new WorkItemRepository(dataSource), gates, states, transaction, now, 0);
            timed.print("one item change", "(upsert, kept counts moved by the triggers)");
            // as this benchmark measured before: each statement on a connection of its own, no transaction
            DataSource unpooled = unpooled(jdbcUrl);
            GateStateRepository unpooledStates = new GateStateRepository(unpooled);
            GateService unpooledGates = new GateService(mappings, new ReleaseRepository(unpooled), unpooledStates,
                    new GateEvidenceRepository(unpooled, new GateLinks("https://jira.example", "https://sn.example")),
                    new WriteCommandQueue(new OutboxRepository(unpooled)), new AuditLogRepository(unpooled), clock);
            change(open.subList(pooled.size(), open.size()), new WorkItemRepository(unpooled), unpooledGates,
                    unpooledStates, null, now, changes).print("for comparison, a connection opened per statement, "
                    + "no transaction (as measured before 2026-12-05 04:00 UTC): one item change", "");
            JdbcClient jdbc = JdbcClient.create(dataSource);
            // a change that moves a verdict: the uat-exit of a release without open defects or stories, signed off, is
            // blocked by one SEV2 defect and passes again when it is resolved (history entry recorded, write-back
            // queued; the write-back lists every gate's blocking items, so a release with thousands of open stories
            // would time reading those)
            String quiet = jdbc.sql("""
                    select r.id from release r where not exists (select 1 from release_evidence e
                        where e.release_id = r.id and (e.input like 'defect:%' or e.input = 'story') and e.count > 0)
                    order by r.id limit 1
                    """).query(String.class).single();
            gates.signOff(quiet, "uat-exit", "bench", "test completion report");
            WorkItemRepository pooledItems = new WorkItemRepository(dataSource);
            String flipId = "jira:issue:" + (items + 1);
            Instant flipAt = now.plusSeconds(10L * changes);
            transaction.executeWithoutResult(status -> flip(flipId, quiet, false, flipAt, pooledItems, gates));
            long history = jdbc.sql("select count(*) from gate_history").query(Long.class).single();
            long queued = jdbc.sql("select count(*) from outbox").query(Long.class).single();
            Timed flips = new Timed(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            for (int i = 0; i < changes; i++) {
                boolean resolved = i % 2 == 0;
                Instant at = flipAt.plusSeconds(i + 1);
                long s = System.nanoTime();
                transaction.executeWithoutResult(status -> flips.add(flip(flipId, quiet, resolved, at, pooledItems,
                        gates)));
                flips.whole().add((System.nanoTime() - s) / 1e6);
            }
            flips.print("one item change moving a verdict (" + quiet + " uat-exit)", "(upsert)");
            System.out.printf("  verdict changes recorded: %d, write-back commands queued: %d%n",
                    jdbc.sql("select count(*) from gate_history").query(Long.class).single() - history,
                    jdbc.sql("select count(*) from outbox").query(Long.class).single() - queued);
            if (!open.isEmpty()) {
                // a reader (API, page) gets the blocking items assembled from the release's open memberships
                String busiest = jdbc.sql("""
                        select release_id from release_item where open_input is not null
                        group by release_id order by count(*) desc limit 1
                        """).query(String.class).single();
                List<Double> reads = new ArrayList<>();
                int blocking = 0;
                for (int run = 0; run < 5; run++) {
                    long t = System.nanoTime();
                    blocking = gates.states(busiest).values().stream().mapToInt(e -> e.criteria().stream()
                            .mapToInt(c -> c.blocking().size()).sum()).sum();
                    reads.add((System.nanoTime() - t) / 1e6);
                }
                System.out.printf("reading the gates of the release with the most open items (%s, %,d blocking "
                        + "entries assembled): %s ms%n", busiest, blocking, reads.stream()
                        .map(d -> String.format("%.1f", d)).toList());
            }
            long drifted = jdbc.sql("""
                            select count(*) from (select release_id, input, count from release_evidence
                                                  where input not like 'revision:%' and count <> 0
                                                  and release_id in (select id from release)) k
                            full join (select r.id as release_id, c.input, c.count from release r
                                       cross join lateral release_evidence_recount(r.id) c) f
                              using (release_id, input)
                            where k.count is distinct from f.count
                            """).query(Long.class).single();
            System.out.printf("kept evidence counts differing from a recount after the changes: %d%n", drifted);
            if (System.getenv("GATE_BENCH_EXPLAIN") != null) {
                String release = states.releasesOfItem(open.get(open.size() - 1)).get(0);
                for (String sql : List.of(
                        "select input, count from release_evidence where release_id = any(array['" + release + "'])",
                        "select ri.release_id, w.id, w.title, w.payload->>'sourceStatus' from release_item ri"
                                + " join work_item w on w.id = ri.work_item_id where ri.release_id = '" + release + "'"
                                + " and ri.open_input is not null"
                                + " and w.status_category is distinct from 'DONE' and w.kind in ('DEFECT', 'STORY')",
                        "select ri.release_id, w.id from release_item ri join work_item w on w.id = ri.work_item_id"
                                + " where lower(ri.issue_type) = 'test execution'"
                                + " and ri.issue_type = any(array['Test Execution', 'test execution'])"
                                + " and ri.release_id = any(array['" + release + "'])"
                                + " and lower(coalesce(w.payload->>'sourceStatus', '')) <> all(array['passed', 'done'])")) {
                    System.out.println("EXPLAIN " + sql);
                    jdbc.sql("explain (analyze, buffers) " + sql).query(String.class).list()
                            .forEach(line -> System.out.println("  " + line));
                }
            }
        }
    }

    /**
     * By default item {@code g} goes to release {@code g mod releases}, so each release holds one kind and 8 of 200
     * releases hold every open item; {@code mixed} sends blocks of 50 consecutive items to a release instead, so each
     * release has every kind and its 4 % of open items.
     */
    private static void seed(DataSource dataSource, int releases, int items, boolean mixed) {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        jdbc.sql("""
                insert into work_item (id, kind, source_system, source_entity, native_id, source_key, title, status,
                                       status_category, severity, team, created_at, updated_at, payload)
                select 'jira:issue:' || g,
                       case when g % 20 < 12 then 'STORY' when g % 20 < 17 then 'TASK' when g % 20 < 19 then 'DEFECT'
                            else 'TASK' end,
                       'JIRA', 'issue', g::text, 'PAY-' || g, 'item ' || g,
                       case when g % 50 in (0, 17) then 'IN_PROGRESS' else 'DONE' end,
                       case when g % 50 in (0, 17) then 'IN_PROGRESS' else 'DONE' end,
                       case when g % 20 between 17 and 18 then (array['SEV1','SEV2','SEV3','SEV3'])[1 + g % 4] end,
                       null, now(), now(),
                       jsonb_build_object('id', 'jira:issue:' || g, 'kind', 'x',
                           'sourceStatus', case when g % 7 = 0 then 'Failed' else 'Passed' end)
                from generate_series(1, :items) g
                """).param("items", items).update();
        jdbc.sql("""
                insert into release_item (release_id, work_item_id, issue_type)
                select 'jira:version:' || (10000 + (case when :mixed then g / 50 else g end) % :releases),
                       'jira:issue:' || g,
                       case when g % 20 < 12 then 'Story' when g % 20 < 17 then 'Task' when g % 20 < 19 then 'Bug'
                            else 'Test Execution' end
                from generate_series(1, :items) g
                """).param("releases", releases).param("items", items).param("mixed", mixed).update();
        jdbc.sql("""
                insert into work_item (id, kind, source_system, source_entity, native_id, source_key, title, status,
                                       status_category, severity, team, created_at, updated_at, payload)
                select 'servicenow:incident:i' || g, 'INCIDENT', 'SERVICENOW', 'incident', 'i' || g, 'INC' || g,
                       'incident ' || g, case when g % 20 = 0 then 'IN_PROGRESS' else 'RESOLVED' end,
                       case when g % 20 = 0 then 'IN_PROGRESS' else 'DONE' end,
                       (array['SEV1','SEV2','SEV3'])[1 + g % 3], 'payments-ops', now(), now(), '{}'::jsonb
                from generate_series(1, 2000) g
                """).update();
        jdbc.sql("""
                insert into deployment (id, source_system, native_id, service, environment, environment_type, status,
                                        started_at, finished_at, ref, payload)
                select 'deploy:' || g, 'GENERIC', g::text, 'payments-api',
                       (array['dev','sit','uat','prod'])[1 + g % 4], 'TESTING', 'SUCCESS', now(), now(),
                       'vR' || (g % (:releases * 2)), '{}'::jsonb
                from generate_series(1, 20000) g
                """).param("releases", releases).update();
        jdbc.sql("analyze").update();
    }

    private static DataSource unpooled(String url) {
        PGSimpleDataSource simple = new PGSimpleDataSource();
        simple.setUrl(url);
        simple.setUser("postgres");
        simple.setReWriteBatchedInserts(true);
        return simple;
    }

    /** Stores each item as resolved and re-evaluates its gates; in one transaction when one is given. */
    private static Timed change(List<String> ids, WorkItemRepository workItems, GateService gates,
                                GateStateRepository states, TransactionTemplate transaction, Instant now, int offset) {
        Timed timed = new Timed(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (String id : ids) {
            String nativeId = id.substring(id.lastIndexOf(':') + 1);
            Instant at = now.plusSeconds(offset + timed.whole().size() + 1);
            WorkItem done = new WorkItem(id, WorkItemKind.DEFECT, new SourceRef(SourceSystem.JIRA, "issue",
                    nativeId, "PAY-" + nativeId, null, at.toEpochMilli(), at), "item " + nativeId, null,
                    CanonicalStatus.DONE, "Done", Severity.SEV2, null, FlowType.DEFECT, null, null, null, null,
                    null, null, now, at, at, null, null);
            String releaseId = states.releasesOfItem(id).get(0);
            JsonNode issue = JSON.valueToTree(Map.of("id", nativeId, "key", "PAY-" + nativeId,
                    "fields", Map.of("project", Map.of("key", "PAY"), "issuetype", Map.of("name", "Bug"),
                            "fixVersions", List.of(Map.of("id", releaseId.substring(releaseId.lastIndexOf(':') + 1),
                                    "name", "x")))));
            Runnable work = () -> {
                long s = System.nanoTime();
                workItems.upsert(done);
                long t = System.nanoTime();
                timed.stores().add((t - s) / 1e6);
                gates.jiraIssueApplied(done, issue, "bench");
                timed.evaluations().add((System.nanoTime() - t) / 1e6);
            };
            long s = System.nanoTime();
            if (transaction == null) {
                work.run();
            } else {
                transaction.executeWithoutResult(status -> work.run());
            }
            timed.whole().add((System.nanoTime() - s) / 1e6);
        }
        return timed;
    }

    /** Stores the defect open or resolved in the release and re-evaluates its gates; returns {upsert, gates} ms. */
    private static double[] flip(String id, String releaseId, boolean resolved, Instant at,
                                 WorkItemRepository workItems, GateService gates) {
        String nativeId = id.substring(id.lastIndexOf(':') + 1);
        WorkItem item = new WorkItem(id, WorkItemKind.DEFECT, new SourceRef(SourceSystem.JIRA, "issue", nativeId,
                "PAY-" + nativeId, null, at.toEpochMilli(), at), "item " + nativeId, null,
                resolved ? CanonicalStatus.DONE : CanonicalStatus.IN_PROGRESS, resolved ? "Done" : "In Progress",
                Severity.SEV2, null, FlowType.DEFECT, null, null, null, null, null, null, at, at,
                resolved ? at : null, null, null);
        JsonNode issue = JSON.valueToTree(Map.of("id", nativeId, "key", "PAY-" + nativeId,
                "fields", Map.of("project", Map.of("key", "PAY"), "issuetype", Map.of("name", "Bug"),
                        "fixVersions", List.of(Map.of("id", releaseId.substring(releaseId.lastIndexOf(':') + 1),
                                "name", "x")))));
        long s = System.nanoTime();
        workItems.upsert(item);
        long t = System.nanoTime();
        gates.jiraIssueApplied(item, issue, "bench");
        return new double[]{(t - s) / 1e6, (System.nanoTime() - t) / 1e6};
    }

    /** Milliseconds per change: the item's upsert, its gates' re-evaluation, and both with the commit. */
    private record Timed(List<Double> stores, List<Double> evaluations, List<Double> whole) {

        void add(double[] storeAndGates) {
            stores.add(storeAndGates[0]);
            evaluations.add(storeAndGates[1]);
        }

        void print(String what, String store) {
            if (whole.isEmpty()) {
                return;
            }
            System.out.printf("%s re-evaluating its gates (%d changes): %s%n", what, whole.size(), figures(evaluations));
            System.out.printf("  storing the item before it %s: %s%n", store, figures(stores));
            System.out.printf("  the whole change (item stored, gates judged, verdict changes recorded, committed): "
                    + "%s%n", figures(whole));
        }

        private static String figures(List<Double> ms) {
            List<Double> sorted = new ArrayList<>(ms);
            Collections.sort(sorted);
            return String.format("median %.2f ms, p95 %.2f ms, max %.2f ms", sorted.get(sorted.size() / 2),
                    sorted.get((int) (sorted.size() * 0.95)), sorted.get(sorted.size() - 1));
        }
    }

    private static long ms(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
