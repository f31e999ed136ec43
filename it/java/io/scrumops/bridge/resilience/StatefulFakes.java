package io.scrumops.bridge.resilience;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.scrumops.bridge.resilience.PairedIncidentStream.JSON;

/**
 * Jira and ServiceNow fakes that remember what the bridge wrote and answer its look-ups from it, as the real systems
 * do: a command applied again after a crash (its first application's answer lost, or never settled) must find its
 * own earlier write, so a proof that counts writes needs fakes that show them. Jira: issues created (found by a
 * search on their label), comments (listed with their properties). ServiceNow: work notes and comments PATCHed on an
 * incident (found in {@code sys_journal_field}) and, where a test asks, incidents created (found by correlation_id).
 * Either fake can answer one kind of write late ({@code answerLateOnce}): the write is made at once and its answer
 * comes after a delay, longer than the bridge's timeout in a test that uses it, as when the remote applied a call but
 * answered after the caller gave up. Everything else keeps {@code RemoteFakes}' answers.
 */
final class StatefulFakes {

    private StatefulFakes() {
    }

    /**
     * Jira's issues, searches and comments. A work package is OPS-n (id 77n) for the incident whose sys_id ends in n;
     * a sub-task gets the next SUB- key. One write can be held: its effect is made, its answer kept back until
     * {@link #release()}, as when the bridge dies between a call and its answer.
     */
    static final class Jira implements ResponseDefinitionTransformerV2 {

        static final String NAME = "stateful-jira";
        private static final Pattern INCIDENT_LABEL = Pattern.compile("scrumops-servicenow-incident-3e0*([0-9]+)");
        private static final Pattern LABEL_JQL = Pattern.compile("labels\\s*=\\s*\"([^\"]+)\"");

        private final Map<String, List<ObjectNode>> issuesByLabel = new ConcurrentHashMap<>();
        private final Map<String, List<ObjectNode>> commentsByIssue = new ConcurrentHashMap<>();
        private final Map<String, List<ObjectNode>> attachmentsByIssue = new ConcurrentHashMap<>();
        private final AtomicLong ids = new AtomicLong(100_000);
        private final AtomicReference<String> holdFromHost = new AtomicReference<>();
        private final AtomicReference<ObjectNode> held = new AtomicReference<>();
        private final CountDownLatch release = new CountDownLatch(1);
        private final Late late = new Late();

        /** The next issue create ({@code "create"}) or comment ({@code "comment"}) is made and answered late. */
        void answerLateOnce(String write, int delayMillis) {
            late.arm(write, delayMillis);
        }

        /**
         * Also stores attachments uploaded to an issue (multipart POST) and lists them with the issue
         * ({@code GET /rest/api/2/issue/<key>?fields=attachment}); {@code "attachment"} can be answered late.
         */
        void serveAttachmentsOn(WireMockServer jira) {
            ResponseDefinitionBuilder answer = aResponse().withTransformers(NAME);
            jira.stubFor(post(urlPathMatching("/rest/api/2/issue/[^/]+/attachments")).atPriority(1).willReturn(answer));
            jira.stubFor(get(urlPathMatching("/rest/api/2/issue/[^/]+")).atPriority(1).willReturn(answer));
        }

        /** The attachments on the issue with this key. */
        List<ObjectNode> attachments(String issueKey) {
            return List.copyOf(attachmentsByIssue.getOrDefault(issueKey, List.of()));
        }

        /** The issues carrying {@code label}, as a search finds them. */
        List<ObjectNode> issuesLabelled(String label) {
            return List.copyOf(issuesByLabel.getOrDefault(label, List.of()));
        }

        /** The comments on the issue with this key. */
        List<ObjectNode> comments(String issueKey) {
            return List.copyOf(commentsByIssue.getOrDefault(issueKey, List.of()));
        }

