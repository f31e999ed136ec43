package io.scrumops.bridge.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * CPU time used so far by this JVM and by the PostgreSQL processes on this machine (Linux /proc), so a benchmark
 * can report CPU per event, a figure that holds even when other work shares the cores.
 */
record CpuTime(double jvmMillis, double postgresMillis) {

    private static final double TICKS_PER_SECOND = 100.0;

    static CpuTime now() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return new CpuTime(os.getProcessCpuTime() / 1e6, postgresMillisSoFar());
    }

    /**
     * As {@link #now()}, counting only the PostgreSQL server listening on {@code port} (its postmaster and the
     * backends it forked): other servers on a shared machine (other builds' embedded databases) are left out.
     */
    static CpuTime now(int port) {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return new CpuTime(os.getProcessCpuTime() / 1e6, postgresMillisSoFar(port));
    }

    private static double postgresMillisSoFar(int port) {
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            List<Path> all = processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .toList();
            String postmaster = null;
            for (Path p : all) {
                try {
                    List<String> args = List.of(Files.readString(p.resolve("cmdline")).split("\0"));
                    int flag = args.indexOf("-p");
                    if (!args.isEmpty() && args.get(0).endsWith("/postgres") && flag >= 0 && flag + 1 < args.size()
                            && args.get(flag + 1).equals(String.valueOf(port))) {
                        postmaster = p.getFileName().toString();
                    }
                } catch (IOException | RuntimeException e) {
                    // gone meanwhile
                }
            }
            if (postmaster == null) {
                return postgresMillisSoFar();
            }
            double millis = 0;
            for (Path p : all) {
                if (p.getFileName().toString().equals(postmaster) || postmaster.equals(parentOf(p))) {
                    millis += postgresMillisOf(p);
                }
            }
            return millis;
        } catch (IOException e) {
            return 0;
        }
    }

    private static String parentOf(Path process) {
        try {
            String stat = Files.readString(process.resolve("stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1];
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    CpuTime minus(CpuTime earlier) {
        return new CpuTime(jvmMillis - earlier.jvmMillis, postgresMillis - earlier.postgresMillis);
    }

    private static double postgresMillisSoFar() {
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .mapToDouble(CpuTime::postgresMillisOf)
                    .sum();
        } catch (IOException e) {
            return 0;
        }
    }

    private static double postgresMillisOf(Path process) {
        try {
            String stat = Files.readString(process.resolve("stat"));
            int close = stat.lastIndexOf(')');
            String name = stat.substring(stat.indexOf('(') + 1, close);
            if (!name.startsWith("postgres")) {
                return 0;
            }
            String[] fields = stat.substring(close + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * 1000.0 / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
