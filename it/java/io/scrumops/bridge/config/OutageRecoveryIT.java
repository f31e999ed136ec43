package io.scrumops.bridge.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ClassPathResource;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

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
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL and then the broker stopped and started again while webhooks keep coming: health reports DOWN while
 * either is away, no webhook gets a 500, and once both are back every acknowledged webhook is stored, with no
 * manual step. The bridge here uses a PostgreSQL and a broker of the test's own (as a production bridge uses
 * configured ones), both with their data on disk so they come back with it.
 */
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "scrumops.admin.username=admin", "scrumops.admin.password=outage-admin",
        "scrumops.rules.sprint-sync.enabled=false", "scrumops.rules.sla-sweep.enabled=false",
        // A webhook waits at most 2 s for a connection while the database is away, then is told to come back.
        "spring.datasource.hikari.connection-timeout=2000",
        "scrumops.inbox.relay-period-ms=2000", "scrumops.inbox.relay-grace=PT2S"})
class OutageRecoveryIT {

    private static final int PG_PORT = freePort();
    private static Path pgData;
    private static Path kafkaData;
    private static EmbeddedPostgres postgres;
    private static PersistentKafkaBroker broker;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws IOException {
        pgData = Files.createTempDirectory("outage-pg");
        kafkaData = Files.createTempDirectory("outage-kafka");
        postgres = startPostgres();
        broker = new PersistentKafkaBroker(kafkaData, 3);
        broker.start();
        registry.add("spring.datasource.url", () -> "jdbc:postgresql://localhost:" + PG_PORT + "/postgres");
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
        registry.add("spring.kafka.bootstrap-servers", broker::bootstrapServers);
    }

    @AfterAll
    static void stopInfrastructure() throws IOException {
        broker.stop();
        postgres.close();
        for (Path dir : new Path[] {pgData, kafkaData}) {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Test
    void databaseAndBrokerRestartedUnderLoadAreRecoveredWithoutLossAndHealthIsDownWhileAway() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Map<Integer, Integer> answers = new ConcurrentHashMap<>();
        AtomicBoolean streaming = new AtomicBoolean(true);
        AtomicInteger next = new AtomicInteger();
        Thread stream = new Thread(() -> {
            while (streaming.get()) {
                int n = next.getAndIncrement();
                answers.put(n, post(http, n));
                sleep(40);
            }
        }, "webhook-stream");
        stream.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged(answers).size() >= 20);

        postgres.close();
        await().atMost(Duration.ofSeconds(30)).until(() -> health(http).statusCode() == 503);
        String downWithoutDatabase = health(http).body();
        sleep(3000);
        postgres = startPostgres();
        await().atMost(Duration.ofSeconds(60)).until(() -> health(http).statusCode() == 200);
        int afterDatabase = next.get();
        await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged(answers).stream().anyMatch(n -> n > afterDatabase));

        broker.stop();
        await().atMost(Duration.ofSeconds(30)).until(() -> health(http).statusCode() == 503);
        String downWithoutBroker = health(http).body();
        sleep(3000);
        broker.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> health(http).statusCode() == 200);
        int afterBroker = next.get();
        await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged(answers).stream().anyMatch(n -> n > afterBroker + 10));
        streaming.set(false);
        stream.join();

        Set<Integer> acked = acknowledged(answers);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> stored(acked) == acked.size());
        assertThat(answers.values()).as("no webhook answered 500").doesNotContain(500);
        assertThat(answers.values()).allMatch(status -> status == 202 || status == 503 || status == -1);
        assertThat(downWithoutDatabase).contains("DOWN");
        assertThat(downWithoutBroker).contains("DOWN");
        assertThat(count("select count(*) from inbox where status in ('RECEIVED', 'PUBLISHED')")).isZero();
        long refused = answers.values().stream().filter(s -> s == 503).count();
        assertThat(unavailableAnswers).hasSize(refused == 0 ? 0 : 1).allSatisfy(answer -> assertThat(answer)
                .startsWith("5 application/json {").contains("\"status\":\"unavailable\"")
                .contains("\"reason\":\"the bridge cannot store records now; deliver again later\""));
        System.out.printf("outage proof: %d webhooks, %d acknowledged and all stored, %d told to come back (503) "
                + "while the database was away%n", answers.size(), acked.size(), refused);
    }

    /** Retry-After, content type and body of each webhook answered 503. */
    private final Set<String> unavailableAnswers = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private int post(HttpClient http, int n) {
        try {
            var answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/jira"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("X-Atlassian-Webhook-Identifier", "outage-" + n)
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                            "admin:outage-admin".getBytes(StandardCharsets.UTF_8)))
                    .POST(HttpRequest.BodyPublishers.ofString(issueCreated(n))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 503) {
                unavailableAnswers.add(answer.headers().firstValue("Retry-After").orElse("-") + " "
                        + answer.headers().firstValue("Content-Type").orElse("-") + " " + answer.body());
            }
            return answer.statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private HttpResponse<String> health(HttpClient http) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Set<Integer> acknowledged(Map<Integer, Integer> answers) {
        Set<Integer> acked = ConcurrentHashMap.newKeySet();
        answers.forEach((n, status) -> {
            if (status == 202 || status == 200) {
                acked.add(n);
            }
        });
        return acked;
    }

    private long stored(Set<Integer> numbers) throws Exception {
        StringBuilder ids = new StringBuilder();
        for (int n : numbers) {
            ids.append(ids.isEmpty() ? "" : ",").append("'jira:issue:").append(950000 + n).append('\'');
        }
        return count("select count(*) from work_item where id in (" + ids + ")");
    }

    private static long count(String sql) throws Exception {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String issueCreated(int n) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(new ClassPathResource(
                "fixtures/payloads/jira/webhook-cloud-issue_created.json").getContentAsString(StandardCharsets.UTF_8));
        ObjectNode issue = (ObjectNode) root.get("issue");
        issue.put("id", Integer.toString(950000 + n));
        issue.put("key", "OUT-" + n);
        return JSON.writeValueAsString(root);
    }

    private static EmbeddedPostgres startPostgres() {
        try {
            return EmbeddedPostgres.builder().setPort(PG_PORT).setDataDirectory(pgData).setCleanDataDirectory(false)
                    .setServerConfig("synchronous_commit", "on").setRegisterShutdownHook(false).start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
