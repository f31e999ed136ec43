package io.scrumops.bridge.bench;

import io.scrumops.bridge.BridgeApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * End-to-end ingest benchmark: starts the bridge on the embedded default, posts Jira webhooks over HTTP and waits
 * until each is stored as a work item. Prints sustained throughput (events/s) and the latency from HTTP receipt to
 * stored model (p50/p99, from the inbox's received_at and processed_at), first flat out, then at a fixed rate.
 *
 * <p>{@code bench/run IngestBenchmark [events=20000] [rate=500] [rateSeconds=20] [clients=16] [warmUp=10000]
 * [maxWarmUp=200000]}
 *
 * <p>The warm-up goes on in rounds of {@code warmUp} events until the JIT has settled: until then its compiler threads
 * take a large share of the CPU (on 2 cores its C2 queue still held methods after 60,000 events), and the figures
 * would measure the compiler, a cost a long-running bridge pays once after it starts. A round ends the warm-up when
 * the compiler threads took less than a tenth of the JVM's CPU in it; {@code maxWarmUp} caps the rounds.
 */
public final class IngestBenchmark {

    public static void main(String[] args) throws Exception {
        int events = arg(args, 0, 20_000);
        int rate = arg(args, 1, 500);
        int rateSeconds = arg(args, 2, 20);
        int clients = arg(args, 3, 16);
        int warmUp = arg(args, 4, 10_000);
        int maxWarmUp = arg(args, 5, 200_000);
        ConfigurableApplicationContext app = new SpringApplicationBuilder(BridgeApplication.class)
                .run("--server.port=0", "--scrumops.embedded.ephemeral=true", "--logging.level.root=WARN");
        try {
            int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
            JdbcTemplate jdbc = new JdbcTemplate(app.getBean(javax.sql.DataSource.class));
            var bench = new IngestBenchmark(port, jdbc, clients,
                    app.getEnvironment().getProperty("scrumops.admin.password"));
            bench.warmUp(warmUp, maxWarmUp);
            bench.flatOut(events);
            bench.fixedRate(rate, rateSeconds);
        } finally {
            app.close();
            System.exit(0);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newCachedThreadPool(r -> new Thread(r, "load-generator-http-client")))
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI webhook;
    private final JdbcTemplate jdbc;
    private final int clients;
    private final String auth;
    private final AtomicInteger sequence = new AtomicInteger();

    private IngestBenchmark(int port, JdbcTemplate jdbc, int clients, String password) {
        this.auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
        this.webhook = URI.create("http://localhost:" + port + "/webhooks/jira");
        this.jdbc = jdbc;
        this.clients = clients;
    }

    private void warmUp(int roundEvents, int maxEvents) throws Exception {
        int sent = 0;
        while (sent < maxEvents) {
            long start = System.nanoTime();
            long from = maxInboxId();
            double jvmBefore = CpuTime.now().jvmMillis();
            ThreadCpu threadsBefore = ThreadCpu.now();
            send(roundEvents, 0);
            awaitProcessed(from, roundEvents);
            sent += roundEvents;
            double jvm = CpuTime.now().jvmMillis() - jvmBefore;
            double jit = ThreadCpu.now().minus(threadsBefore).getOrDefault(ThreadCpu.JIT, 0.0);
            System.out.printf("warm-up: %d events in %.1f s, JIT compiler threads %.2f ms per event (%.0f %% of the"
                    + " JVM's CPU)%n", roundEvents, (System.nanoTime() - start) / 1e9, jit / roundEvents,
                    100 * jit / jvm);
            if (jit < jvm / 10) {
                break;
            }
        }
        System.out.printf("warm-up done after %d events%n", sent);
    }

    private void flatOut(int events) throws Exception {
        long from = maxInboxId();
        int postgresPort = jdbc.queryForObject("select inet_server_port()", Integer.class);
        CpuTime cpuBefore = CpuTime.now(postgresPort);
        ThreadCpu threadsBefore = ThreadCpu.now();
        long start = System.nanoTime();
        List<Long> httpMicros = send(events, 0);
        awaitProcessed(from, events);
        double seconds = (System.nanoTime() - start) / 1e9;
        CpuTime cpu = CpuTime.now(postgresPort).minus(cpuBefore);
        Map<String, Double> byThreads = ThreadCpu.now().minus(threadsBefore);
        System.out.printf("flat out: %d events in %.1f s = %.0f events/s end to end (HTTP in -> stored model), %d clients%n",
                events, seconds, events / seconds, clients);
        System.out.printf("  CPU per event: %.2f ms in the JVM (bridge, broker and load generator), %.2f ms in PostgreSQL"
                + " -> at most %.0f events/s on %d cores%n", cpu.jvmMillis() / events, cpu.postgresMillis() / events,
                Runtime.getRuntime().availableProcessors() * 1000.0 * events / (cpu.jvmMillis() + cpu.postgresMillis()),
                Runtime.getRuntime().availableProcessors());
        double broker = ThreadCpu.brokerMillis(byThreads);
        double loadGenerator = ThreadCpu.loadGeneratorMillis(byThreads);
        double bridge = cpu.jvmMillis() - broker - loadGenerator;
        System.out.printf("  of which: bridge %.2f ms (with GC and JIT), in-process broker %.2f ms, load generator %.2f ms"
                        + " -> with the broker and the load generator elsewhere, at most %.0f events/s on %d cores%n",
                bridge / events, broker / events, loadGenerator / events,
                Runtime.getRuntime().availableProcessors() * 1000.0 * events / (bridge + cpu.postgresMillis()),
                Runtime.getRuntime().availableProcessors());
        double jit = byThreads.getOrDefault(ThreadCpu.JIT, 0.0);
        System.out.printf("  bridge without the JIT compiler's threads (%.2f ms, still compiling after the warm-up):"
                + " %.2f ms -> at most %.0f events/s on %d cores with the broker and the load"
                + " generator elsewhere%n", jit / events, (bridge - jit) / events,
                Runtime.getRuntime().availableProcessors() * 1000.0 * events / (bridge - jit + cpu.postgresMillis()),
                Runtime.getRuntime().availableProcessors());
        report("  HTTP answer", httpMicros);
        report("  receipt -> stored", storedLatencies(from));
        System.out.println("  CPU per event by thread group (ms), the largest:");
        byThreads.entrySet().stream().limit(18).forEach(e ->
                System.out.printf("    %6.3f  %s%n", e.getValue() / events, e.getKey()));
    }

    private void fixedRate(int rate, int seconds) throws Exception {
        long from = maxInboxId();
        int events = rate * seconds;
        List<String> watch = Collections.synchronizedList(new ArrayList<>());
        Thread watcher = new Thread(() -> watchDatabase(from, watch), "load-generator-watch");
        watcher.setDaemon(true);
        watcher.start();
        List<Long> httpMicros = send(events, rate);
        awaitProcessed(from, events);
        watcher.interrupt();
        System.out.printf("fixed rate: %d events at %d events/s%n", events, rate);
        report("  HTTP answer", httpMicros);
        report("  receipt -> stored", storedLatencies(from));
        slowSeconds(from);
        System.out.println("  every second: records received but not yet stored, and what PostgreSQL was doing besides"
                + " (autovacuum workers, backends waiting for a lock):");
        synchronized (watch) {
            watch.forEach(line -> System.out.println("    " + line));
        }
    }

    /** Once a second: the backlog of received records not stored yet, autovacuum workers and lock waits. */
    private void watchDatabase(long afterId, List<String> lines) {
        long start = System.nanoTime();
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Map<String, Object> row = jdbc.queryForMap("""
                        select (select count(*) from inbox where id > ? and status in ('RECEIVED', 'PUBLISHED'))
                                   as waiting,
                               (select string_agg(distinct coalesce(substring(query from '\\.(\\w+)'),
                                       'vacuum'), ',') from pg_stat_activity
                                where backend_type = 'autovacuum worker') as autovacuum,
                               (select count(*) from pg_stat_activity where wait_event_type = 'Lock') as lock_waits""",
                        afterId);
                lines.add(String.format("%5.1f s: %s waiting%s%s", (System.nanoTime() - start) / 1e9,
                        row.get("waiting"), row.get("autovacuum") == null ? "" : ", autovacuum " + row.get("autovacuum"),
                        ((Number) row.get("lock_waits")).intValue() == 0 ? "" : ", " + row.get("lock_waits")
                                + " backends waiting for a lock"));
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                lines.add("watch failed: " + e.getMessage());
                return;
            }
        }
    }

    /**
     * Where the slow records of a run are: the seconds of receipt whose slowest record took longest to be stored, with
     * how many records each second received and how many of them took over 100 ms. A burst (records of one second
     * all late) points at the consumers or the database stalling; scattered late records at scheduling.
     */
    private void slowSeconds(long afterId) {
        List<Map<String, Object>> seconds = jdbc.queryForList("""
                select to_char(date_trunc('second', received_at), 'HH24:MI:SS') as second, count(*) as received,
                       count(*) filter (where processed_at - received_at > interval '100 milliseconds') as late,
                       round(extract(epoch from max(processed_at - received_at)) * 1000) as worst_ms
                from inbox where id > ? and processed_at is not null
                group by 1 order by worst_ms desc limit 6""", afterId);
        Integer lateSeconds = jdbc.queryForObject("""
                select count(*) from (select date_trunc('second', received_at) from inbox
                where id > ? and processed_at - received_at > interval '100 milliseconds' group by 1) s""",
                Integer.class, afterId);
        System.out.printf("  seconds with a record stored after 100 ms: %d; the slowest:%n", lateSeconds);
        seconds.forEach(row -> System.out.printf("    %s received %s, %s over 100 ms, slowest %s ms%n",
                row.get("second"), row.get("received"), row.get("late"), row.get("worst_ms")));
    }

    /** Sends {@code events} webhooks with {@code clients} threads; paced to {@code rate} per second when rate > 0. */
    private List<Long> send(int events, int rate) throws Exception {
        List<Long> micros = Collections.synchronizedList(new ArrayList<>(events));
        ExecutorService pool = Executors.newFixedThreadPool(clients, r -> new Thread(r, "load-generator"));
        long start = System.nanoTime();
        AtomicInteger failures = new AtomicInteger();
        for (int i = 0; i < events; i++) {
            if (rate > 0) {
                long due = start + (long) (i * (1e9 / rate));
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            int n = sequence.incrementAndGet();
            pool.submit(() -> {
                long t0 = System.nanoTime();
                try {
                    HttpResponse<String> response = http.send(request(n), HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 202 && failures.incrementAndGet() == 1) {
                        System.out.println("  first refusal: " + response.statusCode() + " " + response.body());
                    }
                } catch (Exception e) {
                    if (failures.incrementAndGet() == 1) {
                        System.out.println("  first failure: " + e);
                    }
                }
                micros.add((System.nanoTime() - t0) / 1_000);
            });
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
        if (failures.get() > 0) {
            System.out.printf("  %d requests were not answered 202%n", failures.get());
        }
        return micros;
    }

    private HttpRequest request(int n) {
        String issueId = String.valueOf(500_000 + n % 5_000);
        String body = """
                {"timestamp": %d, "webhookEvent": "jira:issue_updated",
                 "issue": {"id": "%s", "key": "BENCH-%s", "self": "https://jira.example/rest/api/2/issue/%s",
                  "fields": {"summary": "benchmark issue %s", "updated": "2026-11-01T10:%02d:%02d.%03d+0000",
                   "created": "2026-11-01T09:00:00.000+0000",
                   "status": {"name": "In Progress", "statusCategory": {"key": "indeterminate"}},
                   "priority": {"name": "High"}, "issuetype": {"name": "Task"}, "labels": []}}}
                """.formatted(System.currentTimeMillis(), issueId, issueId, issueId, n,
                (n / 60_000) % 60, (n / 1_000) % 60, n % 1_000);
        return HttpRequest.newBuilder(webhook)
                .header("Content-Type", "application/json")
                .header("Authorization", auth)
                .header("X-Atlassian-Webhook-Identifier", "bench-" + n)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private long maxInboxId() {
        Long id = jdbc.queryForObject("select coalesce(max(id), 0) from inbox", Long.class);
        return id == null ? 0 : id;
    }

    private void awaitProcessed(long afterId, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (System.nanoTime() < deadline) {
            Integer done = jdbc.queryForObject(
                    "select count(*) from inbox where id > ? and status in ('PROCESSED', 'QUARANTINED')",
                    Integer.class, afterId);
            if (done != null && done >= expected) {
                return;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("events not processed within 10 minutes");
    }

    private List<Long> storedLatencies(long afterId) {
        return jdbc.queryForList("""
                select (extract(epoch from (processed_at - received_at)) * 1000000)::bigint
                from inbox where id > ? and processed_at is not null""", Long.class, afterId);
    }

    private static void report(String label, List<Long> micros) {
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        System.out.printf("%s: p50 %.1f ms, p99 %.1f ms, max %.1f ms (n=%d)%n", label,
                percentile(sorted, 0.50) / 1000.0, percentile(sorted, 0.99) / 1000.0,
                sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1) / 1000.0, sorted.size());
    }

    private static long percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    private static int arg(String[] args, int index, int fallback) {
        return args.length > index ? Integer.parseInt(args[index]) : fallback;
    }
}
