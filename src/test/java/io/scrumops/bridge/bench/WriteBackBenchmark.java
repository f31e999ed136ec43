package io.scrumops.bridge.bench;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.scrumops.bridge.BridgeApplication;
import io.scrumops.bridge.writeback.JiraMoveToSprint;
import io.scrumops.bridge.writeback.JiraUpdateFields;
import io.scrumops.bridge.writeback.ServiceNowUpdate;
import io.scrumops.bridge.writeback.WriteCommandQueue;
import org.apache.camel.CamelContext;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * Write-back ceiling: commands applied per second by the outbox dispatcher against WireMock answering at once, beside
 * a bare JDK HttpClient loop making the same calls (the same methods, paths, queries, bodies and headers, replayed from
 * WireMock's journal of the dispatcher's round) to the same WireMock in the same run, with the same concurrency as the
 * dispatcher ({@code scrumops.writeback.concurrency}). Prints both rates and their ratio.
 *
 * <p>{@code bench/run WriteBackBenchmark [commands=6000] [rounds=3] [maxWarmUpRounds=30]}
 *
 * <p>Before the measured rounds, warm-up rounds of the same size run until the JIT has settled: until the compiler
 * threads take under a tenth of the JVM's CPU in a round (at most {@code maxWarmUpRounds}). Until then a round measures
 * the compiler at work on the two cores as much as the dispatcher, a cost a long-running bridge pays once after it
 * starts; the bare loop, a few JDK classes, settles far sooner, so early rounds compare a compiling dispatcher with a
 * compiled loop. Each round prints the compiler's share.
 *
 * <p>Commands: a Jira field update and a sprint move on one issue (two commands of one work item, applied in order)
 * and a ServiceNow PATCH on its incident, for commands / 3 work items. The local rate limits are lifted (the ceiling
 * is the bridge's own cost, not the remote's quota); the outbox poll period is the default, but the dispatcher is
 * started only once the commands are queued, so that the first poll finds them all, and its first poll is made at
 * once ({@code poll-delay-ms=1}): with the route's default delay of 1 s before the first poll, each round's time
 * included a second of waiting that the replay loop does not have.
 */
public final class WriteBackBenchmark {

