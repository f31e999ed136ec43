package io.scrumops.bridge.web;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import io.scrumops.bridge.model.CommentVisibility;
import io.scrumops.bridge.support.BridgeIt;
import io.scrumops.bridge.writeback.JiraComment;
import io.scrumops.bridge.writeback.ServiceNowUpdate;
import io.scrumops.bridge.writeback.WriteCommandQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every webhook source checks its signature (right, wrong, missing) and takes only JSON; and no credential or webhook
 * secret reaches the log, whatever Jira and ServiceNow answer (401, 500, no answer in time, connection refused).
 * Its own fakes: the last failure stops them.
 */
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "scrumops.webhooks.jira-secret=" + SignaturesAndSecretsIT.JIRA_WEBHOOK_SECRET,
        "scrumops.webhooks.github-secret=" + SignaturesAndSecretsIT.GITHUB_SECRET,
        "scrumops.webhooks.gitlab-token=" + SignaturesAndSecretsIT.GITLAB_TOKEN,
        "scrumops.webhooks.servicenow-secret=" + SignaturesAndSecretsIT.SERVICENOW_WEBHOOK_SECRET,
        "scrumops.webhooks.deployment-secret=" + SignaturesAndSecretsIT.DEPLOYMENT_SECRET,
        "scrumops.jira.username=" + SignaturesAndSecretsIT.JIRA_USER,
        "scrumops.jira.api-token=" + SignaturesAndSecretsIT.JIRA_TOKEN,
        "scrumops.servicenow.username=" + SignaturesAndSecretsIT.SERVICENOW_USER,
        "scrumops.servicenow.password=" + SignaturesAndSecretsIT.SERVICENOW_PASSWORD,
        "scrumops.jira.reconcile.period-ms=400",
        "scrumops.servicenow.poll.period-ms=400",
        "scrumops.rules.sprint-sync.period-ms=400",
        "scrumops.rules.sprint-sync.delay-ms=400",
        "scrumops.jira.reconcile.max-retries=0",
        "scrumops.writeback.poll-period-ms=100", "scrumops.writeback.backoff-base=PT0.1S",
        "scrumops.writeback.max-attempts=2",
        "camel.component.http.so-timeout=800", "camel.component.http.response-timeout=800",
        "camel.component.http.connect-timeout=800"})
class SignaturesAndSecretsIT {

    static final String JIRA_WEBHOOK_SECRET = "jira-hook-secret-Q7w2e9";
    static final String GITHUB_SECRET = "github-hook-secret-Z4x8c1";
    static final String GITLAB_TOKEN = "gitlab-hook-token-M3n6b5";
    static final String SERVICENOW_WEBHOOK_SECRET = "servicenow-hook-secret-K8j1h4";
    static final String DEPLOYMENT_SECRET = "deployment-hook-secret-P2o5i7";
    static final String JIRA_USER = "bridge-jira";
    static final String JIRA_TOKEN = "jira-api-token-T6y3u0";
    static final String SERVICENOW_USER = "bridge-sn";
    static final String SERVICENOW_PASSWORD = "servicenow-password-R1t9y4";

    static final WireMockServer JIRA = BridgeIt.startedFake();
    static final WireMockServer SN = BridgeIt.startedFake();

    @DynamicPropertySource
    static void wiring(DynamicPropertyRegistry registry) {
        BridgeIt.wire(registry, BridgeIt.mappings(), JIRA, SN);
    }

    @AfterAll
    static void stopFakes() {
        JIRA.stop();
        SN.stop();
    }

    @LocalServerPort
    int port;
    @Autowired
    WriteCommandQueue queue;
    @Autowired
    JdbcTemplate jdbc;

    // ---- signatures: right, wrong, missing; and content types

    @Test
    void githubDeliveryIsTakenOnlyWithItsRightSignature() throws Exception {
        String body = fixture("deployments/github-deployment_status-success.json");
        Map<String, String> event = Map.of("X-GitHub-Event", "deployment_status");

        assertThat(post("/webhooks/deployments", body, with(event, "X-Hub-Signature-256", hmac(GITHUB_SECRET, body)))
                .statusCode()).isIn(200, 202);
        assertThat(post("/webhooks/deployments", body, with(event, "X-Hub-Signature-256",
                hmac("not-the-secret", body))).statusCode()).isEqualTo(401);
        assertThat(post("/webhooks/deployments", body, event).statusCode()).isEqualTo(401);
    }

