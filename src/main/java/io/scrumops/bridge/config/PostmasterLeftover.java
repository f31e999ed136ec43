package io.scrumops.bridge.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The embedded PostgreSQL is started detached (by pg_ctl), so it outlives a bridge killed with SIGKILL and keeps holding
 * its data directory; the next start would then wait for a server that can never start. Before starting, the
 * server left behind is found through the {@code postmaster.pid} of the data directory and stopped: a fast shutdown
 * (SIGINT: open transactions roll back, committed ones are already in the WAL), and SIGKILL if it does not go in time.
 */
final class PostmasterLeftover {

    private static final Logger log = LoggerFactory.getLogger(PostmasterLeftover.class);

    private PostmasterLeftover() {
    }

    /** @return the process id of the server that was stopped, if one was running on this data directory */
    static Optional<Long> stop(Path dataDirectory, Duration patience) {
        Optional<ProcessHandle> server = find(dataDirectory);
        if (server.isEmpty()) {
            return Optional.empty();
        }
        ProcessHandle postmaster = server.get();
        log.warn("PostgreSQL left behind by an earlier run (pid {}) still holds {}; stopping it", postmaster.pid(),
                dataDirectory);
        signal(postmaster.pid(), "INT");
        if (!awaitExit(postmaster, patience)) {
            log.warn("PostgreSQL pid {} did not stop within {}; killing it", postmaster.pid(), patience);
            postmaster.descendants().forEach(ProcessHandle::destroyForcibly);
            postmaster.destroyForcibly();
            awaitExit(postmaster, Duration.ofSeconds(10));
        }
        return Optional.of(postmaster.pid());
    }

    /**
     * The postmaster named by the data directory's {@code postmaster.pid}, when that process is alive and is a
     * PostgreSQL server (a stale file whose number now belongs to another process is left alone).
     */
    static Optional<ProcessHandle> find(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        List<String> lines;
        try {
            lines = Files.isRegularFile(pidFile) ? Files.readAllLines(pidFile) : List.of();
        } catch (IOException e) {
            return Optional.empty();
        }
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(PostmasterLeftover::isPostgres);
    }

    private static boolean isPostgres(ProcessHandle process) {
        return process.info().command().map(c -> Path.of(c).getFileName().toString())
                .map(name -> name.startsWith("postgres") || name.startsWith("postmaster"))
                // The command is not always visible (another user's process); the pid file's own claim stands then.
                .orElse(true);
    }

    private static void signal(long pid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true)
                    .start();
            kill.getInputStream().readAllBytes();
            kill.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            log.warn("Could not signal PostgreSQL pid {}: {}", pid, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean awaitExit(ProcessHandle process, Duration patience) {
        try {
            process.onExit().get(patience.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }
}