    public static void main(String[] args) throws Exception {
        int commands = arg(args, 0, 6_000);
        int rounds = arg(args, 1, 3);
        int maxWarmUpRounds = arg(args, 2, 30);
        WireMockServer remote = new WireMockServer(options().dynamicPort().containerThreads(40)
                .asynchronousResponseEnabled(false));
        remote.start();
        remote.addMockServiceRequestListener((request, response) -> answered.incrementAndGet());
        remote.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withStatus(204)));
        remote.stubFor(patch(urlPathMatching("/api/now/table/incident/.+"))
                .willReturn(okJson("{\"result\": {\"sys_id\": \"x\"}}")));
        String base = "http://localhost:" + remote.port();
        ConfigurableApplicationContext app = new SpringApplicationBuilder(BridgeApplication.class)
                .run("--server.port=0", "--scrumops.embedded.ephemeral=true", "--logging.level.root=WARN", "--logging.level.io.scrumops.bridge.writeback=INFO",
                        "--scrumops.jira.base-url=" + base, "--scrumops.jira.username=bridge",
                        "--scrumops.jira.api-token=jira-token",
                        "--scrumops.jira.reconcile.period-ms=3600000",
                        "--scrumops.rules.sprint-sync.enabled=false",
                        "--scrumops.servicenow.instance-url=" + base, "--scrumops.servicenow.username=bridge",
                        "--scrumops.servicenow.password=sn-password",
                        "--scrumops.servicenow.poll.period-ms=3600000",
                        // the gates' scheduled version sync calls the same WireMock: not during the rounds
                        "--scrumops.gates.schedule-delay-ms=3600000",
                        // the first poll at once when the route is started, as the replay's first call is made at once
                        "--scrumops.writeback.poll-delay-ms=1",
                        "--scrumops.writeback.jira-rate-per-second=1000000",
                        "--scrumops.writeback.service-now-rate-per-second=1000000");
        try {
            var bench = new WriteBackBenchmark(app, remote);
            int warmUp = 0;
            double jitShare = 1;
            while (jitShare >= 0.1 && warmUp < maxWarmUpRounds) {
                warmUp++;
                jitShare = bench.round("warm-up " + warmUp, commands);
            }
            System.out.printf("warm-up done after %d rounds (%d commands)%n", warmUp, warmUp * commands);
            for (int round = 1; round <= rounds; round++) {
                bench.round("round " + round, commands);
            }
        } finally {
            app.close();
            remote.stop();
            System.exit(0);
        }
    }

    private final CamelContext camel;
    private final JdbcTemplate jdbc;
    private final WriteCommandQueue queue;
    private final WireMockServer remote;
    private final int concurrency;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private int sequence;
    /** Calls WireMock answered since the round's start. */
    private static final java.util.concurrent.atomic.AtomicInteger answered = new java.util.concurrent.atomic.AtomicInteger();

    private WriteBackBenchmark(ConfigurableApplicationContext app, WireMockServer remote) {
        this.camel = app.getBean(CamelContext.class);
        this.jdbc = new JdbcTemplate(app.getBean(javax.sql.DataSource.class));
        this.queue = app.getBean(WriteCommandQueue.class);
        this.remote = remote;
        this.concurrency = Integer.parseInt(app.getEnvironment().getProperty("scrumops.writeback.concurrency", "1"));
    }

    /** @return the JIT compiler threads' share of the JVM's CPU during the round (dispatcher and replay) */
    private double round(String round, int commands) throws Exception {
        camel.getRouteController().stopRoute("outbox-dispatch");
        remote.resetRequests();
        int items = commands / 3;
        for (int i = 0; i < items; i++) {
            int n = ++sequence;
            String workItem = "wb-" + n;
            String issue = "WB-" + n;
            queue.enqueue("bench:fields:" + n, new JiraUpdateFields(workItem, issue,
                    Map.of("summary", "benchmark issue " + n, "priority", Map.of("name", "High"))));
            queue.enqueue("bench:sprint:" + n, new JiraMoveToSprint(workItem, issue, String.valueOf(100 + n % 7)));
            queue.enqueue("bench:incident:" + n, new ServiceNowUpdate("wb-inc-" + n, "incident",
                    String.format("%032x", n), Map.of("state", "2", "work_notes_list", "")));
        }
        int total = items * 3;
        answered.set(0);
        int postgresPort = jdbc.queryForObject("select inet_server_port()", Integer.class);
        CpuTime processesBefore = CpuTime.now(postgresPort);
        ThreadCpu threadsBefore = ThreadCpu.now();
        Map<String, Long> cpuBefore = cpuByGroup();
        long start = System.nanoTime();
        camel.getRouteController().startRoute("outbox-dispatch");
        awaitDone(total);
        double bridgeSeconds = (System.nanoTime() - start) / 1e9;
        Map<String, Long> bridgeCpu = since(cpuBefore);
        double postgres = CpuTime.now(postgresPort).minus(processesBefore).postgresMillis();
        camel.getRouteController().stopRoute("outbox-dispatch");

        List<LoggedRequest> calls = new ArrayList<>(remote.findAll(
                com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(anyUrl())));
        if (calls.size() != total) {
            System.out.printf("  %s: WireMock received %d calls for %d commands%n", round, calls.size(), total);
            calls.stream().collect(java.util.stream.Collectors.groupingBy(call -> call.getMethod() + " "
                            + call.getUrl() + " " + call.getBodyAsString(), java.util.stream.Collectors.counting()))
                    .forEach((call, count) -> {
                        if (count > 1) {
                            System.out.printf("    %d times: %s%n", count, call);
                        }
                    });
            jdbc.queryForList("select id, command_type, attempts, status from outbox where attempts > 1")
                    .forEach(row -> System.out.printf("    tried more than once: %s%n", row));
        }
        List<HttpRequest> replay = calls.stream().map(this::replayOf).toList();
        remote.resetRequests();
        cpuBefore = cpuByGroup();
        double ceilingSeconds = replay(replay);
        Map<String, Long> ceilingCpu = since(cpuBefore);
        double jvm = CpuTime.now(postgresPort).minus(processesBefore).jvmMillis();
        double jit = ThreadCpu.now().minus(threadsBefore).getOrDefault(ThreadCpu.JIT, 0.0);

        double bridgeRate = total / bridgeSeconds;
        double ceilingRate = replay.size() / ceilingSeconds;
        System.out.printf("%s: %d commands; outbox dispatcher %.0f commands/s (%.2f s); bare HttpClient loop, "
                        + "same calls, %d thread(s): %.0f calls/s (%.2f s); ratio %.2f%n", round, total, bridgeRate,
                bridgeSeconds, concurrency, ceilingRate, ceilingSeconds, bridgeRate / ceilingRate);
        System.out.printf("  CPU per command (ms): dispatcher thread %.3f, WireMock %.3f, other JVM threads %.3f; "
                        + "replay: HttpClient loop %.3f, WireMock %.3f, other JVM threads %.3f%n",
                perCall(bridgeCpu, "dispatcher", total), perCall(bridgeCpu, "wiremock", total),
                perCall(bridgeCpu, "other", total), perCall(ceilingCpu, "replay", replay.size()),
                perCall(ceilingCpu, "wiremock", replay.size()), perCall(ceilingCpu, "other", replay.size()));
        jdbc.queryForList("select n_live_tup, n_dead_tup, autovacuum_count, last_autovacuum from pg_stat_user_tables"
                + " where relname = 'outbox'").forEach(row -> System.out.printf("  outbox table: %s%n", row));
        System.out.printf("  PostgreSQL (claims, settles, the benchmark's completion check) %.3f ms per command; JIT compiler"
                + " threads %.0f %% of the JVM's CPU in the round%n", postgres / total, 100 * jit / jvm);
        return jit / jvm;
    }

    /** CPU time (ns) of this JVM's live threads by group: the outbox dispatch thread, WireMock, the replay loop. */
    private static Map<String, Long> cpuByGroup() {
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        Map<String, Long> cpu = new java.util.HashMap<>();
        for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long nanos = threads.getThreadCpuTime(info.getThreadId());
            if (nanos < 0) {
                continue;
            }
            String name = info.getThreadName();
            String group = name.contains("outbox-dispatch") ? "dispatcher"
                    : name.startsWith("qtp") ? "wiremock"
                    : name.startsWith("ceiling-") || name.startsWith("HttpClient-") ? "replay"
                    : "other";
            cpu.merge(group, nanos, Long::sum);
        }
        return cpu;
    }

    private static Map<String, Long> since(Map<String, Long> before) {
        Map<String, Long> now = cpuByGroup();
        now.replaceAll((group, nanos) -> nanos - before.getOrDefault(group, 0L));
        return now;
    }

    private static double perCall(Map<String, Long> cpu, String group, int calls) {
        return cpu.getOrDefault(group, 0L) / 1e6 / calls;
    }

    private HttpRequest replayOf(LoggedRequest call) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(call.getAbsoluteUrl()))
                .timeout(Duration.ofSeconds(30));
        for (String header : List.of("Authorization", "Content-Type", "Accept")) {
            if (call.containsHeader(header)) {
                request.header(header, call.getHeader(header));
            }
        }
        byte[] body = call.getBody();
        return request.method(call.getMethod().getName(), body == null || body.length == 0
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(new String(body, StandardCharsets.UTF_8))).build();
    }

    /** The ceiling: the same calls from {@code concurrency} threads, each taking the next call in turn. */
    private double replay(List<HttpRequest> calls) throws Exception {
        var next = new java.util.concurrent.atomic.AtomicInteger();
        var failures = new java.util.concurrent.atomic.AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < concurrency; t++) {
            Thread thread = new Thread(() -> {
                for (int i = next.getAndIncrement(); i < calls.size(); i = next.getAndIncrement()) {
                    try {
                        HttpResponse<String> answer = http.send(calls.get(i), HttpResponse.BodyHandlers.ofString());
                        if (answer.statusCode() >= 300) {
                            failures.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                }
            }, "ceiling-" + t);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (failures.get() > 0) {
            System.out.printf("  %d ceiling calls failed%n", failures.get());
        }
        return seconds;
    }

    /**
     * Waits until WireMock has answered as many calls as there are commands, counting them in memory, and only then
     * asks the outbox whether all are settled: a completion query every few milliseconds during the round would cost
     * PostgreSQL as much CPU as the dispatcher's own claims and settles, on the two cores the round shares.
     */
    private void awaitDone(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (answered.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        while (System.nanoTime() < deadline) {
            Integer open = jdbc.queryForObject(
                    "select count(*) from outbox where status in ('PENDING', 'IN_FLIGHT', 'FAILED')", Integer.class);
            if (open != null && open == 0) {
                Integer dead = jdbc.queryForObject("select count(*) from outbox where status = 'DEAD'", Integer.class);
                if (dead != null && dead > 0) {
                    System.out.printf("  %d commands went to the dead letters%n", dead);
                }
                return;
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException(expected + " commands not applied within 10 minutes");
    }

    private static int arg(String[] args, int index, int fallback) {
        return args.length > index ? Integer.parseInt(args[index]) : fallback;
    }
}