    @Test
    void gitlabDeliveryIsTakenOnlyWithItsToken() throws Exception {
        String body = fixture("deployments/gitlab-deployment-hook-success.json");
        Map<String, String> event = Map.of("X-Gitlab-Event", "Deployment Hook");

        assertThat(post("/webhooks/deployments", body, with(event, "X-Gitlab-Token", GITLAB_TOKEN)).statusCode())
                .isIn(200, 202);
        assertThat(post("/webhooks/deployments", body, with(event, "X-Gitlab-Token", GITLAB_TOKEN + "x"))
                .statusCode()).isEqualTo(401);
        assertThat(post("/webhooks/deployments", body, event).statusCode()).isEqualTo(401);
    }

    @Test
    void serviceNowDeliveryIsTakenOnlyWithItsRightSignature() throws Exception {
        String body = fixture("servicenow/table-post-incident-201.json");

        assertThat(post("/webhooks/servicenow", body, Map.of("X-ScrumOps-Signature",
                hmac(SERVICENOW_WEBHOOK_SECRET, body))).statusCode()).isIn(200, 202);
        assertThat(post("/webhooks/servicenow", body, Map.of("X-ScrumOps-Signature",
                hmac(DEPLOYMENT_SECRET, body))).statusCode()).isEqualTo(401);
        assertThat(post("/webhooks/servicenow", body, Map.of()).statusCode()).isEqualTo(401);
    }

    @Test
    void genericDeploymentIsTakenOnlyWithItsRightSignature() throws Exception {
        String body = """
                {"id": "sig-it-1", "service": "checkout", "environment": "production", "status": "success",
                 "startedAt": "2026-03-01T10:00:00Z", "finishedAt": "2026-03-01T10:04:00Z"}""";

        assertThat(post("/webhooks/deployments", body, Map.of("X-ScrumOps-Signature", hmac(DEPLOYMENT_SECRET, body)))
                .statusCode()).isIn(200, 202);
        assertThat(post("/webhooks/deployments", body, Map.of("X-ScrumOps-Signature",
                hmac(GITHUB_SECRET, body))).statusCode()).isEqualTo(401);
        assertThat(post("/webhooks/deployments", body, Map.of()).statusCode()).isEqualTo(401);
    }

