package io.scrumops.bridge.bench;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.scrumops.bridge.BridgeApplication;
import io.scrumops.bridge.ingest.BackfillJobs;
import io.scrumops.bridge.ingest.InboundSource;
import io.scrumops.bridge.support.ServiceNowTablePage;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * Backfill benchmark: WireMock serves a Jira project ({@code /rest/api/2/search}, startAt/maxResults, with changelog)
 * and a ServiceNow assignment group ({@code incident} Table API, sysparm_query/limit/offset), both generated page by
 * page on request (nothing held in memory). The bridge starts on the embedded default, a backfill of each system is
 * queued through {@link BackfillJobs} (what {@code POST /api/backfill} calls), and the clock runs until every record
 * is a work item with its history. Prints records/s, the heap's peak (sampled every 50 ms, and after each GC) and
 * the CPU split by thread group and PostgreSQL. Run it with the heap the target names:
 *
 * <p>{@code BENCH_JAVA_OPTS=-Xmx512m bench/run BackfillBenchmark [jira=100000] [servicenow=50000] [pageSize=100]}
 */
public final class BackfillBenchmark {

    static final String PROJECT = "BULK";
    static final String GROUP = "grp-bulk";
    /** Issue i was created at BASE + 10 i seconds; incident i was updated at BASE + i/2 seconds. */
    static final LocalDateTime BASE = LocalDateTime.of(2024, 1, 1, 0, 0);
    private static final DateTimeFormatter JIRA_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'+0000'");
    private static final DateTimeFormatter SN_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter JQL_TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm");

    public static void main(String[] args) throws Exception {
        int jira = arg(args, 0, 100_000);
        int serviceNow = arg(args, 1, 50_000);
        int pageSize = arg(args, 2, 100);
        Pages pages = new Pages(jira, serviceNow);
        WireMockServer remote = new WireMockServer(options().dynamicPort().containerThreads(8)
                .disableRequestJournal().extensions(pages));
        remote.start();
        remote.stubFor(any(anyUrl()).willReturn(new ResponseDefinitionBuilder().withTransformers(Pages.NAME)));
        ConfigurableApplicationContext app;
        try {
            app = start(remote, pageSize);
        } catch (RuntimeException failed) {
            // WireMock's threads would keep the JVM (and the machine's benchmark lock) alive
            failed.printStackTrace();
            remote.stop();
            System.exit(1);
            return;
        }
        run(app, remote, jira, serviceNow, pageSize);
    }

    private static ConfigurableApplicationContext start(WireMockServer remote, int pageSize) {
        return new SpringApplicationBuilder(BridgeApplication.class).run(
                "--server.port=0", "--scrumops.embedded.ephemeral=true", "--logging.level.root=WARN",
                "--logging.level.kafka=WARN", "--logging.level.state.change.logger=WARN",
                "--logging.level.org.apache.kafka=WARN",
                "--scrumops.jira.base-url=" + remote.baseUrl(), "--scrumops.jira.deployment=DATA_CENTER",
                "--scrumops.jira.username=bench", "--scrumops.jira.api-token=bench",
                "--scrumops.jira.reconcile.page-size=" + pageSize,
                "--scrumops.jira.reconcile.period-ms=36000000",
                "--scrumops.servicenow.instance-url=" + remote.baseUrl(),
                "--scrumops.servicenow.api-url=" + remote.baseUrl() + "/api",
                "--scrumops.servicenow.username=bench", "--scrumops.servicenow.password=bench",
                "--scrumops.servicenow.poll.page-size=" + pageSize,
                "--scrumops.servicenow.poll.period-ms=36000000",
                "--scrumops.servicenow.poll.tables=incident",
                "--scrumops.writeback.service-now-rate-per-second=100000");
    }

