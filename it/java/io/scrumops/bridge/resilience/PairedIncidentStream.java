package io.scrumops.bridge.resilience;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stream of webhooks the several-instance proofs send, and how they send it. Per ServiceNow incident n (numbered
 * from {@link #FIRST}; its work package is OPS-n): created in ServiceNow; Jira's echo of the work package (made by the
 * bridge's account) and ServiceNow's echo of the pairing; the summary changed in Jira and a work note written in
 * ServiceNow; a comment written in Jira. Besides, plain Jira issues (not paired) created, then updated three times.
 * Deliveries go to any door, in turn; one refused or failed goes again to the next door, as a load balancer sends it.
 */
final class PairedIncidentStream {

    static final ObjectMapper JSON = new ObjectMapper();
    /** Events per incident: the six above. */
    static final int EVENTS_PER_INCIDENT = 6;
    /** Incidents are numbered from here: their work packages OPS-5001 ... stay clear of the recurring story OPS-1. */
    static final int FIRST = 5001;
    static final int PHASES = 4;
    static final String SERVICE_DESK_GROUP = "d625dccec0a8016700a222a0f7900d06";
    static final String JIRA_BOT = "bridge-bot";
    static final String SN_BOT = "scrumops.bridge";
    static final long T0 = LocalDateTime.of(2026, 5, 4, 8, 0).toEpochSecond(ZoneOffset.UTC);

    /** One webhook: its path, body and (Jira's) delivery identifier, null where the sender sends none. */
    record Delivery(String path, String body, String identifier) {
    }

    private final int incidents;
    private final int filler;
    private final String jiraBaseUrl;

    /**
     * @param events      webhooks in all
     * @param incidents   incidents among them (six events each); the rest are plain issues, four events each
     * @param jiraBaseUrl where the fake Jira is (links in the payloads point there)
     */
    PairedIncidentStream(int events, int incidents, String jiraBaseUrl) {
        this.incidents = incidents;
        this.filler = (events - incidents * EVENTS_PER_INCIDENT) / PHASES;
        this.jiraBaseUrl = jiraBaseUrl;
    }

    int incidents() {
        return incidents;
    }

    /** Plain Jira issues, each sent once per phase. */
    int filler() {
        return filler;
    }

    /**
     * The deliveries of phase 0 (incidents created), 1 (echoes), 2 (summaries changed, work notes) or 3 (comments),
     * plain issues among them. A phase's events need the writes of the phases before it to be done.
     */
    List<Delivery> phase(int phase) {
        List<Delivery> deliveries = new ArrayList<>();
        for (int n = FIRST; n < FIRST + incidents; n++) {
            switch (phase) {
                case 0 -> deliveries.add(sn(incident(n, 1, "alice.ops", false, List.of())));
                case 1 -> {
                    deliveries.add(jira("echo-" + n, issueEvent(n, "jira:issue_created", JIRA_BOT, summary(n), 1)));
                    deliveries.add(sn(incident(n, 2, SN_BOT, true, List.of(journal(n, 1, trackedNote(n), SN_BOT)))));
                }
                case 2 -> {
                    deliveries.add(jira("summary-" + n, issueEvent(n, "jira:issue_updated", "jira-dev",
                            newSummary(n), 2)));
                    deliveries.add(sn(incident(n, 3, "alice.ops", true, List.of(journal(n, 1, trackedNote(n), SN_BOT),
                            journal(n, 2, workNote(n), "alice.ops")))));
                }
                default -> deliveries.add(jira("comment-" + n, commentEvent(n)));
            }
        }
        for (int j = 1; j <= filler; j++) {
            deliveries.add(jira("plain-" + j + "-" + phase, plainIssue(j, phase)));
        }
        return deliveries;
    }

    private static Delivery sn(String body) {
        return new Delivery("/webhooks/servicenow", body, null);
    }

    private static Delivery jira(String identifier, String body) {
        return new Delivery("/webhooks/jira", body, identifier);
    }

    // --- the events ---

    static String sysId(int n) {
        return String.format("3e%030d", n);
    }

    static String key(int n) {
        return "OPS-" + n;
    }

    static String summary(int n) {
        return "Payments API failing for store " + n;
    }

    static String newSummary(int n) {
        return "Payments API failing for store " + n + ": expired certificate";
    }

    String trackedNote(int n) {
        return "Tracked in Jira as " + key(n) + ": " + jiraBaseUrl + "/browse/" + key(n);
    }

    static String workNote(int n) {
        return "Store " + n + " reports card payments failing";
    }

    static String jiraComment(int n) {
        return "Root cause for store " + n + ": expired certificate on the gateway";
    }

    private static String at(long epochSecond) {
        return LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC)
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
    }

    private static String jiraAt(long epochSecond) {
        return LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC)
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS")) + "+0000";
    }

    private static ObjectNode journal(int n, int entry, String text, String user) {
        ObjectNode row = JSON.createObjectNode();
        row.put("sys_id", String.format("4f%026d%04d", n, entry));
        row.put("element", "work_notes");
        row.put("value", text);
        row.put("sys_created_by", user);
        row.put("sys_created_on", at(T0 + n + 60L * entry));
        return row;
    }

    /** Version {@code modCount} of incident n, as the Table API returns it. */
    private static String incident(int n, int modCount, String user, boolean paired, List<ObjectNode> journal) {
        ObjectNode record = JSON.createObjectNode();
        record.put("sys_id", sysId(n));
        record.put("number", String.format("INC%07d", 4_000_000 + n));
        record.put("state", "1");
        record.put("priority", "3");
        record.put("short_description", summary(n));
        record.put("assigned_to", "");
        record.put("assignment_group", SERVICE_DESK_GROUP);
        record.put("category", "");
        record.put("correlation_id", paired ? key(n) : "");
        record.put("correlation_display", paired ? "ScrumOps Bridge" : "");
        record.put("close_code", "");
        record.put("close_notes", "");
        record.put("opened_at", at(T0 - 3600));
        record.put("sys_updated_on", at(T0 + n + 60L * modCount));
        record.put("sys_mod_count", String.valueOf(modCount));
        record.put("sys_updated_by", user);
        ArrayNode rows = record.putArray("sys_journal_field");
        journal.forEach(rows::add);
        ObjectNode body = JSON.createObjectNode();
        body.set("result", record);
        return body.toString();
    }

    private ObjectNode issue(String id, String key, String type, String summary, long updated) {
        ObjectNode issue = JSON.createObjectNode();
        issue.put("id", id);
        issue.put("key", key);
        issue.put("self", jiraBaseUrl + "/rest/api/2/issue/" + id);
        ObjectNode fields = issue.putObject("fields");
        fields.putObject("issuetype").put("name", type).put("subtask", false);
        fields.putArray("labels");
        fields.putNull("resolution");
        fields.putObject("project").put("key", key.substring(0, key.indexOf('-')));
        ObjectNode status = fields.putObject("status");
        status.put("name", "To Do");
        status.putObject("statusCategory").put("key", "new");
        fields.putObject("priority").put("name", "Medium");
        fields.put("summary", summary);
        fields.putNull("assignee");
        fields.put("created", jiraAt(T0));
        if (updated > 0) {
            fields.put("updated", jiraAt(updated));
        }
        return issue;
    }

    private String issueEvent(int n, String event, String actor, String summary, int version) {
        ObjectNode hook = JSON.createObjectNode();
        hook.put("timestamp", (T0 + n + 60L * version) * 1000);
        hook.put("webhookEvent", event);
        hook.putObject("user").put("accountId", actor);
        hook.set("issue", issue("77" + n, key(n), "Work Package", summary, T0 + n + 60L * version));
        return hook.toString();
    }

    private String commentEvent(int n) {
        ObjectNode hook = JSON.createObjectNode();
        long at = T0 + n + 60L * 3;
        hook.put("timestamp", at * 1000);
        hook.put("webhookEvent", "comment_created");
        hook.putObject("user").put("accountId", "jira-dev");
        hook.set("issue", issue("77" + n, key(n), "Work Package", newSummary(n), 0));
        ObjectNode comment = hook.putObject("comment");
        String commentId = "66" + n;
        comment.put("id", commentId);
        comment.put("self", jiraBaseUrl + "/rest/api/2/issue/77" + n + "/comment/" + commentId);
        comment.putObject("author").put("accountId", "jira-dev");
        comment.put("body", jiraComment(n));
        comment.put("created", jiraAt(at));
        comment.put("updated", jiraAt(at));
        return hook.toString();
    }

    /** Version {@code version} of plain issue j (FIL-j, id 88j): created at version 0, updated after. */
    String plainIssue(int j, int version) {
        ObjectNode hook = JSON.createObjectNode();
        long at = T0 + j + 60L * version;
        hook.put("timestamp", at * 1000);
        hook.put("webhookEvent", version == 0 ? "jira:issue_created" : "jira:issue_updated");
        hook.putObject("user").put("accountId", "jira-dev");
        hook.set("issue", issue("88" + j, "FIL-" + j, "Story", "Plain story " + j + " v" + version, at));
        return hook.toString();
    }

    // --- sending ---

    /**
     * The bridges' webhook doors, as a load balancer sees them: deliveries go to each in turn; a door that refuses a
     * connection is taken out of rotation and the delivery goes to the next one; a 503 goes to the next one too.
     */
    static final class Doors {

        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        private final AtomicReferenceArray<String> doors;
        private final String basic;
        private final AtomicInteger sent = new AtomicInteger();
        private final AtomicInteger redirected = new AtomicInteger();
        private final AtomicInteger rotation = new AtomicInteger();
        private final AtomicIntegerArray acceptedBy;

        Doors(List<String> baseUrls, String username, String password) {
            this.doors = new AtomicReferenceArray<>(baseUrls.toArray(String[]::new));
            this.acceptedBy = new AtomicIntegerArray(baseUrls.size());
            this.basic = "Basic " + Base64.getEncoder().encodeToString(
                    (username + ":" + password).getBytes(StandardCharsets.UTF_8));
        }

        /** Sends every delivery (each to a door that acknowledges it) and returns once all are acknowledged. */
        void send(ExecutorService senders, List<Delivery> deliveries) throws Exception {
            List<Future<?>> done = new ArrayList<>();
            for (Delivery delivery : deliveries) {
                done.add(senders.submit(() -> deliver(delivery)));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }

        private Void deliver(Delivery delivery) throws InterruptedException {
            int door = Math.floorMod(rotation.getAndIncrement(), doors.length());
            for (int attempt = 0; attempt < 60; attempt++) {
                String base = doors.get(door);
                if (base != null) {
                    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + delivery.path()))
                            .timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json").header("Authorization", basic)
                            .POST(HttpRequest.BodyPublishers.ofString(delivery.body()));
                    if (delivery.identifier() != null) {
                        request.header("X-Atlassian-Webhook-Identifier", delivery.identifier());
                    }
                    try {
                        int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                        if (status == 200 || status == 202) {
                            acceptedBy.incrementAndGet(door);
                            sent.incrementAndGet();
                            return null;
                        }
                        assertThat(status).as("answer of " + base + " to " + delivery.path()).isEqualTo(503);
                    } catch (IOException refused) {
                        // the door is closing or closed (or its bridge died): a load balancer takes it out of rotation
                        doors.set(door, null);
                    }
                }
                redirected.incrementAndGet();
                door = (door + 1) % doors.length();
                if (attempt >= doors.length()) {
                    Thread.sleep(100);
                }
            }
            throw new AssertionError("no bridge took " + delivery.path() + " " + delivery.identifier());
        }

        /** Acknowledged deliveries so far. */
        int sent() {
            return sent.get();
        }

        /** Sends that went to another door than their first. */
        int redirected() {
            return redirected.get();
        }

        int acceptedBy(int door) {
            return acceptedBy.get(door);
        }

        String acceptedByDoor() {
            return acceptedBy.toString();
        }
    }

    // --- reading the journals ---

    static List<LoggedRequest> requests(WireMockServer server, RequestMethod method, String urlRegex) {
        return server.findAll(new RequestPatternBuilder(method, urlMatching(urlRegex)));
    }

    static int count(WireMockServer server, RequestMethod method, String urlRegex) {
        return requests(server, method, urlRegex).size();
    }

    static List<LoggedRequest> workPackageCreates(WireMockServer jira) {
        return requests(jira, RequestMethod.POST, "/rest/api/2/issue").stream()
                .filter(r -> r.getBodyAsString().contains("\"Work Package\"")).toList();
    }

    static String labelOf(LoggedRequest create) {
        for (JsonNode label : body(create).path("fields").path("labels")) {
            if (label.asText().startsWith("scrumops-servicenow-incident-")) {
                return label.asText();
            }
        }
        return "";
    }

    static JsonNode body(LoggedRequest request) {
        try {
            return JSON.readTree(request.getBodyAsString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> serviceNowPatches(WireMockServer serviceNow, String field, String prefix) {
        List<String> values = new ArrayList<>();
        for (LoggedRequest r : requests(serviceNow, RequestMethod.PATCH, "/api/now/table/incident/.*")) {
            String value = body(r).path(field).asText();
            if (value.startsWith(prefix)) {
                values.add(value);
            }
        }
        return values;
    }
}
