package io.scrumops.bridge.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jira Cloud as far as the bridge uses it: issues (REST v2 and v3), JQL search, workflow transitions with a
 * resolution screen, comments, remote and issue links, versions, Agile boards and sprints. Every change, whoever
 * made it, is announced as a webhook ({@code jira:issue_created}, {@code jira:issue_updated},
 * {@code comment_created}) to the sink, as Jira Cloud does for a registered webhook.
 */
final class JiraStandIn extends StandInServer {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter JQL_TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm");

    static final String TEAM_FIELD = "customfield_10001";
    static final String SPRINT_FIELD = "customfield_10020";
    static final String SLA_FIELD = "customfield_10202";

    /** The workflow: status -> category, and the transitions (id, name, target). */
    static final Map<String, String> CATEGORIES = Map.of("To Do", "new", "In Progress", "indeterminate",
            "On Hold", "indeterminate", "Resolved", "done", "Closed", "done");
    private static final List<String[]> TRANSITIONS = List.of(new String[]{"11", "Start progress", "In Progress"},
            new String[]{"21", "Hold", "On Hold"}, new String[]{"31", "Resolve", "Resolved"},
            new String[]{"41", "Close", "Closed"}, new String[]{"51", "Reopen", "To Do"});

    private final Clock clock;
    private final String botAccount;
    private final Map<String, ObjectNode> issues = new LinkedHashMap<>();
    private final Map<String, String> keyById = new LinkedHashMap<>();
    private final Map<String, Integer> projectCounters = new LinkedHashMap<>();
    private final Map<String, List<ObjectNode>> comments = new LinkedHashMap<>();
    private final Map<String, List<ObjectNode>> remoteLinks = new LinkedHashMap<>();
    private final Map<String, List<ObjectNode>> histories = new LinkedHashMap<>();
    private final List<ObjectNode> issueLinks = new ArrayList<>();
    private final Map<Long, List<ObjectNode>> boards = new LinkedHashMap<>();
    private final Map<String, List<ObjectNode>> versions = new LinkedHashMap<>();
    private final AtomicLong ids = new AtomicLong(10000);
    private volatile Consumer<String> webhooks = payload -> { };

    JiraStandIn(int port, Clock clock, String botAccount) {
        super(port, "jira");
        this.clock = clock;
        this.botAccount = botAccount;
    }

    void sendWebhooksTo(Consumer<String> sink) {
        this.webhooks = sink;
    }

    // ---------------------------------------------------------------- HTTP

