package io.scrumops.bridge.ingest;

import io.scrumops.bridge.model.CanonicalStatus;
import io.scrumops.bridge.model.WorkItem;
import io.scrumops.bridge.store.AuditLogRepository;
import io.scrumops.bridge.store.CommentRepository;
import io.scrumops.bridge.store.DeploymentRepository;
import io.scrumops.bridge.store.QuarantineRepository;
import io.scrumops.bridge.store.QuarantineStatus;
import io.scrumops.bridge.store.WorkItemRepository;
import io.scrumops.bridge.support.BridgeIt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.test.annotation.DirtiesContext;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@DirtiesContext
@AutoConfigureObservability(tracing = false)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "scrumops.webhooks.jira-secret=it-jira-secret",
        "scrumops.inbox.relay-grace=PT1S",
        "scrumops.inbox.relay-period-ms=1000",
        "scrumops.inbox.republish-after=PT3S",
        "scrumops.webhooks.max-body-bytes=65536"})
class WebhookIngestIT {

    /** Its own copy: a test edits jira.yaml. */
    static final Path mappings = BridgeIt.mappings("webhook-ingest", Map.of());

    @DynamicPropertySource
    static void mappingDirectory(DynamicPropertyRegistry registry) {
        BridgeIt.wire(registry, mappings, null, null);
    }

    @Autowired
    TestRestTemplate http;
    @Autowired
    WorkItemRepository workItems;
    @Autowired
    CommentRepository comments;
    @Autowired
    DeploymentRepository deployments;
    @Autowired
    QuarantineRepository quarantine;
    @Autowired
    AuditLogRepository audit;

    @Test
    void jiraIssueCreatedWebhookEndsUpAsStoredWorkItem() {
        var response = postJira(fixture("jira/webhook-cloud-issue_created.json"), Map.of());
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        WorkItem item = awaitItem("jira:issue:10040");
        assertThat(item.source().key()).isEqualTo("TES-41");
    }