        /** Stubs the calls this fake answers on {@code jira}, above {@code RemoteFakes}' defaults. */
        void serveOn(WireMockServer jira) {
            ResponseDefinitionBuilder answer = aResponse().withTransformers(NAME);
            jira.stubFor(post(urlPathEqualTo("/rest/api/2/issue")).atPriority(1).willReturn(answer));
            jira.stubFor(get(urlPathEqualTo("/rest/api/3/search/jql")).atPriority(1).willReturn(answer));
            jira.stubFor(get(urlPathEqualTo("/rest/api/2/search")).atPriority(1).willReturn(answer));
            jira.stubFor(post(urlPathMatching("/rest/api/2/issue/[^/]+/comment")).atPriority(1).willReturn(answer));
            jira.stubFor(get(urlPathMatching("/rest/api/2/issue/[^/]+/comment")).atPriority(1).willReturn(answer));
        }

        /** The next work package created through {@code host} (a bridge's own name for Jira) is created and held. */
        void holdNextWorkPackageCreateFrom(String host) {
            holdFromHost.set(host);
        }

        /** The issue whose creation is held, once one is. */
        ObjectNode held() {
            return held.get();
        }

        void release() {
            release.countDown();
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            Request request = event.getRequest();
            String path = request.getUrl().split("\\?")[0];
            if (path.endsWith("/comment")) {
                String issue = path.split("/")[5];
                return request.getMethod().getName().equals("POST") ? late.answer("comment",
                        addComment(issue, body(request))) : json(200, listComments(issue));
            }
            if (path.endsWith("/search") || path.endsWith("/search/jql")) {
                return json(200, search(request));
            }
            if (path.endsWith("/attachments")) {
                return late.answer("attachment", attach(path.split("/")[5], request));
            }
            if (request.getMethod().getName().equals("GET")) {
                String key = path.substring(path.lastIndexOf('/') + 1);
                ObjectNode issue = JSON.createObjectNode().put("key", key);
                ArrayNode listed = issue.putObject("fields").putArray("attachment");
                attachmentsByIssue.getOrDefault(key, List.of()).forEach(listed::add);
                return json(200, issue.toString());
            }
            ObjectNode issue = create(body(request));
            String host = holdFromHost.get();
            if (host != null && request.getHeader("Host") != null && request.getHeader("Host").startsWith(host + ":")
                    && issue.path("fields").path("issuetype").path("name").asText().equals("Work Package")
                    && holdFromHost.compareAndSet(host, null)) {
                held.set(issue);
                try {
                    release.await(5, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            ObjectNode created = JSON.createObjectNode();
            created.put("id", issue.path("id").asText());
            created.put("key", issue.path("key").asText());
            return late.answer("create", json(201, created.toString()));
        }

        private ObjectNode create(JsonNode body) {
            JsonNode fields = body.path("fields");
            String type = fields.path("issuetype").path("name").asText();
            String id;
            String key;
            Matcher incident = INCIDENT_LABEL.matcher(fields.path("labels").toString());
            if (type.equals("Work Package") && incident.find()) {
                id = "77" + incident.group(1);
                key = "OPS-" + incident.group(1);
            } else {
                long next = ids.incrementAndGet();
                id = Long.toString(next);
                key = "SUB-" + next;
            }
            ObjectNode issue = JSON.createObjectNode();
            issue.put("id", id);
            issue.put("key", key);
            ObjectNode stored = issue.putObject("fields");
            stored.put("summary", fields.path("summary").asText());
            stored.set("labels", fields.path("labels").deepCopy());
            stored.putObject("issuetype").put("name", type).put("subtask", type.equals("Sub-task"));
            if (fields.has("parent")) {
                stored.set("parent", fields.path("parent").deepCopy());
            }
            for (JsonNode label : fields.path("labels")) {
                issuesByLabel.computeIfAbsent(label.asText(), l -> new CopyOnWriteArrayList<>()).add(issue);
            }
            return issue;
        }

        private String search(Request request) {
            String jql = request.queryParameter("jql").isPresent() ? request.queryParameter("jql").firstValue() : "";
            Matcher label = LABEL_JQL.matcher(URLDecoder.decode(jql, StandardCharsets.UTF_8));
            List<ObjectNode> found = label.find() ? issuesByLabel.getOrDefault(label.group(1), List.of()) : List.of();
            ObjectNode page = JSON.createObjectNode();
            page.put("startAt", 0).put("maxResults", 100).put("total", found.size()).put("isLast", true);
            ArrayNode issues = page.putArray("issues");
            found.forEach(issues::add);
            return page.toString();
        }

        private ResponseDefinition addComment(String issue, JsonNode body) {
            ObjectNode comment = JSON.createObjectNode();
            comment.put("id", Long.toString(ids.incrementAndGet()));
            comment.put("body", body.path("body").asText());
            comment.set("properties", body.has("properties") ? body.path("properties").deepCopy()
                    : JSON.createArrayNode());
            commentsByIssue.computeIfAbsent(issue, i -> new CopyOnWriteArrayList<>()).add(comment);
            return json(201, "{\"id\": \"" + comment.path("id").asText() + "\"}");
        }

        private ResponseDefinition attach(String issue, Request request) {
            Request.Part file = request.getPart("file");
            Matcher name = Pattern.compile("filename=\"([^\"]*)\"").matcher(file.getHeader("Content-Disposition")
                    .firstValue());
            ObjectNode attachment = JSON.createObjectNode();
            attachment.put("id", Long.toString(ids.incrementAndGet()));
            attachment.put("filename", name.find() ? name.group(1) : "");
            attachment.put("size", file.getBody().asBytes().length);
            attachmentsByIssue.computeIfAbsent(issue, i -> new CopyOnWriteArrayList<>()).add(attachment);
            return json(200, JSON.createArrayNode().add(attachment).toString());
        }

        private String listComments(String issue) {
            ObjectNode page = JSON.createObjectNode();
            List<ObjectNode> comments = commentsByIssue.getOrDefault(issue, List.of());
            page.put("startAt", 0).put("maxResults", 5000).put("total", comments.size());
            ArrayNode list = page.putArray("comments");
            comments.forEach(list::add);
            return page.toString();
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public String getName() {
            return NAME;
        }
    }

    /** ServiceNow's incidents' journals: work notes and comments PATCHed on them, read in {@code sys_journal_field}. */
    static final class ServiceNow implements ResponseDefinitionTransformerV2 {

        static final String NAME = "stateful-servicenow";

        private final Map<String, List<ObjectNode>> journalByRecord = new ConcurrentHashMap<>();
        private final List<ObjectNode> records = new CopyOnWriteArrayList<>();
        private final AtomicLong ids = new AtomicLong();
        private final Late late = new Late();

        /** The next work note ({@code "work_notes"}) or incident create ({@code "create"}) is made and answered late. */
        void answerLateOnce(String write, int delayMillis) {
            late.arm(write, delayMillis);
        }

        /** Also creates incidents (POST) and finds them by correlation_id (GET with an encoded query). */
        void serveIncidentsOn(WireMockServer serviceNow) {
            ResponseDefinitionBuilder answer = aResponse().withTransformers(NAME);
            serviceNow.stubFor(post(urlPathEqualTo("/api/now/table/incident")).atPriority(1).willReturn(answer));
            serviceNow.stubFor(get(urlPathEqualTo("/api/now/table/incident")).atPriority(1).willReturn(answer));
        }

        /** The journal entries of the record, newest first. */
        List<ObjectNode> journal(String sysId) {
            return List.copyOf(journalByRecord.getOrDefault(sysId, List.of()));
        }

        /** The incidents created whose correlation_id is {@code correlationId}. */
        List<ObjectNode> incidentsCorrelatedWith(String correlationId) {
            return records.stream().filter(r -> correlationId.equals(r.path("correlation_id").asText())).toList();
        }

        void serveOn(WireMockServer serviceNow) {
            ResponseDefinitionBuilder answer = aResponse().withTransformers(NAME);
            serviceNow.stubFor(patch(urlPathMatching("/api/now/table/incident/.+")).atPriority(1).willReturn(answer));
            serviceNow.stubFor(get(urlPathEqualTo("/api/now/table/sys_journal_field")).atPriority(1)
                    .willReturn(answer));
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            Request request = event.getRequest();
            String path = request.getUrl().split("\\?")[0];
            if (path.endsWith("/sys_journal_field")) {
                return json(200, journal(request));
            }
            if (path.endsWith("/table/incident")) {
                return request.getMethod().getName().equals("POST") ? late.answer("create", createIncident(request))
                        : json(200, incidents(request));
            }
            String sysId = path.substring(path.lastIndexOf('/') + 1);
            JsonNode body = body(request);
            if (body.has("work_notes")) {
                return late.answer("work_notes", journalPatch(sysId, body));
            }
            return journalPatch(sysId, body);
        }

        private ResponseDefinition createIncident(Request request) {
            JsonNode body = body(request);
            ObjectNode record = JSON.createObjectNode();
            long n = ids.incrementAndGet();
            record.put("sys_id", String.format("5c%030d", n));
            record.put("number", String.format("INC%07d", 9_000_000 + n));
            record.put("correlation_id", body.path("correlation_id").asText());
            record.put("short_description", body.path("short_description").asText());
            records.add(record);
            return json(201, JSON.createObjectNode().set("result", record).toString());
        }

        private String incidents(Request request) {
            String query = request.queryParameter("sysparm_query").isPresent()
                    ? request.queryParameter("sysparm_query").firstValue() : "";
            ArrayNode result = JSON.createArrayNode();
            for (ObjectNode record : records) {
                for (String term : query.split("\\^")) {
                    if (term.equals("correlation_id=" + record.path("correlation_id").asText())) {
                        result.add(record);
                    }
                }
            }
            return JSON.createObjectNode().set("result", result).toString();
        }

        private ResponseDefinition journalPatch(String sysId, JsonNode body) {
            for (String element : List.of("work_notes", "comments")) {
                if (body.has(element)) {
                    ObjectNode entry = JSON.createObjectNode();
                    entry.put("sys_id", String.format("9a%030d", ids.incrementAndGet()));
                    entry.put("element", element);
                    entry.put("element_id", sysId);
                    entry.put("value", body.path(element).asText());
                    journalByRecord.computeIfAbsent(sysId, s -> new CopyOnWriteArrayList<>()).add(0, entry);
                }
            }
            return json(200, "{\"result\": {\"sys_id\": \"" + sysId + "\"}}");
        }

        private String journal(Request request) {
            String query = request.queryParameter("sysparm_query").isPresent()
                    ? request.queryParameter("sysparm_query").firstValue() : "";
            String record = null;
            String element = null;
            for (String term : query.split("\\^")) {
                if (term.startsWith("element_id=")) {
                    record = term.substring("element_id=".length());
                } else if (term.startsWith("element=")) {
                    element = term.substring("element=".length());
                }
            }
            List<ObjectNode> entries = new ArrayList<>();
            for (ObjectNode entry : journalByRecord.getOrDefault(record, List.of())) {
                if (element == null || element.equals(entry.path("element").asText())) {
                    entries.add(entry);
                }
            }
            ObjectNode page = JSON.createObjectNode();
            ArrayNode result = page.putArray("result");
            entries.forEach(result::add);
            return page.toString();
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public String getName() {
            return NAME;
        }
    }

    /** One kind of write answered late, once: its effect is made when it arrives, its answer sent after a delay. */
    private static final class Late {

        private final AtomicReference<String> write = new AtomicReference<>();
        private volatile int delayMillis;

        void arm(String kind, int delay) {
            delayMillis = delay;
            write.set(kind);
        }

        ResponseDefinition answer(String kind, ResponseDefinition answer) {
            if (!write.compareAndSet(kind, null)) {
                return answer;
            }
            return ResponseDefinitionBuilder.like(answer).withFixedDelay(delayMillis).build();
        }
    }

    private static JsonNode body(Request request) {
        try {
            String text = request.getBodyAsString();
            return JSON.readTree(text == null || text.isBlank() ? "{}" : text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ResponseDefinition json(int status, String body) {
        return new ResponseDefinitionBuilder().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody(body).build();
    }
}