    @Override
    synchronized Reply answer(String method, String path, Map<String, String> query, String body) {
        Matcher m;
        if (path.matches("/rest/api/[23]/issue") && method.equals("POST")) {
            return Reply.created(create((ObjectNode) parse(body).path("fields"), botAccount));
        }
        if ((m = match("/rest/api/[23]/issue/([^/]+)", path)) != null) {
            ObjectNode issue = find(m.group(1)).orElse(null);
            if (issue == null) {
                return Reply.error(404, "Issue does not exist or you do not have permission to see it.");
            }
            if (method.equals("GET")) {
                return Reply.ok(view(issue, "changelog".equals(query.get("expand"))));
            }
            if (method.equals("PUT")) {
                update(issue, parse(body), botAccount);
                return Reply.noContent();
            }
        }
        if ((m = match("/rest/api/[23]/issue/([^/]+)/transitions", path)) != null) {
            ObjectNode issue = find(m.group(1)).orElse(null);
            if (issue == null) {
                return Reply.error(404, "Issue does not exist");
            }
            if (method.equals("GET")) {
                return Reply.ok(transitions(issue));
            }
            JsonNode request = parse(body);
            return transition(issue, request.path("transition").path("id").asText(), request.path("fields"),
                    botAccount);
        }
        if ((m = match("/rest/api/[23]/issue/([^/]+)/comment", path)) != null) {
            ObjectNode issue = find(m.group(1)).orElse(null);
            if (issue == null) {
                return Reply.error(404, "Issue does not exist");
            }
            if (method.equals("GET")) {
                ObjectNode page = object();
                ArrayNode list = page.putArray("comments");
                comments.getOrDefault(issue.path("id").asText(), List.of()).forEach(list::add);
                page.put("total", list.size());
                return Reply.ok(page);
            }
            return Reply.created(comment(issue, parse(body).path("body").asText(), botAccount));
        }
        if ((m = match("/rest/api/[23]/issue/([^/]+)/remotelink", path)) != null) {
            ObjectNode issue = find(m.group(1)).orElse(null);
            if (issue == null) {
                return Reply.error(404, "Issue does not exist");
            }
            ObjectNode link = (ObjectNode) parse(body);
            long id = ids.incrementAndGet();
            link.put("id", id);
            remoteLinks.computeIfAbsent(issue.path("id").asText(), k -> new ArrayList<>()).add(link);
            return Reply.created(object().put("id", id).put("self", baseUrl() + path + "/" + id));
        }
        if (path.matches("/rest/api/[23]/issueLink") && method.equals("POST")) {
            issueLinks.add((ObjectNode) parse(body));
            return new Reply(201, null);
        }
        if (path.equals("/rest/api/3/search/jql") || path.matches("/rest/api/[23]/search")) {
            return Reply.ok(search(query.getOrDefault("jql", ""), path.endsWith("/jql"),
                    Integer.parseInt(query.getOrDefault("maxResults", "50")),
                    Integer.parseInt(query.getOrDefault("nextPageToken", query.getOrDefault("startAt", "0")))));
        }
        if ((m = match("/rest/agile/1.0/board/(\\d+)/sprint", path)) != null) {
            return Reply.ok(sprintPage(Long.parseLong(m.group(1)), query.get("state")));
        }
        if ((m = match("/rest/agile/1.0/sprint/(\\d+)/issue", path)) != null && method.equals("POST")) {
            long sprintId = Long.parseLong(m.group(1));
            for (JsonNode key : parse(body).path("issues")) {
                find(key.asText()).ifPresent(issue -> moveToSprint(issue, sprintId, botAccount));
            }
            return Reply.noContent();
        }
        if ((m = match("/rest/api/[23]/project/([^/]+)/versions", path)) != null) {
            ArrayNode list = JSON.createArrayNode();
            versions.getOrDefault(m.group(1), List.of()).forEach(list::add);
            return new Reply(200, list.toString());
        }
        if (path.matches("/rest/api/[23]/version") && method.equals("POST")) {
            ObjectNode version = (ObjectNode) parse(body);
            return Reply.created(addVersion(version.path("project").asText(), version.path("name").asText(),
                    version.path("releaseDate").asText(null)));
        }
        if ((m = match("/rest/api/[23]/version/(\\d+)", path)) != null
                && (method.equals("GET") || method.equals("PUT"))) {
            ObjectNode version = findVersion(m.group(1)).orElse(null);
            if (version == null) {
                return Reply.error(404, "Version does not exist");
            }
            if (method.equals("PUT")) {
                parse(body).fields().forEachRemaining(f -> version.set(f.getKey(), f.getValue()));
            }
            return Reply.ok(version);
        }
        return Reply.error(404, "No stand-in for " + method + " " + path);
    }

    private static Matcher match(String regex, String path) {
        Matcher m = Pattern.compile(regex).matcher(path);
        return m.matches() ? m : null;
    }

    // ---------------------------------------------------------------- state changes (API and the day generator)

