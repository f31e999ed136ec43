package io.scrumops.bridge.launch;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** The built jar started as a user starts it: {@code java -jar target/scrumops-bridge.jar}, in a directory of its own. */
final class JarProcess implements AutoCloseable {

    static final Path JAR = Path.of("target/scrumops-bridge.jar").toAbsolutePath();

    final Process process;
    final Path directory;
    final Path log;
    final int port;
    /** The embedded PostgreSQL processes the jar started, seen while it ran. */
    final Set<ProcessHandle> descendants = ConcurrentHashMap.newKeySet();

    private JarProcess(Process process, Path directory, Path log, int port) {
        this.process = process;
        this.directory = directory;
        this.log = log;
        this.port = port;
    }

    static JarProcess start(Path directory, Map<String, String> environment, String... args) throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is not built (run mvn package first)");
        }
        int port = freePort();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Path log = directory.resolve("bridge.log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("SERVER_PORT", String.valueOf(port));
        builder.environment().remove("SCRUMOPS_MAPPING_DIRECTORY");
        builder.environment().putAll(environment);
        return new JarProcess(builder.start(), directory, log, port);
    }

    String baseUrl() {
        return "http://localhost:" + port;
    }

    /** Health status text, or null while nothing answers. */
    String health() {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health")).timeout(Duration.ofSeconds(5))
                            .build(), HttpResponse.BodyHandlers.ofString());
            return response.body();
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Notes the PostgreSQL processes started for this jar: those running on its data directory. */
    void noteDescendants() {
        String dataDir = directory.resolve("data").toString();
        ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.contains("postgres") || c.contains("pg_ctl")).orElse(false))
                .filter(p -> p.info().commandLine().map(line -> line.contains(dataDir)).orElse(false))
                .forEach(descendants::add);
    }

    String logText() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    List<String> lastLogLines(int count) {
        List<String> lines = logText().lines().filter(line -> !line.isBlank()).toList();
        return lines.subList(Math.max(0, lines.size() - count), lines.size());
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
