package io.scrumops.bridge.scrumops;

import io.scrumops.bridge.mapping.rules.SlaPolicyFileLoader;
import io.scrumops.bridge.model.CanonicalStatus;
import io.scrumops.bridge.model.Recurrence;
import io.scrumops.bridge.model.Severity;
import io.scrumops.bridge.model.SourceRef;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.model.StoryAttributes;
import io.scrumops.bridge.model.TeamScope;
import io.scrumops.bridge.model.WorkItem;
import io.scrumops.bridge.model.WorkItemKind;
import io.scrumops.bridge.model.WorkPackageAttributes;
import io.scrumops.bridge.rules.SlaClock;
import io.scrumops.bridge.rules.SlaSweep;
import io.scrumops.bridge.rules.SlaSweepResult;
import io.scrumops.bridge.store.OutboxRepository;
import io.scrumops.bridge.store.SlaAnnouncementRepository;
import io.scrumops.bridge.store.SlaStatusRepository;
import io.scrumops.bridge.store.SprintRepository;
import io.scrumops.bridge.store.SyncLinkRepository;
import io.scrumops.bridge.store.WorkItemRepository;
import io.scrumops.bridge.writeback.WriteCommandQueue;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Times the SLA sweep over open work packages in PostgreSQL, store read included: reading the open packages, their
 * stories and status histories and the recorded marks, sweeping them, and (once) recording what the sweep found.
 * Not a test. Run after {@code mvn -B -q test-compile} with
 * <pre>
 * java -cp "target/classes:target/test-classes:$(mvn -q dependency:build-classpath -Dmdep.outputFile=/dev/stdout)" \
 *     io.scrumops.bridge.scrumops.SlaSweepStoreBenchmark [packages] [runs]
 * </pre>
 * Packages are SEV2 (60 %), SEV3 (39 %) and SEV1 (1 %), opened within the last ten hours under ten stories, half of
 * them on the business-hours policy of mappings/sla.yaml; every fifth one was on hold for half an hour.
 */
public final class SlaSweepStoreBenchmark {

    private SlaSweepStoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int packages = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Instant now = Instant.now();
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            DataSource dataSource = postgres.getPostgresDatabase(Map.of("reWriteBatchedInserts", "true"));
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
            long seeded = System.nanoTime();
            seed(dataSource, packages, now);
            System.out.printf("seeded %,d open work packages in %,d ms%n", packages, millis(seeded));

            SlaStatusRepository store = new SlaStatusRepository(dataSource);
            WorkItemRepository workItems = new WorkItemRepository(dataSource);
            var properties = ScrumOpsRulesProperties.defaults();
            var directory = new StoreItemDirectory(workItems, new SyncLinkRepository(dataSource),
                    new SprintRepository(dataSource));
            var outbox = new RuleCommandOutbox(directory, properties,
                    new WriteCommandQueue(new OutboxRepository(dataSource)));
            var choice = new SlaPolicyChoice(new SlaPolicyFileLoader().load(Path.of("mappings/sla.yaml")));
            var transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
            var announcements = new SlaAnnouncements(new SlaAnnouncementRepository(dataSource),
                    Clock.fixed(now, ZoneOffset.UTC));
            var service = new SlaSweepService(store, new SlaSweep(new SlaClock()), choice, outbox, announcements,
                    transaction, Clock.fixed(now, ZoneOffset.UTC));

