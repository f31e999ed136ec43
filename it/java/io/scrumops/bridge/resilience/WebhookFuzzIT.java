package io.scrumops.bridge.resilience;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;

import javax.sql.DataSource;
import java.io.IOException;
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
 * one). {@code -Dscrumops.proof.fuzz-per-endpoint=10000} runs the full-sized set.
 */
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "scrumops.admin.username=admin", "scrumops.admin.password=fuzz-admin",
        "scrumops.rules.sprint-sync.enabled=false", "scrumops.rules.sla-sweep.enabled=false"})
class WebhookFuzzIT {

    private static final int PER_ENDPOINT = Integer.getInteger("scrumops.proof.fuzz-per-endpoint", 300);
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

    @Autowired
    TestRestTemplate http;
    @Autowired
    DataSource dataSource;

    @Test
    void mutatedPayloadsNeverGetA5xxAndEveryAcceptedOneIsStoredOrQuarantined() throws Exception {
        Random random = new Random(1414);
        Map<String, int[]> answersByEndpoint = new TreeMap<>();
        List<String> serverErrors = new ArrayList<>();
        for (String endpoint : List.of("jira", "servicenow", "deployments")) {
            List<Seed> seeds = SEEDS.stream().filter(s -> s.endpoint().equals(endpoint)).toList();
            int[] counts = new int[6];
            for (int i = 0; i < PER_ENDPOINT; i++) {
                Seed seed = seeds.get(random.nextInt(seeds.size()));
                String mutant = mutate(fixture(seed.fixture()), random);
                ResponseEntity<String> answer = post(endpoint, mutant, seed.headers());
                int status = answer.getStatusCode().value();
                counts[status / 100]++;
                if (status >= 500) {
                    serverErrors.add(endpoint + " " + status + " " + answer.getBody() + " <- "
                            + mutant.substring(0, Math.min(300, mutant.length())));
                }
            }
            answersByEndpoint.put(endpoint, counts);
        }
        assertThat(serverErrors).isEmpty();

        JdbcClient db = JdbcClient.create(dataSource);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() ->
                db.sql("select count(*) from inbox where status in ('RECEIVED', 'PUBLISHED')")
                        .query(Long.class).single() == 0);
        // The consumers still take new records after the mutants.
        ObjectNode markerBody = (ObjectNode) JSON.readTree(fixture("jira/webhook-cloud-issue_created.json"));
        ((ObjectNode) markerBody.get("issue")).put("id", "990001").put("key", "FUZZ-MARKER-1");
        ResponseEntity<String> marker = post("jira", JSON.writeValueAsString(markerBody), Map.of());
        assertThat(marker.getStatusCode().value()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> db.sql(
                "select count(*) from work_item where id = 'jira:issue:990001'").query(Long.class).single() == 1);

        long held = db.sql("select count(*) from inbox").query(Long.class).single();
        long processed = db.sql("select count(*) from inbox where status = 'PROCESSED'").query(Long.class).single();
        long quarantined = db.sql("select count(*) from inbox where status = 'QUARANTINED'").query(Long.class).single();
        assertThat(processed + quarantined).isEqualTo(held);
        StringBuilder figures = new StringBuilder();
        answersByEndpoint.forEach((endpoint, c) -> figures.append(String.format(" %s: 2xx=%d 4xx=%d;", endpoint,
                c[2], c[4])));
        System.out.printf("webhook fuzz: %d mutants per endpoint;%s inbox: %d processed, %d quarantined%n",
                PER_ENDPOINT, figures, processed, quarantined);
    }

    private static String mutate(String original, Random random) throws IOException {
        int kind = random.nextInt(10);
        if (kind == 0) {
            return original.substring(0, random.nextInt(Math.max(1, original.length() - 1)));
        }
        JsonNode root = JSON.readTree(original);
        List<String[]> paths = new ArrayList<>();
        collect(root, new ArrayList<>(), paths, 0);
        int changes = 1 + random.nextInt(3);
        for (int c = 0; c < changes && !paths.isEmpty(); c++) {
            String[] path = paths.get(random.nextInt(paths.size()));
            JsonNode parent = root;
            for (int i = 0; i < path.length - 1; i++) {
                parent = parent.get(path[i]);
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

    private ResponseEntity<String> post(String endpoint, String body, Map<String, String> extraHeaders) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        extraHeaders.forEach(headers::set);
        return http.withBasicAuth("admin", "fuzz-admin")
                .postForEntity("/webhooks/" + endpoint, new HttpEntity<>(body, headers), String.class);
    }

    private static String fixture(String path) {
        try {
            return new ClassPathResource("fixtures/payloads/" + path).getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