    synchronized ObjectNode create(ObjectNode requested, String actor) {
        String project = requested.path("project").path("key").asText();
        int number = projectCounters.merge(project, 1, Integer::sum);
        String key = project + "-" + number;
        String id = String.valueOf(ids.incrementAndGet());
        ObjectNode fields = requested.deepCopy();
        String type = fields.path("issuetype").path("name").asText("Task");
        fields.putObject("issuetype").put("name", type).put("subtask", type.equalsIgnoreCase("Sub-task")
                || type.equalsIgnoreCase("Subtask"));
        fields.putObject("project").put("key", project);
        String status = "To Do";
        fields.set("status", status(status));
        if (!fields.has("priority")) {
            fields.putObject("priority").put("name", "Medium");
        }
        if (!fields.has("labels")) {
            fields.putArray("labels");
        }
        String parentKey = fields.path("parent").path("key").asText(null);
        if (parentKey != null) {
            ObjectNode parent = issues.get(parentKey);
            fields.putObject("parent").put("key", parentKey).put("id", parent == null ? "" : parent.path("id").asText());
        }
        JsonNode sprint = fields.get(SPRINT_FIELD);
        if (sprint != null && sprint.canConvertToLong()) {
            fields.set(SPRINT_FIELD, sprintValue(sprint.asLong()));
        }
        fields.putNull("resolution");
        fields.putNull("assignee");
        String now = TIME.format(clock.instant());
        fields.put("created", now);
        fields.put("updated", now);
        ObjectNode issue = object();
        issue.put("id", id);
        issue.put("key", key);
        issue.put("self", baseUrl() + "/rest/api/2/issue/" + id);
        issue.set("fields", fields);
        issues.put(key, issue);
        keyById.put(id, key);
        announce("jira:issue_created", issue, actor, null, null);
        return object().put("id", id).put("key", key).put("self", issue.path("self").asText());
    }

    synchronized void update(ObjectNode issue, JsonNode request, String actor) {
        ObjectNode fields = (ObjectNode) issue.get("fields");
        List<ObjectNode> items = new ArrayList<>();
        request.path("fields").fields().forEachRemaining(f -> {
            items.add(item(f.getKey(), fields.path(f.getKey()).toString(), f.getValue().toString()));
            fields.set(f.getKey(), f.getValue());
        });
        request.path("update").fields().forEachRemaining(f -> {
            if (f.getKey().equals("labels")) {
                ArrayNode labels = fields.withArray("labels");
                String before = labels.toString();
                for (JsonNode op : f.getValue()) {
                    if (op.has("add") && !contains(labels, op.path("add").asText())) {
                        labels.add(op.path("add").asText());
                    }
                    if (op.has("remove")) {
                        for (int i = labels.size() - 1; i >= 0; i--) {
                            if (labels.get(i).asText().equals(op.path("remove").asText())) {
                                labels.remove(i);
                            }
                        }
                    }
                }
                items.add(item("labels", before, labels.toString()));
            }
        });
        touch(issue);
        announce("jira:issue_updated", issue, actor, items, null);
    }

    synchronized Reply transition(ObjectNode issue, String transitionId, JsonNode fields, String actor) {
        String[] transition = TRANSITIONS.stream().filter(t -> t[0].equals(transitionId)).findFirst().orElse(null);
        if (transition == null) {
            return Reply.error(400, "Transition id '" + transitionId + "' is not valid for this issue.");
        }
        ObjectNode issueFields = (ObjectNode) issue.get("fields");
        if (transition[2].equals("Resolved")) {
            // the Resolve screen requires a resolution, as a stock Jira Software workflow's does
            if (fields == null || !fields.path("resolution").has("name") && !fields.path("resolution").has("id")) {
                ObjectNode error = object();
                error.putArray("errorMessages");
                error.putObject("errors").put("resolution", "Resolution is required.");
                return new Reply(400, error.toString());
            }
            issueFields.putObject("resolution").put("name", fields.path("resolution").path("name").asText("Done"));
        } else if (transition[2].equals("Closed")) {
            if (issueFields.path("resolution").isNull()) {
                issueFields.putObject("resolution").put("name", "Done");
            }
        } else {
            issueFields.putNull("resolution");
        }
        moveTo(issue, transition[2], actor);
        return Reply.noContent();
    }

