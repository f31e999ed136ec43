package io.scrumops.bridge.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time of this JVM's threads grouped by what they are (thread names without their numbers), so that a benchmark
 * can tell the bridge's share from the in-process broker's and the load generator's.
 */
record ThreadCpu(Map<String, Double> millisByGroup) {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    static ThreadCpu now() {
        Map<Long, String> names = new HashMap<>();
        for (var info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null) {
                names.put(info.getThreadId(), info.getThreadName());
            }
        }
        Map<String, Double> groups = new HashMap<>();
        names.forEach((id, name) -> {
            long nanos = THREADS.getThreadCpuTime(id);
            if (nanos > 0) {
                groups.merge(group(name), nanos / 1e6, Double::sum);
            }
        });
        return new ThreadCpu(groups);
    }

    /** Per group, what was used since {@code earlier}, largest first. */
    Map<String, Double> minus(ThreadCpu earlier) {
        Map<String, Double> used = new HashMap<>();
        millisByGroup.forEach((group, millis) -> {
            double delta = millis - earlier.millisByGroup.getOrDefault(group, 0.0);
            if (delta > 0) {
                used.put(group, delta);
            }
        });
        Map<String, Double> sorted = new LinkedHashMap<>();
        used.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    /** Of the groups in {@code used}, the CPU of the in-process broker's own threads (not the bridge's clients). */
    static double brokerMillis(Map<String, Double> used) {
        return used.entrySet().stream().filter(e -> isBroker(e.getKey())).mapToDouble(Map.Entry::getValue).sum();
    }

    /** Of the groups in {@code used}, the CPU of the benchmark's HTTP clients. */
    static double loadGeneratorMillis(Map<String, Double> used) {
        return used.entrySet().stream().filter(e -> e.getKey().startsWith("load-generator")
                || e.getKey().startsWith("HttpClient-")).mapToDouble(Map.Entry::getValue).sum();
    }

    private static boolean isBroker(String group) {
        return group.startsWith("data-plane-kafka") || group.startsWith("kafka-#-raft") || group.startsWith("quorum-")
                || group.startsWith("broker-") || group.startsWith("controller-") || group.startsWith("kafka-scheduler")
                || group.startsWith("ExpirationReaper") || group.startsWith("kafka-log") || group.startsWith("raft-")
                || group.startsWith("LogDirFailureHandler") || group.startsWith("group-coordinator")
                || group.startsWith("transaction-log-manager") || group.startsWith("kafka-request-handler");
    }

    static String group(String threadName) {
        return threadName.replaceAll("\\d+", "#");
    }
}
