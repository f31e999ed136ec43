package io.scrumops.bridge.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

import io.scrumops.bridge.store.InboxRepository;
import io.scrumops.bridge.store.InboxStatus;
import io.scrumops.bridge.store.QuarantineEntry;
import io.scrumops.bridge.store.QuarantineRepository;
import io.scrumops.bridge.store.QuarantineStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The set-up every integration test repeats, once: a copy of the shipped mapping files (edited where a test needs it),
 * WireMock fakes of Jira and ServiceNow started once, the properties pointing the bridge at them, and posting a
 * webhook as its sender does. The Spring context is the expensive part: tests that can live with the same properties
 * should share one, so keep class-specific properties few.
 */
public final class BridgeIt {

    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "test-admin-password";

    // The bridge's accounts at the fakes, for @SpringBootTest(properties = {...}): constants, so annotations take them.
    public static final String JIRA_USER = "scrumops.jira.username=bridge";
    public static final String JIRA_TOKEN = "scrumops.jira.api-token=jira-test-token";
    public static final String JIRA_BOT = "scrumops.jira.bot-account=bridge-bot";
    public static final String SERVICENOW_USER = "scrumops.servicenow.username=bridge";
    public static final String SERVICENOW_PASSWORD = "scrumops.servicenow.password=sn-test-password";
    public static final String SERVICENOW_BOT = "scrumops.servicenow.bot-user=scrumops.bridge";
    /** The token and password those set, for tests that check what reached the fakes. */
    public static final String JIRA_SECRET = "jira-test-token";
    public static final String SERVICENOW_SECRET = "sn-test-password";

    private static final Map<String, Path> MAPPINGS = new ConcurrentHashMap<>();

    private BridgeIt() {
    }

    /** The shipped mapping files, copied once per test run so that a test may edit its copy. */
    public static Path mappings() {
        return mappings("shipped", Map.of());
    }

    /**
     * A copy of the shipped mapping files with {@code edits} applied (file name to a rewrite of its text), made once
     * per {@code variant} and test run.
     */
    public static Path mappings(String variant, Map<String, UnaryOperator<String>> edits) {
        return MAPPINGS.computeIfAbsent(variant, name -> {
            try {
                Path copy = Files.createTempDirectory("scrumops-it-mappings-" + name);
                try (var files = Files.list(Path.of("mappings"))) {
                    for (Path f : files.toList()) {
                        Files.copy(f, copy.resolve(f.getFileName()));
                    }
                }
                for (var edit : new LinkedHashMap<>(edits).entrySet()) {
                    Path file = copy.resolve(edit.getKey());
                    Files.writeString(file, edit.getValue().apply(Files.readString(file)));
                }
                return copy;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** A WireMock server on a free port, started. */
    public static WireMockServer startedFake() {
        return started(new WireMockServer(WireMockConfiguration.options().dynamicPort()));
    }

    public static WireMockServer started(WireMockServer server) {
        if (!server.isRunning()) {
            server.start();
        }
        return server;
    }

    /** The mapping directory, and Jira and ServiceNow (either may be null: not connected) at the fakes. */
    public static void wire(DynamicPropertyRegistry registry, Path mappings, WireMockServer jira,
                            WireMockServer serviceNow) {
        registry.add("scrumops.mapping.directory", mappings::toString);
        if (jira != null) {
            started(jira);
            registry.add("scrumops.jira.base-url", jira::baseUrl);
        }
        if (serviceNow != null) {
            started(serviceNow);
            registry.add("scrumops.servicenow.instance-url", serviceNow::baseUrl);
            registry.add("scrumops.servicenow.api-url", () -> serviceNow.baseUrl() + "/api");
        }
    }

    public static TestRestTemplate admin(TestRestTemplate http) {
        return http.withBasicAuth(ADMIN, ADMIN_PASSWORD);
    }

    public static HttpHeaders json() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return headers;
    }

    /** Posts a JSON webhook to {@code /webhooks/<source>} with the admin's HTTP Basic and {@code extra} headers. */
    public static ResponseEntity<String> postWebhook(TestRestTemplate http, String source, String body,
                                                     Map<String, String> extra) {
        HttpHeaders headers = json();
        extra.forEach(headers::set);
        return admin(http).postForEntity("/webhooks/" + source, new HttpEntity<>(body, headers), String.class);
    }

    /** Waits until no write command is pending or in flight, then fails on any dead letter. */
    public static void awaitOutboxDrained(JdbcTemplate jdbc) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> jdbc.queryForObject(
                "select count(*) from outbox where status in ('PENDING', 'IN_FLIGHT', 'FAILED')", Long.class) == 0);
        assertThat(jdbc.queryForList("select command_type || ': ' || last_error from outbox where status = 'DEAD'",
                String.class)).as("dead letters").isEmpty();
    }

    /**
     * Follows an accepted record's inbox row until it is applied or quarantined: {@code processed}, or
     * {@code quarantined: <reason>}.
     */
    public static String settled(InboxRepository inbox, QuarantineRepository quarantine, long inboxId) {
        var record = await().atMost(Duration.ofSeconds(30)).until(() -> inbox.findById(inboxId),
                r -> r.isPresent() && (r.get().status() == InboxStatus.PROCESSED
                        || r.get().status() == InboxStatus.QUARANTINED)).orElseThrow();
        if (record.status() == InboxStatus.QUARANTINED) {
            return "quarantined: " + quarantine.list(QuarantineStatus.OPEN, 1000).stream()
                    .filter(q -> Long.valueOf(inboxId).equals(q.inboxId())).map(QuarantineEntry::reason)
                    .findFirst().orElse("");
        }
        return "processed";
    }
}