    synchronized void moveTo(ObjectNode issue, String status, String actor) {
        ObjectNode fields = (ObjectNode) issue.get("fields");
        String from = fields.path("status").path("name").asText();
        fields.set("status", status(status));
        if ("done".equals(CATEGORIES.get(status))) {
            fields.put("resolutiondate", TIME.format(clock.instant()));
            if (fields.path("resolution").isNull()) {
                fields.putObject("resolution").put("name", "Done");
            }
        } else {
            fields.putNull("resolutiondate");
        }
        ObjectNode item = item("status", from, status);
        item.put("fromString", from).put("toString", status);
        histories.computeIfAbsent(issue.path("id").asText(), k -> new ArrayList<>()).add(history(actor, item));
        touch(issue);
        announce("jira:issue_updated", issue, actor, List.of(item), null);
    }

    synchronized ObjectNode comment(ObjectNode issue, String text, String author) {
        ObjectNode comment = object();
        String id = String.valueOf(ids.incrementAndGet());
        comment.put("id", id);
        comment.put("self", baseUrl() + "/rest/api/2/issue/" + issue.path("id").asText() + "/comment/" + id);
        comment.putObject("author").put("accountId", author).put("displayName", author);
        comment.put("body", text);
        String now = TIME.format(clock.instant());
        comment.put("created", now);
        comment.put("updated", now);
        comments.computeIfAbsent(issue.path("id").asText(), k -> new ArrayList<>()).add(comment);
        touch(issue);
        announce("comment_created", issue, author, null, comment);
        return comment;
    }

    synchronized void addLabel(ObjectNode issue, String label, String actor) {
        ObjectNode request = object();
        request.putObject("update").putArray("labels").addObject().put("add", label);
        update(issue, request, actor);
    }

    synchronized void moveToSprint(ObjectNode issue, long sprintId, String actor) {
        ObjectNode fields = (ObjectNode) issue.get("fields");
        String before = fields.path(SPRINT_FIELD).toString();
        fields.set(SPRINT_FIELD, sprintValue(sprintId));
        touch(issue);
        announce("jira:issue_updated", issue, actor, List.of(item("Sprint", before, String.valueOf(sprintId))), null);
    }

    synchronized ObjectNode addSprint(long board, long id, String name, String state, Instant start, Instant end) {
        ObjectNode sprint = object();
        sprint.put("id", id);
        sprint.put("self", baseUrl() + "/rest/agile/1.0/sprint/" + id);
        sprint.put("state", state);
        sprint.put("name", name);
        sprint.put("startDate", start.toString());
        sprint.put("endDate", end.toString());
        sprint.put("originBoardId", board);
        boards.computeIfAbsent(board, k -> new ArrayList<>()).add(sprint);
        return sprint;
    }

    /** Closes the board's active sprint and starts its next one, as a team does at the end of an iteration. */
    synchronized long closeSprint(long board, Instant nextEnd) {
        List<ObjectNode> sprints = boards.getOrDefault(board, List.of());
        ObjectNode active = sprints.stream().filter(s -> s.path("state").asText().equals("active")).findFirst()
                .orElseThrow();
        Instant now = clock.instant();
        active.put("state", "closed");
        active.put("completeDate", now.toString());
        long next = active.path("id").asLong() + 1;
        ObjectNode future = sprints.stream().filter(s -> s.path("id").asLong() == next).findFirst().orElse(null);
        if (future == null) {
            future = addSprint(board, next, "Sprint " + next, "active", now, nextEnd);
        }
        future.put("state", "active");
        future.put("startDate", now.toString());
        return next;
    }

    synchronized ObjectNode addVersion(String project, String name, String releaseDate) {
        ObjectNode version = object();
        String id = String.valueOf(ids.incrementAndGet());
        version.put("id", id);
        version.put("self", baseUrl() + "/rest/api/2/version/" + id);
        version.put("name", name);
        version.put("project", project);
        version.put("released", false);
        version.put("archived", false);
        if (releaseDate != null) {
            version.put("releaseDate", releaseDate);
        }
        versions.computeIfAbsent(project, k -> new ArrayList<>()).add(version);
        return version;
    }

    synchronized void releaseVersion(ObjectNode version) {
        version.put("released", true);
        version.put("releaseDate", clock.instant().atZone(ZoneOffset.UTC).toLocalDate().toString());
    }

    // ---------------------------------------------------------------- reads