    @Test
    void redeliveredJiraWebhookIsRecognisedAndStoredOnce() {
        String body = fixture("jira/webhook-cloud-issue_updated-assignee.json");
        Map<String, String> delivery = Map.of("X-Atlassian-Webhook-Identifier", "it-delivery-1");
        assertThat(postJira(body, delivery).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        var again = postJira(body, delivery);
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(again.getBody()).contains("\"duplicate\"");
    }

    @Test
    void olderJiraEventArrivingLateDoesNotOverwriteNewerState() throws IOException {
        String done = jiraIssue("jira/webhook-cloud-issue_updated-status-done.json", "77001", null, null);
        String olderToDo = jiraIssue("jira/webhook-cloud-issue_updated-status-done.json", "77001", "To Do",
                "2019-02-15T19:01:00.000-0800");
        assertThat(postJira(done, Map.of("X-Atlassian-Webhook-Identifier", "it-late-1")).getStatusCode())
                .isEqualTo(HttpStatus.ACCEPTED);
        await().atMost(Duration.ofSeconds(30)).until(() -> workItems.findById("jira:issue:77001")
                .map(WorkItem::status).filter(s -> s == CanonicalStatus.DONE).isPresent());

        assertThat(postJira(olderToDo, Map.of("X-Atlassian-Webhook-Identifier", "it-late-2")).getStatusCode())
                .isEqualTo(HttpStatus.ACCEPTED);
        await().atMost(Duration.ofSeconds(30)).until(() -> inboxProcessed("it-late-2"));
        assertThat(workItems.findById("jira:issue:77001").orElseThrow().status()).isEqualTo(CanonicalStatus.DONE);
    }

    @Test
    void recordStoredButNeverPublishedOrProcessedIsPublishedAgainByTheRelay() throws IOException {
        String body = jiraIssue("jira/webhook-cloud-issue_created.json", "77003", null, null);
        var neverPublished = inbox.receive("jira", "jira:issue_created", "it-relay-received", Map.of(), body);
        String lostBody = jiraIssue("jira/webhook-cloud-issue_created.json", "77004", null, null);
        var publishedButLost = inbox.receive("jira", "jira:issue_created", "it-relay-published", Map.of(), lostBody);
        inbox.markPublished(java.util.List.of(publishedButLost.id()));

        awaitItem("jira:issue:77003");
        awaitItem("jira:issue:77004");
        assertThat(inbox.findById(neverPublished.id()).orElseThrow().status())
                .isEqualTo(io.scrumops.bridge.store.InboxStatus.PROCESSED);
    }

    @Autowired
    org.apache.camel.ProducerTemplate camel;

    @org.springframework.beans.factory.annotation.Value("${scrumops.kafka.inbound-topic}")
    String inboundTopic;

    @Test
    void foreignMessageOnTheInboundTopicIsQuarantinedAndDoesNotBlockTheRecordsBehindIt() throws IOException {
        camel.sendBodyAndHeader("kafka:" + inboundTopic, "not an envelope {", "kafka.KEY", "jira:issue:77005");
        String body = jiraIssue("jira/webhook-cloud-issue_created.json", "77005", null, null);
        assertThat(postJira(body, Map.of("X-Atlassian-Webhook-Identifier", "it-after-poison")).getStatusCode())
                .isEqualTo(HttpStatus.ACCEPTED);

        awaitItem("jira:issue:77005");
        assertThat(quarantine.list(QuarantineStatus.OPEN, 100))
                .anyMatch(q -> q.reason().startsWith("unreadable inbound message") && q.payload().equals("not an envelope {"));
    }

    @Autowired
    io.scrumops.bridge.observability.PipelineGauges pipelineGauges;

    @Test
    void prometheusGaugesCountTheQuarantineAndTheLastWebhookAndAreForTheAdminOnly() throws IOException {
        camel.sendBodyAndHeader("kafka:" + inboundTopic, "gauge poison {", "kafka.KEY", "jira:issue:77090");
        await().atMost(Duration.ofSeconds(30)).until(() -> quarantine.list(QuarantineStatus.OPEN, 1000).stream()
                .anyMatch(q -> "gauge poison {".equals(q.payload())));
        int open = quarantine.list(QuarantineStatus.OPEN, 1000).size();
        assertThat(postJira(jiraIssue("jira/webhook-cloud-issue_created.json", "77091", null, null),
                Map.of("X-Atlassian-Webhook-Identifier", "it-gauges")).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);

        pipelineGauges.refresh();
        String scrape = admin().getForObject("/actuator/prometheus", String.class);

        assertThat(sample(scrape, "scrumops_quarantine_open")).isEqualTo(open);
        assertThat(sample(scrape, "scrumops_outbox_dead")).isZero();
        assertThat(sample(scrape, "scrumops_remote_paused{system=\"servicenow\"}")).isZero();
        assertThat(sample(scrape, "scrumops_webhook_last_received_age_seconds{source=\"jira\"}")).isBetween(0.0, 60.0);
        assertThat(scrape).contains("scrumops_inbox_waiting{stage=\"unprocessed\"}")
                .contains("scrumops_inbox_oldest_waiting_seconds");
        assertThat(http.getForEntity("/actuator/prometheus", String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    private static double sample(String scrape, String series) {
        return scrape.lines().filter(line -> line.startsWith(series + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(series.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError(series + " not on /actuator/prometheus: "
                        + scrape.lines().filter(line -> line.contains("scrumops_")).toList()));
    }

    @Test
    void unmappableRecordAmongGoodOnesOfTheSameBatchQuarantinesOnlyItself() throws IOException {
        String key = "jira:issue:77010";
        var good = inbox.receive("jira", "jira:issue_created", "it-batch-good", Map.of(),
                jiraIssue("jira/webhook-cloud-issue_created.json", "77010", null, null));
        var bad = inbox.receive("jira", "jira:issue_updated", "it-batch-bad", Map.of(),
                jiraIssue("jira/webhook-cloud-issue_updated-priority.json", "77011", "Waiting For Nobody", null));
        var alsoGood = inbox.receive("jira", "jira:issue_created", "it-batch-good-2", Map.of(),
                jiraIssue("jira/webhook-cloud-issue_created.json", "77012", null, null));
        var envelopes = new com.fasterxml.jackson.databind.ObjectMapper();
        for (var receipt : java.util.List.of(good, bad, alsoGood)) {
            var record = inbox.findById(receipt.id()).orElseThrow();
            camel.sendBodyAndHeader("kafka:" + inboundTopic, envelopes.writeValueAsString(new InboundEnvelope(receipt.id(),
                    "jira", record.eventType(), key, Map.of(), record.body())), "kafka.KEY", key);
        }

        awaitItem("jira:issue:77010");
        awaitItem("jira:issue:77012");
        await().atMost(Duration.ofSeconds(30)).until(() -> inbox.findById(bad.id()).orElseThrow().status()
                == io.scrumops.bridge.store.InboxStatus.QUARANTINED);
        assertThat(workItems.findById("jira:issue:77011")).isEmpty();
        assertThat(inbox.findById(good.id()).orElseThrow().status())
                .isEqualTo(io.scrumops.bridge.store.InboxStatus.PROCESSED);
        assertThat(quarantine.list(QuarantineStatus.OPEN, 100))
                .anyMatch(q -> Long.valueOf(bad.id()).equals(q.inboxId()) && q.reason().contains("Waiting For Nobody"));
    }

    @Test
    void wrongJiraSignatureIsRefusedWith401AndNothingStored() throws Exception {
        var response = rawPost("/webhooks/jira", fixture("jira/webhook-cloud-issue_deleted.json"),
                Map.of("X-Hub-Signature", "sha256=0000"));
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("signature");
    }

    @Test
    void unsignedJiraWebhookWithoutCredentialsIsRefused() throws Exception {
        var response = rawPost("/webhooks/jira", fixture("jira/webhook-cloud-issue_deleted.json"), Map.of());
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
    }

    @Test
    void correctlySignedJiraWebhookIsAccepted() throws Exception {
        String body = fixture("jira/webhook-server-issue_updated-status-in-progress.json");
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        var mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec("it-jira-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        headers.set("X-Hub-Signature", "sha256=" + java.util.HexFormat.of().formatHex(
                mac.doFinal(body.getBytes(StandardCharsets.UTF_8))));
        var response = http.postForEntity("/webhooks/jira", new HttpEntity<>(body, headers), String.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    }

    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    @Test
    void bodyLargerThanTheLimitIsRefusedWith413BeforeItIsReadWithOrWithoutContentLength() throws Exception {
        String padding = "x".repeat(70_000);
        String body = "{\"webhookEvent\": \"jira:issue_updated\", \"padding\": \"" + padding + "\"}";
        long inboxBefore = jdbc.queryForObject("select count(*) from inbox", Long.class);

        var declared = postJira(body, Map.of("X-Atlassian-Webhook-Identifier", "it-too-large"));
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port
                        + "/webhooks/jira"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                        "admin:test-admin-password".getBytes(StandardCharsets.UTF_8)))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))))
                .build();
        var chunked = java.net.http.HttpClient.newHttpClient().send(request,
                java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(declared.getStatusCode()).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE);
        assertThat(declared.getBody()).contains("larger than 65536 bytes");
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(jdbc.queryForObject("select count(*) from inbox", Long.class)).isEqualTo(inboxBefore);
    }

