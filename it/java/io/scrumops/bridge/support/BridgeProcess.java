package io.scrumops.bridge.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The bridge as a production user runs it: its own JVM on the embedded default with data kept in a directory, so
 * that it can be killed with SIGKILL and started again on the same directory. The child runs the application's main
 * class on this test run's class path, with the data kept (not the throw-away default of the tests).
 */
public final class BridgeProcess implements AutoCloseable {

    public static final String ADMIN_PASSWORD = "bridge-process-admin";

    private final Path dataDirectory;
    private final int port;
    private final Path logFile;
    private final Process process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private BridgeProcess(Path dataDirectory, int port, Path logFile, Process process) {
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.logFile = logFile;
        this.process = process;
    }

    /** Starts the bridge on {@code dataDirectory} and waits until its health is UP. */
    public static BridgeProcess start(Path dataDirectory, Duration patience, String... extraArguments)
            throws IOException, InterruptedException {
        int port = freePort();
        Files.createDirectories(dataDirectory);
        Path logFile = Files.createTempFile(dataDirectory, "bridge-", ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"),
                "io.scrumops.bridge.BridgeApplication",
                "--server.port=" + port,
                "--scrumops.data-dir=" + dataDirectory,
                "--scrumops.embedded.ephemeral=false",
                "--scrumops.admin.username=admin",
                "--scrumops.admin.password=" + ADMIN_PASSWORD,
                "--scrumops.mapping.directory=mappings",
                "--scrumops.rules.sprint-sync.enabled=false",
                "--scrumops.rules.sla-sweep.enabled=false",
                "--logging.level.root=WARN",
                "--logging.level.io.scrumops=INFO"));
        command.addAll(List.of(extraArguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(logFile.toFile()).start();
        BridgeProcess bridge = new BridgeProcess(dataDirectory, port, logFile, process);
        bridge.awaitHealthy(patience);
        return bridge;
    }

    public void awaitHealthy(Duration patience) throws InterruptedException, IOException {
        Instant deadline = Instant.now().plus(patience);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The bridge exited with " + process.exitValue() + ":\n" + logTail());
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(uri("/actuator/health"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200 && health.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("The bridge was not healthy within " + patience + ":\n" + logTail());
    }

    /** Posts a webhook with the admin's HTTP Basic credentials; @return the status code (-1: no answer). */
    public int post(String path, String body, String... headerNamesAndValues) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
            if (headerNamesAndValues.length > 0) {
                request.headers(headerNamesAndValues);
            }
            return http.send(request
                            .timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json")
                            .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                                    ("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** SIGKILL, as a power cut or the OOM killer would: no shutdown hook runs. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: the graceful stop a service manager makes. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** A connection to the bridge's embedded PostgreSQL, found through its {@code postmaster.pid}. */
    public static Connection database(Path dataDirectory) throws IOException, SQLException {
        List<String> pid = Files.readAllLines(dataDirectory.resolve("postgres").resolve("postmaster.pid"));
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + pid.get(3).trim() + "/postgres",
                "postgres", "");
    }

    /** Stops a PostgreSQL still running on the directory (the bridge's own, left behind by a kill). */
    public static void stopLeftoverPostgres(Path dataDirectory) throws IOException, InterruptedException {
        Path pidFile = dataDirectory.resolve("postgres").resolve("postmaster.pid");
        if (Files.exists(pidFile)) {
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            var handle = ProcessHandle.of(pid);
            if (handle.isPresent()) {
                new ProcessBuilder("kill", "-INT", Long.toString(pid)).start().waitFor();
                handle.get().onExit().orTimeout(30, TimeUnit.SECONDS).join();
            }
        }
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Everything the bridge has logged so far. */
    public String log() {
        try {
            return Files.readString(logFile);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