    synchronized Optional<ObjectNode> find(String keyOrId) {
        ObjectNode issue = issues.get(keyOrId);
        if (issue == null && keyById.containsKey(keyOrId)) {
            issue = issues.get(keyById.get(keyOrId));
        }
        return Optional.ofNullable(issue);
    }

    synchronized List<ObjectNode> issues() {
        return issues.values().stream().map(ObjectNode::deepCopy).toList();
    }

    synchronized List<ObjectNode> comments(String issueId) {
        return comments.getOrDefault(issueId, List.of()).stream().map(ObjectNode::deepCopy).toList();
    }

    synchronized List<ObjectNode> openVersions(String project) {
        return versions.getOrDefault(project, List.of()).stream()
                .filter(v -> !v.path("released").asBoolean()).toList();
    }

    synchronized int issueLinkCount() {
        return issueLinks.size();
    }

    private Optional<ObjectNode> findVersion(String id) {
        return versions.values().stream().flatMap(List::stream).filter(v -> v.path("id").asText().equals(id))
                .findFirst();
    }

    private ObjectNode view(ObjectNode issue, boolean changelog) {
        ObjectNode copy = issue.deepCopy();
        ObjectNode fields = (ObjectNode) copy.get("fields");
        ObjectNode commentPage = fields.putObject("comment");
        ArrayNode list = commentPage.putArray("comments");
        comments.getOrDefault(issue.path("id").asText(), List.of()).forEach(list::add);
        commentPage.put("total", list.size());
        if (changelog) {
            ObjectNode log = copy.putObject("changelog");
            ArrayNode entries = log.putArray("histories");
            histories.getOrDefault(issue.path("id").asText(), List.of()).forEach(entries::add);
            log.put("total", entries.size());
        }
        return copy;
    }

    private ObjectNode transitions(ObjectNode issue) {
        String current = issue.path("fields").path("status").path("name").asText();
        ObjectNode body = object();
        ArrayNode list = body.putArray("transitions");
        for (String[] t : TRANSITIONS) {
            if (t[2].equals(current)) {
                continue;
            }
            ObjectNode transition = list.addObject();
            transition.put("id", t[0]);
            transition.put("name", t[1]);
            transition.set("to", status(t[2]));
            if (t[2].equals("Resolved")) {
                ObjectNode resolution = transition.putObject("fields").putObject("resolution");
                resolution.put("required", true);
                resolution.putArray("allowedValues").addObject().put("id", "10000").put("name", "Done");
            }
        }
        return body;
    }

    private static final Pattern LABEL = Pattern.compile("labels\\s*(?:=|in\\s*\\()\\s*\"?([^\")\\s]+)\"?");
    private static final Pattern PROJECT = Pattern.compile("project\\s*(?:=|in\\s*\\()\\s*\"?([A-Za-z0-9_]+)\"?");
    private static final Pattern SINCE = Pattern.compile("(updated|created)\\s*>=\\s*\"([^\"]+)\"");
    private static final Pattern KEY = Pattern.compile("(?:key|issuekey)\\s*=\\s*\"?([A-Z][A-Z0-9_]*-\\d+)\"?");