    @Test
    void webhookKeepsOnlyTheHeadersThatIdentifyTheDeliveryAndAnswersWithItsInboxIdAsJson() throws Exception {
        String body = jiraIssue("jira/webhook-cloud-issue_created.json", "77020", null, null);
        Map<String, String> sent = new java.util.LinkedHashMap<>();
        sent.put("Content-Type", "application/json; charset=UTF-8");
        sent.put("User-Agent", "Atlassian HttpClient/it");
        sent.put("X-Atlassian-Webhook-Identifier", "it-binding-1");
        sent.put("X-Unrelated", "noise");
        sent.put("Authorization", basicAdmin());

        var accepted = send("/webhooks/jira", body, sent);
        long inboxId = inboxIdOf(accepted, "accepted");
        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(accepted.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(accepted.headers().firstValueAsLong("Content-Length")).as("%s", accepted.headers().map())
                .hasValue(accepted.body().length());
        // nothing of the pipeline goes back to the sender: no Kafka key or offset, no inbox bookkeeping headers
        assertThat(accepted.headers().map().keySet()).as("%s", accepted.headers().map())
                .noneMatch(name -> name.toLowerCase(java.util.Locale.ROOT).startsWith("kafka")
                        || name.toLowerCase(java.util.Locale.ROOT).startsWith("scrumops")
                        || name.equalsIgnoreCase("x-atlassian-webhook-identifier")
                        || name.equalsIgnoreCase("user-agent"));
        assertThat(storedHeaders(inboxId)).isEqualTo(Map.of("content-type", "application/json; charset=UTF-8",
                "user-agent", "Atlassian HttpClient/it", "x-atlassian-webhook-identifier", "it-binding-1"));

        var again = send("/webhooks/jira", body, sent);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(again.body()).isEqualTo("{\"status\":\"duplicate\",\"inboxId\":" + inboxId + "}");

        Map<String, String> github = new java.util.LinkedHashMap<>();
        github.put("Content-Type", "application/json");
        github.put("User-Agent", "GitHub-Hookshot/it");
        github.put("X-GitHub-Event", "deployment_status");
        github.put("X-GitHub-Delivery", "it-binding-gh-1");
        github.put("X-GitHub-Hook-ID", "4242");
        github.put("Authorization", basicAdmin());
        long githubId = inboxIdOf(send("/webhooks/deployments",
                fixture("deployments/github-deployment_status-success.json"), github), "accepted");
        assertThat(storedHeaders(githubId)).isEqualTo(Map.of("content-type", "application/json",
                "user-agent", "GitHub-Hookshot/it", "x-github-event", "deployment_status",
                "x-github-delivery", "it-binding-gh-1"));
        assertThat(inbox.findById(githubId).orElseThrow().dedupKey()).isEqualTo("deployment:delivery:it-binding-gh-1");

        Map<String, String> gitlab = new java.util.LinkedHashMap<>();
        gitlab.put("Content-Type", "application/json");
        gitlab.put("X-Gitlab-Event", "Deployment Hook");
        gitlab.put("X-Gitlab-Event-UUID", "it-binding-gl-1");
        gitlab.put("X-Gitlab-Instance", "https://gitlab.example.com");
        gitlab.put("Authorization", basicAdmin());
        long gitlabId = inboxIdOf(send("/webhooks/scm",
                fixture("deployments/gitlab-deployment-hook-success.json"), gitlab), "accepted");
        assertThat(storedHeaders(gitlabId)).containsEntry("x-gitlab-event", "Deployment Hook")
                .containsEntry("x-gitlab-event-uuid", "it-binding-gl-1").doesNotContainKey("x-gitlab-instance")
                .doesNotContainKey("authorization");

        var refused = send("/webhooks/servicenow", "{\"result\": {\"number\": \"INC-NO-SYS-ID\"}}", Map.of(
                "Content-Type", "application/json", "Authorization", basicAdmin()));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(refused.body()).contains("\"status\":\"rejected\"").contains("sys_id");
        // a refusal answers with the message's headers, which no longer hold the request's credentials
        assertThat(refused.headers().firstValue("Authorization")).isEmpty();
        assertThat(refused.headers().map().keySet()).as("%s", refused.headers().map())
                .noneMatch(name -> name.toLowerCase(java.util.Locale.ROOT).startsWith("scrumops")
                        || name.equalsIgnoreCase("user-agent"));
    }

    private static String basicAdmin() {
        return "Basic " + java.util.Base64.getEncoder().encodeToString(
                "admin:test-admin-password".getBytes(StandardCharsets.UTF_8));
    }

    /** The answer's inbox id, after checking that the answer is exactly {"status":..., "inboxId":N}. */
    private static long inboxIdOf(java.net.http.HttpResponse<String> answer, String status) {
        var matcher = java.util.regex.Pattern.compile("\\{\"status\":\"" + status + "\",\"inboxId\":(\\d+)}")
                .matcher(answer.body());
        assertThat(matcher.matches()).as("answer %s %s", answer.statusCode(), answer.body()).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    /** The inbox row's headers, names in lower case (the sender's spelling of a name is kept as it came). */
    private Map<String, String> storedHeaders(long inboxId) {
        Map<String, String> stored = new java.util.HashMap<>();
        inbox.findById(inboxId).orElseThrow().headers()
                .forEach((name, value) -> stored.put(name.toLowerCase(java.util.Locale.ROOT), value));
        return stored;
    }

    /** HTTP/1.1 with exactly the headers given (besides Host, Content-Length and the client's own User-Agent). */
    private java.net.http.HttpResponse<String> send(String path, String body, Map<String, String> headers)
            throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + path))
                .version(java.net.http.HttpClient.Version.HTTP_1_1)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return java.net.http.HttpClient.newHttpClient().send(request.build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void webhookPathsTakeOnlyPostsAndUnknownOnesAreNotFound() {
        assertThat(admin().getForEntity("/webhooks/jira", String.class).getStatusCode())
                .isEqualTo(HttpStatus.METHOD_NOT_ALLOWED);
        assertThat(admin().postForEntity("/webhooks/bitbucket", new HttpEntity<>("{}", jsonHeaders()), String.class)
                .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    private static HttpHeaders jsonHeaders() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return headers;
    }

    @Test
    void malformedJsonIsRefusedWith400AndAnAuditRow() {
        var response = postJira("{\"webhookEvent\": \"jira:issue_updated\", ", Map.of());
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getBody()).contains("rejected");
        assertThat(audit.latest(20)).anyMatch(a -> a.action().equals("inbound.refused"));
    }

    @Test
    void jiraPayloadWithoutIssueIsRefusedWithTheMissingField() {
        var response = postJira(fixture("jira/error-404-issue-not-found.json"), Map.of());
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getBody()).contains("webhookEvent");
    }