            for (int i = 0; i < 2; i++) {
                service.decide(service.load(), now);
            }
            var threads = java.lang.management.ManagementFactory.getThreadMXBean();
            System.out.println("wall-clock times; cpu = this JVM thread's CPU time (PostgreSQL's work not included)");
            System.out.println("run  load(ms)  load cpu  sweep(ms)  sweep cpu  total(ms)  evaluated  announced");
            for (int run = 1; run <= runs; run++) {
                long c0 = threads.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                var input = service.load();
                long t1 = System.nanoTime();
                long c1 = threads.getCurrentThreadCpuTime();
                SlaSweepResult result = service.decide(input, now);
                long t2 = System.nanoTime();
                long c2 = threads.getCurrentThreadCpuTime();
                System.out.printf("%3d  %8d  %8d  %9d  %9d  %9d  %9d  %9d%n", run, (t1 - t0) / 1_000_000,
                        (c1 - c0) / 1_000_000, (t2 - t1) / 1_000_000, (c2 - c1) / 1_000_000, (t2 - t0) / 1_000_000,
                        result.statuses().size(), result.commands().size());
            }
            long p0 = System.nanoTime();
            int open = store.openWorkPackages().size();
            long p1 = System.nanoTime();
            int histories = store.historyOfOpenWorkPackages().size();
            long p2 = System.nanoTime();
            int stories = store.stories().size();
            long p3 = System.nanoTime();
            System.out.printf("store read parts: %,d open packages %d ms, histories of %,d packages %d ms, %d stories %d ms%n",
                    open, (p1 - p0) / 1_000_000, histories, (p2 - p1) / 1_000_000, stories, (p3 - p2) / 1_000_000);
            long first = System.nanoTime();
            int events = service.sweep().size();
            System.out.printf("first scheduled sweep (load + sweep + record %,d announcements, all clocks stored): %,d ms%n",
                    events, millis(first));
            for (int run = 1; run <= 3; run++) {
                long l0 = System.nanoTime();
                var input = service.load();
                long l1 = System.nanoTime();
                var decided = service.decide(input, now);
                long l2 = System.nanoTime();
                transaction.execute(status -> service.record(input, decided, now));
                System.out.printf("steady-state parts %d: load %,d ms, decide %,d ms, record %,d ms%n", run,
                        (l1 - l0) / 1_000_000, (l2 - l1) / 1_000_000, millis(l2));
            }
            for (int run = 1; run <= 3; run++) {
                long steady = System.nanoTime();
                int again = service.sweep().size();
                System.out.printf("steady-state scheduled sweep %d (nothing new: %d announcements): %,d ms%n", run,
                        again, millis(steady));
            }
        }
    }

    private static void seed(DataSource dataSource, int packages, Instant now) {
        WorkItemRepository workItems = new WorkItemRepository(dataSource);
        for (int s = 0; s < 10; s++) {
            workItems.upsert(new WorkItem("bench:story:" + s, WorkItemKind.STORY,
                    new SourceRef(SourceSystem.JIRA, "issue", "s" + s, "BS-" + s, null, 1, now), "Story " + s, null,
                    CanonicalStatus.IN_PROGRESS, "In Progress", null, null, null, null, null, "team-" + s, null, null,
                    Set.of(), now, now, null, new StoryAttributes(Recurrence.RECURRING, TeamScope.SINGLE_TEAM, null,
                    s % 2 == 0 ? "default" : "business-hours", true, Map.of(), false, List.of(), Map.of()), null));
        }
        workItems.upsert(new WorkItem("bench:template", WorkItemKind.WORK_PACKAGE,
                new SourceRef(SourceSystem.JIRA, "issue", "t", "BT-0", null, 1, now), "Customer cannot log in", null,
                CanonicalStatus.IN_PROGRESS, "In Progress", Severity.SEV2, "High", null, null, null, "team-0",
                "bench:story:0", null, Set.of("incident"), now, now, null, null,
                new WorkPackageAttributes("bench:story:0", null, Severity.SEV2, null, null, null, 1, null, List.of())));
        JdbcClient jdbc = JdbcClient.create(dataSource);
        jdbc.sql("""
                with template as (select payload from work_item where id = 'bench:template'),
                     generated as (
                         select g, 'bench:wp:' || g as id, 'bench:story:' || (g % 10) as story, 'team-' || (g % 10) as team,
                                case when g % 100 = 0 then 'SEV1' when g % 100 < 61 then 'SEV2' else 'SEV3' end as severity,
                                cast(:now as timestamptz) - (g % 36000) * interval '1 second' as created
                         from generate_series(1, :packages) g)
                insert into work_item (id, kind, source_system, source_entity, native_id, source_key, title, status,
                                       status_category, severity, team, parent_id, created_at, updated_at,
                                       source_updated_at, source_version, payload)
                select id, 'WORK_PACKAGE', 'JIRA', 'issue', 'b' || g, 'BEN-' || g, 'Customer cannot log in', 'IN_PROGRESS',
                       'IN_PROGRESS', severity, team, story, created, created, created, 1,
                       jsonb_set(jsonb_set(jsonb_set(jsonb_set(jsonb_set(jsonb_set(jsonb_set(template.payload,
                           '{id}', to_jsonb(id)), '{team}', to_jsonb(team)), '{parentId}', to_jsonb(story)),
                           '{severity}', to_jsonb(severity)), '{workPackage,storyId}', to_jsonb(story)),
                           '{workPackage,severity}', to_jsonb(severity)),
                           '{createdAt}', to_jsonb(to_char(created at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')))
                from generated, template""")
                .param("now", java.time.OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .param("packages", packages)
                .update();
        jdbc.sql("delete from work_item where id = 'bench:template'").update();
        jdbc.sql("""
                insert into status_change (work_item_id, from_status, to_status, changed_at, payload)
                select id, 'IN_PROGRESS', 'ON_HOLD', created_at + interval '10 minutes', '{}'::jsonb
                from work_item where id like 'bench:wp:%' and right(id, 1) in ('0', '5')
                union all
                select id, 'ON_HOLD', 'IN_PROGRESS', created_at + interval '40 minutes', '{}'::jsonb
                from work_item where id like 'bench:wp:%' and right(id, 1) in ('0', '5')""").update();
        jdbc.sql("analyze").update();
    }

    private static long millis(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }
}
