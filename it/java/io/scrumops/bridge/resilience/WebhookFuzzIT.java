package io.scrumops.bridge.resilience;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;

import javax.sql.DataSource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Mutants of the recorded payloads posted to every webhook endpoint: fields dropped or replaced by null, numbers,
 * empty strings, 10,000-character strings or strings holding {@code \u0000}, ids made 10,000 characters long, and
 * truncated JSON. None may get a 5xx, and every accepted one must end stored or quarantined (no consumer stuck on
 * one). 10,000 mutants per endpoint by default, posted by eight concurrent clients and generated deterministically
 * from a seed; {@code -Dscrumops.proof.fuzz-per-endpoint=300} runs a quick set.
 */
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "scrumops.admin.username=admin", "scrumops.admin.password=fuzz-admin",
        "scrumops.rules.sprint-sync.enabled=false", "scrumops.rules.sla-sweep.enabled=false"})
class WebhookFuzzIT {

    private static final int PER_ENDPOINT = Integer.getInteger("scrumops.proof.fuzz-per-endpoint", 10_000);
    private static final int CLIENTS = 8;
    private static final long SEED = 1414;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LONG = "x".repeat(10_000);

    /** Endpoint, fixture, and the headers its sender adds. */
    private record Seed(String endpoint, String fixture, Map<String, String> headers) {
    }

    private static final List<Seed> SEEDS = List.of(
            new Seed("jira", "jira/webhook-cloud-issue_created.json", Map.of()),
            new Seed("jira", "jira/webhook-cloud-issue_updated-priority.json", Map.of()),
            new Seed("jira", "jira/webhook-cloud-comment_created.json", Map.of()),
            new Seed("servicenow", "servicenow/table-get-incident-single.json", Map.of()),
            new Seed("servicenow", "servicenow/table-patch-incident.json", Map.of()),
            new Seed("deployments", "deployments/github-deployment_status-success.json",
                    Map.of("X-GitHub-Event", "deployment_status")),
            new Seed("deployments", "deployments/gitlab-deployment-hook-success.json", Map.of()),
            new Seed("deployments", "deployments/jenkins-notification-plugin-started.json", Map.of()));

    @LocalServerPort
    int port;
    @Autowired
    DataSource dataSource;

    @Test
    void mutatedPayloadsNeverGetA5xxAndEveryAcceptedOneIsStoredOrQuarantined() throws Exception {
        Map<String, int[]> answersByEndpoint = new TreeMap<>();
        List<String> serverErrors = new CopyOnWriteArrayList<>();
        Set<Long> accepted = ConcurrentHashMap.newKeySet();
        long start = System.nanoTime();
        for (String endpoint : List.of("jira", "servicenow", "deployments")) {
            answersByEndpoint.put(endpoint, postMutants(endpoint, accepted, serverErrors));
        }
        double postSeconds = (System.nanoTime() - start) / 1e9;
        assertThat(serverErrors).isEmpty();

        // Positive marker: every record the bridge accepted has reached a final state.
        JdbcClient db = JdbcClient.create(dataSource);
        Long[] acceptedIds = accepted.toArray(Long[]::new);
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(250)).until(() ->
                db.sql("select count(*) from inbox where id = any(:ids) and status in ('PROCESSED', 'QUARANTINED')")
                        .param("ids", acceptedIds).query(Long.class).single() == acceptedIds.length);
        // The consumers still take new records after the mutants.
        ObjectNode markerBody = (ObjectNode) JSON.readTree(fixture("jira/webhook-cloud-issue_created.json"));
        ((ObjectNode) markerBody.get("issue")).put("id", "990001").put("key", "FUZZ-MARKER-1");
        HttpResponse<String> marker = post("jira", JSON.writeValueAsString(markerBody), Map.of());
        assertThat(marker.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> db.sql(
                "select count(*) from work_item where id = 'jira:issue:990001'").query(Long.class).single() == 1);