    @Test
    void unknownStatusIsQuarantinedAndReplaysAfterTheMappingIsFixed() throws IOException {
        String body = jiraIssue("jira/webhook-cloud-issue_updated-priority.json", "77002", "Awaiting Vendor", null);
        assertThat(postJira(body, Map.of("X-Atlassian-Webhook-Identifier", "it-unknown-status")).getStatusCode())
                .isEqualTo(HttpStatus.ACCEPTED);
        var entry = await().atMost(Duration.ofSeconds(30)).until(
                () -> quarantine.list(QuarantineStatus.OPEN, 50).stream()
                        .filter(q -> q.reason().contains("Awaiting Vendor")).findFirst(), Optional::isPresent).orElseThrow();
        assertThat(entry.reason()).contains("jira.yaml");

        var failedReplay = admin().postForEntity("/api/quarantine/" + entry.id() + "/replay", null, String.class);
        assertThat(failedReplay.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);

        Path jiraYaml = mappings.resolve("jira.yaml");
        String yaml = Files.readString(jiraYaml);
        Files.writeString(jiraYaml, yaml.replaceFirst("(?m)^(statuses:\\s*\\n)", "$1  Awaiting Vendor: ON_HOLD\n"));
        assertThat(admin().postForEntity("/api/mappings/reload", null, String.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);

        var replay = admin().postForEntity("/api/quarantine/" + entry.id() + "/replay", null, String.class);
        assertThat(replay.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(quarantine.findById(entry.id()).orElseThrow().status()).isEqualTo(QuarantineStatus.REPLAYED);
    }

    @Test
    void githubDeploymentStatusBecomesProductionDeployment() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.set("X-GitHub-Event", "deployment_status");
        var response = admin().postForEntity("/webhooks/deployments",
                new HttpEntity<>(fixture("deployments/github-deployment_status-success.json"), headers), String.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        await().atMost(Duration.ofSeconds(30)).until(() -> deployments.findById("github:deployment:145988746").isPresent());
    }

    @Test
    void serviceNowIncidentPostedAsOutboundRestMessageIsStored() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        var response = admin().postForEntity("/webhooks/servicenow",
                new HttpEntity<>(fixture("servicenow/table-post-incident-201.json"), headers), String.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        awaitAnyItemWithKey("INC0010019");
    }

    /** A fixture with its issue id, status (name, with an unknown category) and update time replaced. */
    private static String jiraIssue(String fixture, String issueId, String status, String updated) throws IOException {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var root = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(fixture(fixture));
        var issue = (com.fasterxml.jackson.databind.node.ObjectNode) root.get("issue");
        issue.put("id", issueId);
        issue.put("key", "IT-" + issueId);
        var fields = (com.fasterxml.jackson.databind.node.ObjectNode) issue.get("fields");
        if (status != null) {
            var statusNode = (com.fasterxml.jackson.databind.node.ObjectNode) fields.get("status");
            statusNode.put("name", status);
            if (statusNode.has("statusCategory")) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) statusNode.get("statusCategory")).put("key",
                        status.equals("To Do") ? "new" : "mystery");
            }
        }
        if (updated != null) {
            fields.put("updated", updated);
        }
        root.remove("changelog");
        return json.writeValueAsString(root);
    }

    @Autowired
    io.scrumops.bridge.store.InboxRepository inbox;

    private boolean inboxProcessed(String delivery) {
        return inbox.findByStatus(io.scrumops.bridge.store.InboxStatus.PROCESSED, java.time.Instant.now().plusSeconds(60), 1000)
                .stream().anyMatch(r -> r.dedupKey().endsWith(delivery));
    }

    @org.springframework.boot.test.web.server.LocalServerPort
    int port;

    /** A plain JDK client for refusals: no pooled connection or auth handling between the test and the answer. */
    private java.net.http.HttpResponse<String> rawPost(String path, String body, Map<String, String> headers)
            throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return java.net.http.HttpClient.newHttpClient().send(request.build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    private TestRestTemplate admin() {
        return http.withBasicAuth("admin", "test-admin-password");
    }

    private ResponseEntity<String> postJira(String body, Map<String, String> extraHeaders) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        extraHeaders.forEach(headers::set);
        return admin().postForEntity("/webhooks/jira", new HttpEntity<>(body, headers), String.class);
    }

    private WorkItem awaitItem(String id) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> workItems.findById(id), Optional::isPresent)
                .orElseThrow();
    }

    private void awaitAnyItemWithKey(String key) {
        await().atMost(Duration.ofSeconds(30)).until(() -> workItems.findBySourceKey(
                io.scrumops.bridge.model.SourceSystem.SERVICENOW, key).isPresent());
    }

    static String fixture(String path) {
        try {
            return new ClassPathResource("fixtures/payloads/" + path).getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
