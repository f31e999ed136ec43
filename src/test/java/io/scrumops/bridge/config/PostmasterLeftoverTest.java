package io.scrumops.bridge.config;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bridge killed with SIGKILL leaves its embedded PostgreSQL running on the data directory. Simulated here with a
 * child JVM that starts the server on a directory and is then killed; the next start on that directory must stop the
 * server left behind and come up within seconds, with the data committed before the kill.
 */
class PostmasterLeftoverTest {

    private Path directory;
    private EmbeddedPostgres restarted;

    @AfterEach
    void cleanUp() throws Exception {
        if (restarted != null) {
            restarted.close();
        }
        if (directory != null) {
            PostmasterLeftover.stop(directory, Duration.ofSeconds(10));
            try (var files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Test
    void serverLeftBehindByAKilledProcessIsStoppedAndTheRestartKeepsItsData() throws Exception {
        directory = Files.createTempDirectory("pg-orphan");
        Process owner = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), OrphanedPostgres.class.getName(), directory.toString())
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(owner.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.equals(OrphanedPostgres.READY)) {
            // start-up output of the embedded server
        }
        assertThat(line).as("the child started PostgreSQL").isEqualTo(OrphanedPostgres.READY);
        owner.destroyForcibly();
        assertThat(owner.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long orphanPid = PostmasterLeftover.find(directory).map(ProcessHandle::pid).orElseThrow(
                () -> new AssertionError("no PostgreSQL left behind: the scenario did not happen"));

        long started = System.nanoTime();
        assertThat(PostmasterLeftover.stop(directory, Duration.ofSeconds(30))).contains(orphanPid);
        restarted = EmbeddedPostgres.builder().setDataDirectory(directory).setCleanDataDirectory(false)
                .setPGStartupWait(Duration.ofSeconds(20)).setRegisterShutdownHook(false).start();
        Duration restart = Duration.ofNanos(System.nanoTime() - started);

        assertThat(restart).isLessThan(Duration.ofSeconds(15));
        assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        try (Connection c = restarted.getPostgresDatabase().getConnection();
             ResultSet rs = c.createStatement().executeQuery("select note from left_behind")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("committed before the kill");
        }
    }

    @Test
    void stalePidFileOfAProcessThatIsGoneIsLeftAlone() throws Exception {
        directory = Files.createTempDirectory("pg-stale");
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.write(directory.resolve("postmaster.pid"), List.of(Long.toString(gone.pid()), directory.toString()));

        assertThat(PostmasterLeftover.find(directory)).isEmpty();
        assertThat(PostmasterLeftover.stop(directory, Duration.ofSeconds(1))).isEmpty();
    }

    /** The child: starts PostgreSQL on the directory, commits a row, says so, and waits to be killed. */
    public static final class OrphanedPostgres {

        static final String READY = "orphan-ready";

        public static void main(String[] args) throws Exception {
            EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(Path.of(args[0]))
                    .setCleanDataDirectory(false).setRegisterShutdownHook(false).start();
            try (Connection c = pg.getPostgresDatabase().getConnection()) {
                c.createStatement().execute("create table left_behind (note text)");
                c.createStatement().execute("insert into left_behind values ('committed before the kill')");
            }
            System.out.println(READY);
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