    @Test
    void signedDeliveriesThatAreNotJsonAreRefusedWith415() throws Exception {
        String body = "{\"webhookEvent\": \"jira:issue_updated\"}";
        for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded")) {
            HttpResponse<String> answer = post("/webhooks/jira", body, type,
                    Map.of("X-Hub-Signature", hmac(JIRA_WEBHOOK_SECRET, body)));
            assertThat(answer.statusCode()).as(type).isEqualTo(415);
            assertThat(answer.body()).contains("must be JSON").contains(type);
        }
        HttpResponse<String> none = post("/webhooks/servicenow", body, null,
                Map.of("X-ScrumOps-Signature", hmac(SERVICENOW_WEBHOOK_SECRET, body)));
        assertThat(none.statusCode()).isEqualTo(415);
        HttpResponse<String> withCharset = post("/webhooks/deployments", "{}", "application/json; charset=utf-8",
                Map.of("X-ScrumOps-Signature", hmac(DEPLOYMENT_SECRET, "{}")));
        assertThat(withCharset.statusCode()).as("JSON with a charset is JSON").isNotEqualTo(415);
    }

    // ---- secrets stay out of the log

    @Test
    void noCredentialOrWebhookSecretReachesTheLogWhateverTheRemotesAnswer(CapturedOutput output) throws Exception {
        drive(output, "401", () -> {
            JIRA.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(401)
                    .withBody("{\"errorMessages\": [\"Client must be authenticated\"]}")));
            SN.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(401)
                    .withBody("{\"error\": {\"message\": \"User Not Authenticated\"}}")));
        });
        drive(output, "500", () -> {
            JIRA.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(500).withBody("Internal Server Error")));
            SN.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(500).withBody("Internal Server Error")));
        });
        drive(output, "timeout", () -> {
            JIRA.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withFixedDelay(2500)));
            SN.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withFixedDelay(2500)));
        });
        drive(output, "refused", () -> {
            JIRA.stop();
            SN.stop();
        });
        // wrong signatures too: the refusals must not show what was expected
        for (String source : List.of("jira", "servicenow", "deployments")) {
            post("/webhooks/" + source, "{}", Map.of("X-Hub-Signature", "sha256=00", "X-ScrumOps-Signature", "sha256=00"));
        }

        String log = output.getAll();
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("Jira webhook secret", JIRA_WEBHOOK_SECRET);
        secrets.put("GitHub secret", GITHUB_SECRET);
        secrets.put("GitLab token", GITLAB_TOKEN);
        secrets.put("ServiceNow webhook secret", SERVICENOW_WEBHOOK_SECRET);
        secrets.put("deployment secret", DEPLOYMENT_SECRET);
        secrets.put("Jira API token", JIRA_TOKEN);
        secrets.put("ServiceNow password", SERVICENOW_PASSWORD);
        secrets.put("admin password", BridgeIt.ADMIN_PASSWORD);
        secrets.put("Jira Basic credentials", basic(JIRA_USER, JIRA_TOKEN));
        secrets.put("ServiceNow Basic credentials", basic(SERVICENOW_USER, SERVICENOW_PASSWORD));
        secrets.put("admin Basic credentials", basic(BridgeIt.ADMIN, BridgeIt.ADMIN_PASSWORD));
        secrets.forEach((what, secret) -> assertThat(log).as(what + " in the log").doesNotContain(secret));
    }

    /**
     * Sets the fakes' failure, then makes the bridge meet it on every path that carries credentials: a Jira write and
     * a ServiceNow write (until each is a dead letter), the Jira reconciliation, the sprint read and the ServiceNow
     * poll (until each has logged the failure again since the failure was set).
     */
    private void drive(CapturedOutput output, String failure, Runnable setUp) {
        if (JIRA.isRunning()) {
            JIRA.resetAll();
            SN.resetAll();
        }
        setUp.run();
        int from = output.getAll().length();
        String run = failure + "-" + UUID.randomUUID().toString().substring(0, 8);
        queue.enqueue("secrets:" + run + ":jira", new JiraComment("secrets:" + run, "OPS-1", "note " + run, "alice",
                CommentVisibility.INTERNAL, "secrets:" + run + ":comment"));
        queue.enqueue("secrets:" + run + ":servicenow", new ServiceNowUpdate("secrets:" + run, "incident",
                "9d385017c611228701d22104cc95c371", Map.of("short_description", run)));

        await(failure).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(jdbc.queryForObject("select count(*) from outbox where aggregate_id = ? and status = 'DEAD'",
                    Long.class, "secrets:" + run)).as("dead letters of " + run).isEqualTo(2);
            String since = output.getAll().substring(from);
            assertThat(since).as("reconciliation failure").contains("Jira reconciliation failed");
            assertThat(since).as("ServiceNow poll failure").contains("ServiceNow poll of");
            assertThat(since).as("sprint read failure").contains("jira GET /rest/agile/1.0/board/");
        });
        if (JIRA.isRunning()) {
            assertThat(JIRA.findAll(new RequestPatternBuilder(RequestMethod.GET, urlMatching("/rest/agile/.*"))))
                    .as("sprint reads at " + failure).isNotEmpty();
            assertThat(JIRA.findAll(new RequestPatternBuilder(RequestMethod.POST, urlMatching(".*/comment"))))
                    .as("Jira writes at " + failure).isNotEmpty();
            assertThat(SN.findAll(new RequestPatternBuilder(RequestMethod.PATCH, urlMatching("/api/now/table/.*"))))
                    .as("ServiceNow writes at " + failure).isNotEmpty();
        }
    }

    private static Map<String, String> with(Map<String, String> headers, String name, String value) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put(name, value);
        return all;
    }

    private HttpResponse<String> post(String path, String body, Map<String, String> headers) throws Exception {
        return post(path, body, "application/json", headers);
    }

    /** A plain JDK client: no credentials but the headers given, no retries. */
    private HttpResponse<String> post(String path, String body, String contentType, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String hmac(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static String basic(String user, String secret) {
        return Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    private static String fixture(String path) throws IOException {
        return new ClassPathResource("fixtures/payloads/" + path).getContentAsString(StandardCharsets.UTF_8);
    }
}