    private static void run(ConfigurableApplicationContext app, WireMockServer remote, int jira, int serviceNow,
                            int pageSize) throws Exception {
        HeapWatch heap = new HeapWatch();
        try {
            JdbcTemplate jdbc = new JdbcTemplate(app.getBean(javax.sql.DataSource.class));
            BackfillJobs jobs = app.getBean(BackfillJobs.class);
            System.out.printf("backfill of %d Jira issues and %d ServiceNow incidents, pages of %d, heap max %d MB,"
                            + " %d cores%n", jira, serviceNow, pageSize,
                    Runtime.getRuntime().maxMemory() / (1024 * 1024), Runtime.getRuntime().availableProcessors());
            heap.start();
            CpuTime cpuBefore = CpuTime.now();
            ThreadCpu threadsBefore = ThreadCpu.now();
            long start = System.nanoTime();
            String jiraJob = jobs.start(InboundSource.JIRA, PROJECT).id();
            String serviceNowJob = jobs.start(InboundSource.SERVICENOW, GROUP).id();
            long lastReport = start;
            long read = 0;
            while (true) {
                long stored = stored(jdbc);
                if (stored >= jira + serviceNow) {
                    break;
                }
                var failed = jobs.find(jiraJob).filter(s -> s.state() == BackfillJobs.State.FAILED)
                        .or(() -> jobs.find(serviceNowJob).filter(s -> s.state() == BackfillJobs.State.FAILED));
                if (failed.isPresent()) {
                    throw new IllegalStateException("backfill failed: " + failed.get().error());
                }
                if (System.nanoTime() - lastReport > TimeUnit.SECONDS.toNanos(10)) {
                    lastReport = System.nanoTime();
                    read = jobs.find(jiraJob).orElseThrow().records() + jobs.find(serviceNowJob).orElseThrow().records();
                    System.out.printf("  %5.0f s: %d read, %d stored, heap %d MB%n", (lastReport - start) / 1e9, read,
                            stored, heap.used() / (1024 * 1024));
                }
                // counting 150,000 rows is a scan: often enough to time the end within a second, no oftener
                Thread.sleep(1000);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            CpuTime cpu = CpuTime.now().minus(cpuBefore);
            Map<String, Double> byThreads = ThreadCpu.now().minus(threadsBefore);
            heap.stop();
            int records = jira + serviceNow;
            Long histories = jdbc.queryForObject("select count(*) from status_change where work_item_id in"
                    + " (select id from work_item where source_key like 'BULK-%')", Long.class);
            System.out.printf("stored: %d work items (%d Jira, %d ServiceNow), %d Jira status changes%n",
                    storedJira(jdbc) + storedServiceNow(jdbc), storedJira(jdbc), storedServiceNow(jdbc), histories);
            System.out.printf("backfill: %d records in %.1f s = %.0f records/s end to end (read from the fakes ->"
                    + " stored model)%n", records, seconds, records / seconds);
            System.out.printf("  heap used: peak %d MB (sampled), peak after GC %d MB, of %d MB max; GC %d collections,"
                            + " %d ms%n", heap.peak() / (1024 * 1024), heap.peakAfterGc() / (1024 * 1024),
                    Runtime.getRuntime().maxMemory() / (1024 * 1024), heap.collections(), heap.gcMillis());
            double broker = ThreadCpu.brokerMillis(byThreads);
            double fakes = byThreads.entrySet().stream().filter(e -> e.getKey().startsWith("qtp"))
                    .mapToDouble(Map.Entry::getValue).sum();
            double bridge = cpu.jvmMillis() - broker - fakes;
            System.out.printf("  CPU per record: JVM %.3f ms (bridge %.3f, in-process broker %.3f, WireMock %.3f),"
                            + " PostgreSQL %.3f ms -> bridge + PostgreSQL at most %.0f records/s on %d cores%n",
                    cpu.jvmMillis() / records, bridge / records, broker / records, fakes / records,
                    cpu.postgresMillis() / records,
                    Runtime.getRuntime().availableProcessors() * 1000.0 * records / (bridge + cpu.postgresMillis()),
                    Runtime.getRuntime().availableProcessors());
            System.out.println("  CPU per record by thread group (ms), the largest:");
            byThreads.entrySet().stream().limit(14).forEach(e ->
                    System.out.printf("    %6.3f  %s%n", e.getValue() / records, e.getKey()));
        } finally {
            heap.stop();
            app.close();
            remote.stop();
            System.exit(0);
        }
    }

    /** Both counts in one scan (the count is PostgreSQL CPU the bridge does not spend: once a second, one scan). */
    private static long stored(JdbcTemplate jdbc) {
        return jdbc.queryForObject("select count(*) from work_item where (source_system = 'JIRA'"
                + " and source_key like 'BULK-%') or (source_system = 'SERVICENOW' and source_key like 'INC7%')",
                Long.class);
    }

    private static long storedJira(JdbcTemplate jdbc) {
        return jdbc.queryForObject("select count(*) from work_item where source_system = 'JIRA'"
                + " and source_key like 'BULK-%'", Long.class);
    }

    private static long storedServiceNow(JdbcTemplate jdbc) {
        return jdbc.queryForObject("select count(*) from work_item where source_system = 'SERVICENOW'"
                + " and source_key like 'INC7%'", Long.class);
    }

    /** The heap's peak, sampled, and the peak of what was left after each collection. */
    private static final class HeapWatch {
        private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "bench-heap-sampler");
            thread.setDaemon(true);
            return thread;
        });
        private final AtomicLong peak = new AtomicLong();
        private final long gcCountBefore = gcCount();
        private final long gcMillisBefore = gcMillis(true);

        void start() {
            sampler.scheduleAtFixedRate(() -> peak.accumulateAndGet(used(), Math::max), 0, 50, TimeUnit.MILLISECONDS);
        }

        void stop() {
            sampler.shutdownNow();
        }

        long used() {
            return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        }

        long peak() {
            return Math.max(peak.get(), used());
        }

        long peakAfterGc() {
            long max = 0;
            for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
                MemoryUsage after = pool.getCollectionUsage();
                if (after != null && pool.getType() == java.lang.management.MemoryType.HEAP) {
                    max += pool.getPeakUsage() == null ? 0 : after.getUsed();
                }
            }
            return max;
        }

        long collections() {
            return gcCount() - gcCountBefore;
        }

        long gcMillis() {
            return gcMillis(true) - gcMillisBefore;
        }

        private static long gcCount() {
            return ManagementFactory.getGarbageCollectorMXBeans().stream()
                    .mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
        }

        private static long gcMillis(boolean all) {
            return ManagementFactory.getGarbageCollectorMXBeans().stream()
                    .mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
        }
    }

    /**
     * Generates the pages the bridge asks for: Jira issue i of {@code jira} (created BASE + 10 i s, with a changelog
     * of one or two status changes), ServiceNow incident i of {@code serviceNow} (updated BASE + i/2 s, two per
     * second so that pages end inside a second). Only the backfill's queries get records; the periodic sweep and
     * poll (no project, no group) get empty pages.
     */
    static final class Pages implements ResponseDefinitionTransformerV2 {
        static final String NAME = "bench-pages";
        private final int jira;
        private final int serviceNow;

        Pages(int jira, int serviceNow) {
            this.jira = jira;
            this.serviceNow = serviceNow;
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            var request = event.getRequest();
            String path = request.getUrl().split("\\?")[0];
            String body;
            if (path.equals("/rest/api/2/search")) {
                body = jiraPage(param(event, "jql", ""), Integer.parseInt(param(event, "startAt", "0")),
                        Integer.parseInt(param(event, "maxResults", "50")));
            } else if (path.equals("/rest/api/2/status")) {
                body = "[{\"name\":\"To Do\",\"statusCategory\":{\"key\":\"new\"}},"
                        + "{\"name\":\"In Progress\",\"statusCategory\":{\"key\":\"indeterminate\"}},"
                        + "{\"name\":\"Done\",\"statusCategory\":{\"key\":\"done\"}}]";
            } else if (path.startsWith("/api/now/v1/table/")) {
                return incidentPage(ServiceNowTablePage.of(event, 100));
            } else if (path.startsWith("/rest/agile/")) {
                body = "{\"startAt\":0,\"maxResults\":50,\"isLast\":true,\"values\":[]}";
            } else {
                return new ResponseDefinitionBuilder().withStatus(404).withBody("{}").build();
            }
            return new ResponseDefinitionBuilder().withStatus(200).withHeader("Content-Type", "application/json")
                    .withBody(body).build();
        }

        private String jiraPage(String jql, int startAt, int maxResults) {
            int first = 0;
            if (!jql.contains("project = \"" + PROJECT + "\"")) {
                first = jira;
            }
            int created = jql.indexOf("created >= \"");
            if (created >= 0) {
                String from = jql.substring(created + 12, created + 28);
                long seconds = java.time.Duration.between(BASE, LocalDateTime.parse(from, JQL_TIME)).getSeconds();
                first = (int) Math.max(0, Math.min(jira, (seconds + 9) / 10));
            }
            int from = Math.min(jira, first + startAt);
            int to = Math.min(jira, from + maxResults);
            StringBuilder page = new StringBuilder(4096 * (to - from) + 100);
            page.append("{\"startAt\":").append(startAt).append(",\"maxResults\":").append(maxResults)
                    .append(",\"total\":").append(jira - first).append(",\"issues\":[");
            for (int i = from; i < to; i++) {
                if (i > from) {
                    page.append(',');
                }
                issue(page, i);
            }
            return page.append("]}").toString();
        }

        static void issue(StringBuilder out, int i) {
            LocalDateTime created = BASE.plusSeconds(10L * i);
            String[] statuses = {"To Do", "In Progress", "Done"};
            String[] categories = {"new", "indeterminate", "done"};
            int s = i % 3;
            String id = Integer.toString(1_000_000 + i);
            String key = PROJECT + "-" + (i + 1);
            out.append("{\"expand\":\"renderedFields,names,schema,operations,editmeta,changelog\",\"id\":\"")
                    .append(id).append("\",\"self\":\"https://jira.example/rest/api/2/issue/").append(id)
                    .append("\",\"key\":\"").append(key).append("\",\"fields\":{\"summary\":\"Backfilled issue ")
                    .append(i).append("\",\"description\":\"Imported by the backfill benchmark; issue number ")
                    .append(i).append(" of the project.\",\"issuetype\":{\"name\":\"")
                    .append(i % 5 == 0 ? "Bug" : "Story").append("\"},\"project\":{\"key\":\"").append(PROJECT)
                    .append("\",\"name\":\"Bulk\"},\"priority\":{\"name\":\"")
                    .append(i % 4 == 0 ? "High" : "Medium").append("\"},\"labels\":[\"imported\"],")
                    .append("\"assignee\":{\"name\":\"dev").append(i % 20).append("\",\"displayName\":\"Developer ")
                    .append(i % 20).append("\"},\"reporter\":{\"name\":\"po\",\"displayName\":\"Product Owner\"},")
                    .append("\"created\":\"").append(JIRA_TIME.format(created)).append("\",\"updated\":\"")
                    .append(JIRA_TIME.format(created.plusMinutes(50))).append("\",\"resolutiondate\":")
                    .append(s == 2 ? "\"" + JIRA_TIME.format(created.plusMinutes(50)) + "\"" : "null")
                    .append(",\"status\":{\"name\":\"").append(statuses[s])
                    .append("\",\"statusCategory\":{\"key\":\"").append(categories[s])
                    .append("\"}},\"fixVersions\":[],\"components\":[],\"issuelinks\":[],\"subtasks\":[]},")
                    .append("\"changelog\":{\"startAt\":0,\"maxResults\":").append(s).append(",\"total\":").append(s)
                    .append(",\"histories\":[");
            for (int h = 1; h <= s; h++) {
                if (h > 1) {
                    out.append(',');
                }
                out.append("{\"id\":\"").append(10L * (1_000_000 + i) + h)
                        .append("\",\"author\":{\"name\":\"dev").append(i % 20).append("\"},\"created\":\"")
                        .append(JIRA_TIME.format(created.plusMinutes(h == 1 ? 10 : 50)))
                        .append("\",\"items\":[{\"field\":\"status\",\"fieldtype\":\"jira\",\"fromString\":\"")
                        .append(statuses[h - 1]).append("\",\"toString\":\"").append(statuses[h]).append("\"}]}");
            }
            out.append("]}}");
        }

        /** Only the group's incidents (the backfill's query); other tables and the periodic poll get none. */
        private ResponseDefinition incidentPage(ServiceNowTablePage request) {
            if (!request.table().equals("incident") || !GROUP.equals(request.assignmentGroup())) {
                return ServiceNowTablePage.answer(0, 0, (out, i) -> { });
            }
            int first = 0;
            if (request.updatedFrom() != null) {
                LocalDateTime from = LocalDateTime.parse(request.updatedFrom(), SN_TIME);
                long seconds = java.time.Duration.between(BASE, from).getSeconds();
                first = (int) Math.max(0, Math.min(serviceNow, 2 * seconds));
            }
            int from = Math.min(serviceNow, first + request.offset());
            int to = Math.min(serviceNow, from + request.limit());
            return ServiceNowTablePage.answer(to - from, 2048, (out, i) -> incident(out, from + i));
        }

        static void incident(StringBuilder out, int i) {
            LocalDateTime updated = BASE.plusSeconds(i / 2);
            LocalDateTime opened = updated.minusHours(2);
            String[] states = {"1", "2", "6", "7"};
            String sysId = String.format("%032x", 0x7000_0000L + i);
            out.append("{\"sys_id\":\"").append(sysId).append("\",\"number\":\"INC").append(7_000_000 + i)
                    .append("\",\"sys_class_name\":\"incident\",\"short_description\":\"Backfilled incident ")
                    .append(i).append("\",\"description\":\"Imported by the backfill benchmark.\",\"state\":\"")
                    .append(states[i % 4]).append("\",\"incident_state\":\"").append(states[i % 4])
                    .append("\",\"priority\":\"").append(1 + i % 5).append("\",\"impact\":\"2\",\"urgency\":\"2\",")
                    .append("\"assignment_group\":{\"value\":\"").append(GROUP).append("\"},")
                    .append("\"assigned_to\":{\"value\":\"").append(String.format("%032x", i % 20)).append("\"},")
                    .append("\"caller_id\":{\"value\":\"6816f79cc0a8016401c5a33be04be441\"},")
                    .append("\"category\":\"software\",\"opened_at\":\"").append(SN_TIME.format(opened))
                    .append("\",\"sys_created_on\":\"").append(SN_TIME.format(opened))
                    .append("\",\"sys_updated_on\":\"").append(SN_TIME.format(updated))
                    .append("\",\"resolved_at\":\"")
                    .append(i % 4 >= 2 ? SN_TIME.format(updated) : "").append("\",\"closed_at\":\"")
                    .append(i % 4 == 3 ? SN_TIME.format(updated) : "").append("\",\"sys_mod_count\":\"")
                    .append(3 + i % 4).append("\",\"sys_updated_by\":\"admin\",\"active\":\"")
                    .append(i % 4 < 2).append("\"}");
        }

        private static String param(ServeEvent event, String name, String otherwise) {
            var value = event.getRequest().queryParameter(name);
            return value.isPresent() ? value.firstValue() : otherwise;
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public String getName() {
            return NAME;
        }
    }

    private static int arg(String[] args, int index, int fallback) {
        return args.length > index ? Integer.parseInt(args[index]) : fallback;
    }
}
