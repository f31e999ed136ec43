package io.scrumops.bridge.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time of this JVM's threads grouped by what they are (thread names without their numbers), so that a benchmark
 * can tell the bridge's share from the in-process broker's and the load generator's. The JVM's own threads, which
 * Java does not list (the JIT compilers, the garbage collector's, the VM thread), are read from
 * {@code /proc/self/task} on Linux, as the groups {@value #JIT}, {@value #GC} and {@value #VM}; a compiler thread that
 * ended meanwhile (the JVM starts and stops them with the compile queue) is not counted.
 */
record ThreadCpu(Map<String, Double> millisByGroup) {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    static final String JIT = "(JIT compiler threads)";
    static final String GC = "(garbage collector threads)";
    static final String VM = "(VM thread)";
    /** Linux's clock ticks per second, in which /proc gives a thread's CPU time. */
    private static final double MILLIS_PER_TICK = 10.0;

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
        jvmThreads(groups);
        return new ThreadCpu(groups);
    }

    private static void jvmThreads(Map<String, Double> groups) {
        java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
        if (tasks == null) {
            return;
        }
        for (java.io.File task : tasks) {
            try {
                String stat = java.nio.file.Files.readString(task.toPath().resolve("stat"));
                String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                String group = comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre") ? JIT
                        : comm.startsWith("GC Thread") || comm.startsWith("G1 ") ? GC
                        : comm.equals("VM Thread") ? VM : null;
                if (group == null) {
                    continue;
                }
                // fields after the command: state is the 3rd field of the line, utime the 14th, stime the 15th
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                double millis = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * MILLIS_PER_TICK;
                groups.merge(group, millis, Double::sum);
            } catch (java.io.IOException | RuntimeException gone) {
                // the thread ended while it was read
            }
        }
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
