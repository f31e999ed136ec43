package io.scrumops.bridge.bench;

import com.sun.net.httpserver.HttpServer;
import io.scrumops.bridge.adapter.jira.JiraAttachments;
import io.scrumops.bridge.adapter.jira.JiraProperties;
import io.scrumops.bridge.adapter.servicenow.ServiceNowAttachments;
import io.scrumops.bridge.adapter.servicenow.ServiceNowProperties;
import io.scrumops.bridge.writeback.AttachmentSource;
import io.scrumops.bridge.writeback.FakeRemote;
import io.scrumops.bridge.writeback.RemoteCallGates;
import io.scrumops.bridge.writeback.StreamedUpload;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Carries one large attachment each way through the bridge's attachment code (JiraAttachments and
 * ServiceNowAttachments over StreamedUpload), between two in-process HTTP servers standing in for Jira and
 * ServiceNow that generate and discard the bytes without keeping them. Prints the time each copy took, the bytes the
 * receiving side got, and how far the heap grew above its level before the copy (sampled every 5 ms).
 *
 * <p>{@code bench/run AttachmentBenchmark [megabytes=50]}
 */
public final class AttachmentBenchmark {

    public static void main(String[] args) throws Exception {
        int megabytes = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        long size = megabytes * 1024L * 1024L;
        AtomicLong received = new AtomicLong();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (exchange.getRequestMethod().equals("GET")) {
                exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
                exchange.sendResponseHeaders(200, size);
                try (OutputStream out = exchange.getResponseBody()) {
                    byte[] chunk = new byte[64 * 1024];
                    for (long sent = 0; sent < size; sent += chunk.length) {
                        out.write(chunk, 0, (int) Math.min(chunk.length, size - sent));
                    }
                }
                return;
            }
            long count = 0;
            try (InputStream in = exchange.getRequestBody()) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    count += n;
                }
            }
            received.set(count);
            byte[] answer = (path.contains("/rest/api/2/issue/") ? "[{\"id\": \"30001\"}]"
                    : "{\"result\": {\"sys_id\": \"bench0000000000000000000000000001\"}}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        try {
            Clock clock = Clock.systemUTC();
            RemoteCallGates gates = FakeRemote.openGates(clock);
            JiraAttachments jira = new JiraAttachments(new JiraProperties(base, "CLOUD", "bridge", "token", "bot"), gates,
                    Duration.ofMinutes(10));
            ServiceNowAttachments serviceNow = new ServiceNowAttachments(new ServiceNowProperties(base, base + "/api",
                    "bridge", "secret", "bot"), gates, Duration.ofMinutes(10));
            System.out.printf("AttachmentBenchmark: %d MB each way, max heap %d MB%n", megabytes,
                    Runtime.getRuntime().maxMemory() / 1048576);
            for (int round = 1; round <= 2; round++) {
                String label = round == 1 ? "warm-up " : "";
                measure(label + "Jira -> ServiceNow", received, () -> {
                    try (AttachmentSource.Opened opened = jira.download("10001")) {
                        return serviceNow.upload("incident", "bench0000000000000000000000000000", "big.bin",
                                "application/octet-stream", opened);
                    }
                });
                measure(label + "ServiceNow -> Jira", received, () -> {
                    try (AttachmentSource.Opened opened = serviceNow.download("bench0000000000000000000000000002")) {
                        return jira.upload("OPS-1", "big.bin", opened);
                    }
                });
            }
        } finally {
            server.stop(0);
            System.exit(0);
        }
    }

    interface Copy {
        StreamedUpload.Sent run() throws IOException;
    }

    private static void measure(String label, AtomicLong received, Copy copy) throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        Thread.sleep(200);
        long baseline = memory.getHeapMemoryUsage().getUsed();
        AtomicLong peak = new AtomicLong(baseline);
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        long start = System.nanoTime();
        StreamedUpload.Sent sent = copy.run();
        long nanos = System.nanoTime() - start;
        sampler.interrupt();
        sampler.join();
        System.out.printf("%-30s %6d ms  %7.1f MB/s  sent %d bytes, received %d bytes, sha256 %s..., heap growth %.1f MB%n",
                label, nanos / 1_000_000, sent.bytes() / 1048576.0 / (nanos / 1e9), sent.bytes(), received.get(),
                sent.sha256().substring(0, 12), (peak.get() - baseline) / 1048576.0);
    }
}