    /** The JQL the bridge writes: labels, project, key, and updated/created lower bounds; ordered by created. */
    private ObjectNode search(String jql, boolean cloud, int maxResults, int startAt) {
        List<ObjectNode> found = new ArrayList<>();
        Matcher label = LABEL.matcher(jql);
        Matcher project = PROJECT.matcher(jql);
        Matcher since = SINCE.matcher(jql);
        Matcher key = KEY.matcher(jql);
        String wantedLabel = label.find() ? label.group(1) : null;
        String wantedProject = project.find() ? project.group(1) : null;
        String wantedKey = key.find() ? key.group(1) : null;
        String sinceField = null;
        Instant sinceAt = null;
        if (since.find()) {
            sinceField = since.group(1);
            sinceAt = LocalDateTime.parse(since.group(2), JQL_TIME).toInstant(ZoneOffset.UTC);
        }
        for (ObjectNode issue : issues.values()) {
            JsonNode fields = issue.path("fields");
            if (wantedLabel != null && !contains(fields.path("labels"), wantedLabel)) {
                continue;
            }
            if (wantedProject != null && !fields.path("project").path("key").asText().equals(wantedProject)) {
                continue;
            }
            if (wantedKey != null && !issue.path("key").asText().equals(wantedKey)) {
                continue;
            }
            if (sinceAt != null && Instant.from(TIME.parse(fields.path(sinceField).asText())).isBefore(sinceAt)) {
                continue;
            }
            found.add(issue);
        }
        ObjectNode page = object();
        ArrayNode list = page.putArray("issues");
        int end = Math.min(found.size(), startAt + Math.max(1, maxResults));
        for (int i = startAt; i < end; i++) {
            list.add(view(found.get(i), true));
        }
        if (cloud) {
            page.put("isLast", end >= found.size());
            if (end < found.size()) {
                page.put("nextPageToken", String.valueOf(end));
            }
        } else {
            page.put("startAt", startAt).put("maxResults", maxResults).put("total", found.size());
        }
        return page;
    }

    private ObjectNode sprintPage(long board, String states) {
        ObjectNode page = object();
        ArrayNode values = page.putArray("values");
        for (ObjectNode sprint : boards.getOrDefault(board, List.of())) {
            if (states == null || states.isBlank() || List.of(states.split(",")).contains(sprint.path("state").asText())) {
                values.add(sprint);
            }
        }
        page.put("maxResults", 50).put("startAt", 0).put("isLast", true);
        return page;
    }

    private ArrayNode sprintValue(long sprintId) {
        ArrayNode value = JSON.createArrayNode();
        ObjectNode sprint = boards.values().stream().flatMap(List::stream)
                .filter(s -> s.path("id").asLong() == sprintId).findFirst().orElse(null);
        ObjectNode entry = value.addObject();
        entry.put("id", sprintId);
        entry.put("name", sprint == null ? "Sprint " + sprintId : sprint.path("name").asText());
        entry.put("state", sprint == null ? "active" : sprint.path("state").asText());
        entry.put("boardId", sprint == null ? 0 : sprint.path("originBoardId").asLong());
        return value;
    }

    private static ObjectNode status(String name) {
        ObjectNode status = object();
        status.put("name", name);
        status.putObject("statusCategory").put("key", CATEGORIES.getOrDefault(name, "indeterminate"));
        return status;
    }

    private void touch(ObjectNode issue) {
        ((ObjectNode) issue.get("fields")).put("updated", TIME.format(clock.instant()));
    }

    private ObjectNode history(String actor, ObjectNode item) {
        ObjectNode history = object();
        history.put("id", String.valueOf(ids.incrementAndGet()));
        history.putObject("author").put("accountId", actor);
        history.put("created", TIME.format(clock.instant()));
        history.putArray("items").add(item);
        return history;
    }

    private static ObjectNode item(String field, String from, String to) {
        ObjectNode item = object();
        item.put("field", field);
        item.put("fromString", from);
        item.put("toString", to);
        return item;
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode node : array) {
            if (node.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    private void announce(String event, ObjectNode issue, String actor, List<ObjectNode> items, ObjectNode comment) {
        ObjectNode hook = object();
        hook.put("timestamp", clock.millis());
        hook.put("webhookEvent", event);
        if (event.startsWith("jira:issue")) {
            hook.put("issue_event_type_name", event.equals("jira:issue_created") ? "issue_created" : "issue_generic");
        }
        hook.putObject("user").put("accountId", actor);
        hook.set("issue", issue.deepCopy());
        if (items != null) {
            ObjectNode changelog = hook.putObject("changelog");
            changelog.put("id", String.valueOf(ids.incrementAndGet()));
            ArrayNode list = changelog.putArray("items");
            items.forEach(list::add);
        }
        if (comment != null) {
            hook.set("comment", comment.deepCopy());
        }
        hook.put("matchedWebhookIds", UUID.randomUUID().toString());
        webhooks.accept(hook.toString());
    }
}