        long held = db.sql("select count(*) from inbox").query(Long.class).single();
        long processed = db.sql("select count(*) from inbox where status = 'PROCESSED'").query(Long.class).single();
        long quarantined = db.sql("select count(*) from inbox where status = 'QUARANTINED'").query(Long.class).single();
        assertThat(processed + quarantined).isEqualTo(held);
        assertThat(held).isGreaterThanOrEqualTo(accepted.size() + 1L);
        StringBuilder figures = new StringBuilder();
        answersByEndpoint.forEach((endpoint, c) -> figures.append(String.format(" %s: 2xx=%d 4xx=%d;", endpoint,
                c[2], c[4])));
        System.out.printf("webhook fuzz: %d mutants per endpoint posted in %.0f s by %d clients, all settled after "
                        + "%.0f s;%s inbox: %d processed, %d quarantined%n", PER_ENDPOINT, postSeconds, CLIENTS,
                (System.nanoTime() - start) / 1e9, figures, processed, quarantined);
    }

    /**
     * Posts {@link #PER_ENDPOINT} mutants to one endpoint from {@link #CLIENTS} threads. Mutant {@code i} comes from
     * a random source seeded by the endpoint and {@code i} alone, so the set is the same whatever the threads'
     * order. Returns the answers counted by class (index 2 = 2xx, 4 = 4xx, 5 = 5xx).
     */
    private int[] postMutants(String endpoint, Set<Long> accepted, List<String> serverErrors) throws Exception {
        List<Seed> seeds = SEEDS.stream().filter(s -> s.endpoint().equals(endpoint)).toList();
        List<JsonNode> parsed = new ArrayList<>();
        for (Seed seed : seeds) {
            parsed.add(JSON.readTree(fixture(seed.fixture())));
        }
        AtomicIntegerArray counts = new AtomicIntegerArray(6);
        AtomicInteger next = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                running.add(clients.submit(() -> {
                    for (int i = next.getAndIncrement(); i < PER_ENDPOINT; i = next.getAndIncrement()) {
                        Random random = new Random(SEED * 31 + endpoint.hashCode() * 1_000_003L + i);
                        int which = random.nextInt(seeds.size());
                        String mutant = mutate(seeds.get(which), parsed.get(which), random);
                        HttpResponse<String> answer = post(endpoint, mutant, seeds.get(which).headers());
                        int status = answer.statusCode();
                        counts.incrementAndGet(Math.min(5, status / 100));
                        if (status == 202) {
                            accepted.add(JSON.readTree(answer.body()).get("inboxId").asLong());
                        }
                        if (status >= 500) {
                            serverErrors.add(endpoint + " " + status + " " + answer.body() + " <- "
                                    + mutant.substring(0, Math.min(300, mutant.length())));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> client : running) {
                client.get(10, TimeUnit.MINUTES);
            }
        } finally {
            clients.shutdownNow();
        }
        int[] result = new int[6];
        for (int k = 0; k < result.length; k++) {
            result[k] = counts.get(k);
        }
        return result;
    }

    private static String mutate(Seed seed, JsonNode parsed, Random random) throws IOException {
        int kind = random.nextInt(10);
        if (kind == 0) {
            String original = fixture(seed.fixture());
            return original.substring(0, random.nextInt(Math.max(1, original.length() - 1)));
        }
        JsonNode root = parsed.deepCopy();
        List<String[]> paths = new ArrayList<>();
        collect(root, new ArrayList<>(), paths, 0);
        int changes = 1 + random.nextInt(3);
        for (int c = 0; c < changes && !paths.isEmpty(); c++) {
            String[] path = paths.get(random.nextInt(paths.size()));
            JsonNode parent = root;
            for (int i = 0; i < path.length - 1 && parent != null; i++) {
                parent = parent.get(path[i]); // null once an earlier change removed or replaced an ancestor
            }
            if (!(parent instanceof ObjectNode object)) {
                continue;
            }
            String field = path[path.length - 1];
            if (kind == 1 && (field.equals("id") || field.equals("sys_id") || field.equals("key"))) {
                object.put(field, LONG);
                continue;
            }
            switch (random.nextInt(8)) {
                case 0 -> object.remove(field);
                case 1 -> object.putNull(field);
                case 2 -> object.put(field, random.nextBoolean() ? random.nextLong() : -1);
                case 3 -> object.put(field, "");
                case 4 -> object.put(field, LONG);
                case 5 -> object.put(field, "before\u0000after");
                case 6 -> object.put(field, 1e308);
                default -> object.set(field, JSON.createArrayNode().add("\u0000"));
            }
        }
        return JSON.writeValueAsString(root);
    }

    private static void collect(JsonNode node, List<String> prefix, List<String[]> paths, int depth) {
        if (depth > 4 || !(node instanceof ObjectNode) && !(node instanceof ArrayNode)) {
            return;
        }
        if (node instanceof ObjectNode object) {
            object.fieldNames().forEachRemaining(name -> {
                List<String> path = new ArrayList<>(prefix);
                path.add(name);
                paths.add(path.toArray(String[]::new));
                collect(object.get(name), path, paths, depth + 1);
            });
        }
    }

    private HttpResponse<String> post(String endpoint, String body, Map<String, String> extraHeaders)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/" + endpoint))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        "admin:fuzz-admin".getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        extraHeaders.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static final Map<String, String> FIXTURES = new ConcurrentHashMap<>();

    private static String fixture(String path) {
        return FIXTURES.computeIfAbsent(path, WebhookFuzzIT::readFixture);
    }

    private static String readFixture(String path) {
        try {
            return new ClassPathResource("fixtures/payloads/" + path).getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
