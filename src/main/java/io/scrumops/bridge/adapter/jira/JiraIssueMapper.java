package io.scrumops.bridge.adapter.jira;

import com.fasterxml.jackson.databind.JsonNode;
import io.scrumops.bridge.adapter.JsonFields;
import io.scrumops.bridge.adapter.MalformedPayloadException;
import io.scrumops.bridge.mapping.JiraMapping;
import io.scrumops.bridge.mapping.MappingRegistry;
import io.scrumops.bridge.model.CanonicalStatus;
import io.scrumops.bridge.model.Comment;
import io.scrumops.bridge.model.Recurrence;
import io.scrumops.bridge.model.Severity;
import io.scrumops.bridge.model.SourceRef;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.model.StatusChange;
import io.scrumops.bridge.model.StoryAttributes;
import io.scrumops.bridge.model.TeamScope;
import io.scrumops.bridge.model.WorkItem;
import io.scrumops.bridge.model.WorkItemKind;
import io.scrumops.bridge.model.WorkPackageAttributes;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jira webhooks (Cloud, Data Center/Server, legacy Server) and REST v2/v3 issue JSON -> ScrumOps model, through
 * {@code mappings/jira.yaml}. Unknown statuses, priorities and issue types fail with the mapping file named.
 */
@Component("jiraIssueMapper")
public class JiraIssueMapper {

    public static final String WEBHOOK_ID_HEADER = "X-Atlassian-Webhook-Identifier";
    private static final String WEBHOOK = "jira webhook";
    private static final String ISSUE = "jira issue";
    private static final Pattern COMMENT_LINK = Pattern.compile("/issue/(\\d+)/comment/(\\d+)");
    private static final Pattern SERVER_SPRINT_ID = Pattern.compile("\\bid=(\\d+)");

    private final MappingRegistry mappings;

    public JiraIssueMapper(MappingRegistry mappings) {
        this.mappings = mappings;
    }

    public static String workItemId(String issueId) {
        return SourceSystem.JIRA.code() + ":issue:" + issueId;
    }

    public static String commentId(String commentId) {
        return SourceSystem.JIRA.code() + ":comment:" + commentId;
    }

    // ---- webhooks -------------------------------------------------------------------------------------------------

    public JiraEvent fromWebhook(String json) {
        return fromWebhook(JsonFields.parse(WEBHOOK, json));
    }

    public JiraEvent fromWebhook(JsonNode payload) {
        rejectErrorBody(WEBHOOK, payload);
        String eventName = JsonFields.requireText(WEBHOOK, payload, "webhookEvent");
        JiraEventType type = JiraEventType.fromWebhookEvent(eventName).orElseThrow(() -> new MalformedPayloadException(
                WEBHOOK + ": unsupported webhookEvent '" + eventName + "' (supported: jira:issue_created, "
                        + "jira:issue_updated, jira:issue_deleted, comment_created, comment_updated, comment_deleted)"));
        JiraMapping mapping = mappings.current().jira();
        Instant timestamp = webhookTimestamp(payload);
        JsonNode issue = JsonFields.node(payload, "issue");
        JsonNode comment = JsonFields.node(payload, "comment");
        if (type.isCommentEvent() && comment == null) {
            throw MalformedPayloadException.missingField(WEBHOOK, "comment");
        }
        String issueId;
        WorkItem item = null;
        boolean partial = false;
        if (issue != null) {
            issueId = JsonFields.requireText(WEBHOOK, issue, "id", "issue.id");
            partial = JsonFields.node(issue, "fields.updated") == null;
            item = toWorkItem(mapping, issue, WEBHOOK, "issue.", partial);
        } else if (type.isCommentEvent()) {
            issueId = issueIdFromCommentLink(comment);
        } else {
            throw MalformedPayloadException.missingField(WEBHOOK, "issue");
        }
        String actor = user(JsonFields.node(payload, "user"));
        List<StatusChange> changes = new ArrayList<>();
        JsonNode items = JsonFields.node(payload, "changelog.items");
        if (items != null && item != null) {
            Instant at = item.updatedAt() != null ? item.updatedAt() : timestamp;
            changes.addAll(statusChanges(mapping, item, items, at, actor, "changelog.items"));
        }
        List<Comment> comments = new ArrayList<>();
        if (comment != null) {
            comments.add(comment(mapping, comment, issueId, WEBHOOK, "comment"));
        }
        String key = item != null ? item.source().key() : null;
        return new JiraEvent(type, issueId, key, item, partial, changes, comments, actor, timestamp);
    }

    /**
     * The key that identifies one webhook delivery: Jira's delivery identifier when the header is present, else the
     * event name, issue id, timestamp and comment id (retries of one delivery carry the same values).
     */
    public String webhookDedupKey(Map<String, String> headers, String json) {
        return webhookDedupKey(headers, JsonFields.parse(WEBHOOK, json));
    }

    public String webhookDedupKey(Map<String, String> headers, JsonNode payload) {
        if (headers != null) {
            for (Map.Entry<String, String> header : headers.entrySet()) {
                if (WEBHOOK_ID_HEADER.equalsIgnoreCase(header.getKey()) && header.getValue() != null
                        && !header.getValue().isBlank()) {
                    return "jira:webhook:" + header.getValue().trim();
                }
            }
        }
        String event = JsonFields.requireText(WEBHOOK, payload, "webhookEvent");
        String timestamp = JsonFields.requireText(WEBHOOK, payload, "timestamp");
        JsonNode comment = JsonFields.node(payload, "comment");
        String issueId = JsonFields.text(payload, "issue.id");
        if (issueId == null) {
            if (comment == null) {
                throw MalformedPayloadException.missingField(WEBHOOK, "issue.id");
            }
            issueId = issueIdFromCommentLink(comment);
        }
        String commentId = comment == null ? "-" : JsonFields.requireText(WEBHOOK, comment, "id", "comment.id");
        return "jira:webhook:" + event + ":" + issueId + ":" + timestamp + ":" + commentId;
    }

    // ---- REST -----------------------------------------------------------------------------------------------------

    /** A REST issue (v2 or v3, with or without {@code expand=changelog}): the item, its status history and comments. */
    public JiraEvent fromRestIssue(String json) {
        return fromRestIssue(JsonFields.parse(ISSUE, json));
    }

    public JiraEvent fromRestIssue(JsonNode issue) {
        return fromRestIssue(issue, "");
    }

    private JiraEvent fromRestIssue(JsonNode issue, String prefix) {
        rejectErrorBody(ISSUE, issue);
        JiraMapping mapping = mappings.current().jira();
        if (JsonFields.node(issue, "fields") == null) {
            throw MalformedPayloadException.missingField(ISSUE, prefix + "fields");
        }
        String issueId = JsonFields.requireText(ISSUE, issue, "id", prefix + "id");
        WorkItem item = toWorkItem(mapping, issue, ISSUE, prefix, false);
        List<StatusChange> changes = new ArrayList<>();
        JsonNode histories = JsonFields.node(issue, "changelog.histories");
        if (histories != null) {
            changes.addAll(histories(mapping, item, histories, prefix + "changelog.histories"));
        }
        List<Comment> comments = comments(mapping, JsonFields.node(issue, "fields.comment"), issueId,
                prefix + "fields.comment");
        return new JiraEvent(JiraEventType.SNAPSHOT, issueId, item.source().key(), item, false, changes, comments, null,
                null);
    }

    public WorkItem toWorkItem(JsonNode issue) {
        return fromRestIssue(issue).workItem();
    }

    /**
     * A search page: legacy offset ({@code startAt/total}), token ({@code nextPageToken/isLast}) or agile board page.
     * An empty page gives an empty list whatever its {@code startAt} says.
     */
    public List<JiraEvent> fromSearchPage(String json) {
        return fromSearchPage(JsonFields.parse("jira search page", json));
    }

    public List<JiraEvent> fromSearchPage(JsonNode page) {
        rejectErrorBody("jira search page", page);
        JsonNode issues = JsonFields.requireArray("jira search page", page, "issues");
        List<JiraEvent> events = new ArrayList<>();
        for (int i = 0; i < issues.size(); i++) {
            events.add(fromRestIssue(issues.get(i), "issues[" + i + "]."));
        }
        return events;
    }

    /** GET /issue/{id}/comment page ({@code comments[]}). */
    public List<Comment> fromCommentsPage(String issueId, JsonNode page) {
        rejectErrorBody("jira comments page", page);
        JsonFields.requireArray("jira comments page", page, "comments");
        return comments(mappings.current().jira(), page, issueId, "");
    }

    /**
     * GET /issue/{id}/changelog page ({@code values[]}, PageBean). Status names are mapped by name only: a history entry
     * carries no status category.
     */
    public List<StatusChange> fromChangelogPage(String issueId, JsonNode page) {
        rejectErrorBody("jira changelog page", page);
        JsonNode values = JsonFields.requireArray("jira changelog page", page, "values");
        return histories(mappings.current().jira(), null, values, "values").stream()
                .map(change -> new StatusChange(workItemId(issueId), change.from(), change.to(), change.sourceFrom(),
                        change.sourceTo(), change.at(), change.author()))
                .toList();
    }

    /** The reference in a create-issue response ({@code {id, key, self}}). */
    public SourceRef createdIssueRef(JsonNode created) {
        rejectErrorBody("jira create response", created);
        String id = JsonFields.requireText("jira create response", created, "id");
        return new SourceRef(SourceSystem.JIRA, "issue", id, JsonFields.requireText("jira create response", created, "key"),
                JsonFields.text(created, "self"), 0, null);
    }

    // ---- mapping --------------------------------------------------------------------------------------------------

    private WorkItem toWorkItem(JiraMapping mapping, JsonNode issue, String context, String prefix, boolean partial) {
        String id = JsonFields.requireText(context, issue, "id", prefix + "id");
        String key = JsonFields.requireText(context, issue, "key", prefix + "key");
        JsonNode fields = JsonFields.node(issue, "fields");
        if (fields == null) {
            throw MalformedPayloadException.missingField(context, prefix + "fields");
        }
        String fieldsPath = prefix + "fields.";
        String typeName = JsonFields.requireText(context, fields, "issuetype.name", fieldsPath + "issuetype.name");
        String statusName = JsonFields.requireText(context, fields, "status.name", fieldsPath + "status.name");
        String categoryKey = JsonFields.text(fields, "status.statusCategory.key");
        JiraMapping.IssueType type = mapping.issueType(typeName);
        CanonicalStatus status = mapping.status(statusName, categoryKey);
        String priority = JsonFields.text(fields, "priority.name");
        Severity severity = severity(mapping, fields, priority);
        Instant created = JiraDates.at(context, fields, "created", fieldsPath + "created");
        Instant updated = partial ? null : JiraDates.at(context, fields, "updated", fieldsPath + "updated");
        Instant resolved = JiraDates.at(context, fields, "resolutiondate", fieldsPath + "resolutiondate");
        SourceRef source = new SourceRef(SourceSystem.JIRA, "issue", id, key, JsonFields.text(issue, "self"),
                updated == null ? 0 : updated.toEpochMilli(), updated);
        Set<String> labels = new LinkedHashSet<>(JsonFields.texts(fields, "labels"));
        JiraMapping.Fields custom = mapping.fields();
        String team = optionText(field(fields, custom.team()));
        String parentId = Optional.ofNullable(JsonFields.text(fields, "parent.id")).map(JiraIssueMapper::workItemId)
                .orElse(null);
        String sprintId = sprintId(field(fields, custom.sprint()));
        StoryAttributes story = null;
        WorkPackageAttributes workPackage = null;
        if (type.kind() == WorkItemKind.STORY) {
            JiraMapping.Labels marks = mapping.labels();
            story = new StoryAttributes(
                    JiraMapping.Labels.anyOf(marks.recurring(), labels) ? Recurrence.RECURRING : Recurrence.FINITE,
                    JiraMapping.Labels.anyOf(marks.multiTeam(), labels) ? TeamScope.MULTI_TEAM : TeamScope.SINGLE_TEAM,
                    user(field(fields, custom.productOwner())), optionText(field(fields, custom.slaPolicy())),
                    JiraMapping.Labels.anyOf(marks.escalationAllowed(), labels), Map.of(),
                    JiraMapping.Labels.anyOf(marks.dormant(), labels), team == null ? List.of() : List.of(team), Map.of());
        } else if (type.kind() == WorkItemKind.WORK_PACKAGE) {
            workPackage = new WorkPackageAttributes(parentId, null, severity,
                    optionText(field(fields, custom.category())), null, null, 1, null, List.of());
        }
        return new WorkItem(workItemId(id), type.kind(), source, JsonFields.text(fields, "summary"),
                AdfText.toPlainText(JsonFields.node(fields, "description")), status, statusName, severity, priority,
                type.flowType(), user(JsonFields.node(fields, "assignee")), null, team, parentId, sprintId, labels,
                created, updated, status.isDone() ? resolved : null, story, workPackage);
    }

    /** The severity field wins when set; otherwise the priority; no priority (disabled on the project) gives none. */
    private static Severity severity(JiraMapping mapping, JsonNode fields, String priority) {
        String severityValue = optionText(field(fields, mapping.fields().severity()));
        if (severityValue != null) {
            return mapping.severityValues().get(severityValue);
        }
        return priority == null ? null : mapping.severityForPriority(priority);
    }

    private static JsonNode field(JsonNode fields, String fieldId) {
        return fieldId == null ? null : JsonFields.node(fields, fieldId);
    }

    /** Text of a custom field value: plain text, or a select option / team / version object. */
    static String optionText(JsonNode value) {
        if (value == null) {
            return null;
        }
        if (value.isArray()) {
            return value.isEmpty() ? null : optionText(value.get(0));
        }
        if (value.isValueNode()) {
            return value.asText().isBlank() ? null : value.asText();
        }
        for (String name : List.of("value", "name", "title", "displayName")) {
            String text = JsonFields.text(value, name);
            if (text != null) {
                return text;
            }
        }
        return null;
    }

    /** Cloud: sprint objects; Server/DC: strings like {@code com.atlassian.greenhopper...Sprint@1[id=3,...]}. The last sprint is the current one. */
    private static String sprintId(JsonNode value) {
        if (value == null) {
            return null;
        }
        JsonNode last = value.isArray() ? (value.isEmpty() ? null : value.get(value.size() - 1)) : value;
        if (last == null) {
            return null;
        }
        String id = null;
        if (last.isObject()) {
            id = JsonFields.text(last, "id");
        } else if (last.isTextual()) {
            Matcher matcher = SERVER_SPRINT_ID.matcher(last.asText());
            id = matcher.find() ? matcher.group(1) : null;
        }
        return id == null ? null : SourceSystem.JIRA.code() + ":sprint:" + id;
    }

    /** Cloud identifies people by accountId; Server/DC by name (key as a last resort); REST v2 comments may give a bare name. */
    static String user(JsonNode user) {
        if (user == null) {
            return null;
        }
        if (user.isValueNode()) {
            return user.asText().isBlank() ? null : user.asText();
        }
        for (String name : List.of("accountId", "name", "key")) {
            String text = JsonFields.text(user, name);
            if (text != null) {
                return text;
            }
        }
        return null;
    }

    private List<StatusChange> histories(JiraMapping mapping, WorkItem item, JsonNode histories, String path) {
        List<StatusChange> changes = new ArrayList<>();
        for (int i = 0; i < histories.size(); i++) {
            JsonNode history = histories.get(i);
            String historyPath = path + "[" + i + "]";
            Instant at = JiraDates.at(ISSUE, history, "created", historyPath + ".created");
            JsonNode items = JsonFields.node(history, "items");
            if (items == null) {
                throw MalformedPayloadException.missingField(ISSUE, historyPath + ".items");
            }
            changes.addAll(statusChanges(mapping, item, items, at, user(JsonFields.node(history, "author")),
                    historyPath + ".items"));
        }
        return changes;
    }

    private List<StatusChange> statusChanges(JiraMapping mapping, WorkItem item, JsonNode items, Instant at, String author,
                                             String path) {
        List<StatusChange> changes = new ArrayList<>();
        String workItemId = item == null ? "" : item.id();
        for (JsonNode change : items) {
            if (!isStatusItem(change)) {
                continue;
            }
            String from = JsonFields.text(change, "fromString");
            String to = JsonFields.text(change, "toString");
            if (to == null) {
                throw MalformedPayloadException.missingField(ISSUE, path + "[status].toString");
            }
            changes.add(new StatusChange(workItemId, historicStatus(mapping, item, from), historicStatus(mapping, item, to),
                    from, to, at, author));
        }
        return changes;
    }

    /** fieldId when Jira sends it (Cloud), else the field name, which Server capitalises at will. */
    private static boolean isStatusItem(JsonNode change) {
        String fieldId = JsonFields.text(change, "fieldId");
        if (fieldId != null) {
            return fieldId.equals("status");
        }
        String field = JsonFields.text(change, "field");
        return field != null && field.toLowerCase(Locale.ROOT).equals("status");
    }

    /** A status named in history; the issue's current status category applies only when the names agree. */
    private static CanonicalStatus historicStatus(JiraMapping mapping, WorkItem item, String name) {
        if (name == null) {
            return null;
        }
        if (item != null && name.equalsIgnoreCase(item.sourceStatus())) {
            return item.status();
        }
        return mapping.status(name, null);
    }

    private List<Comment> comments(JiraMapping mapping, JsonNode container, String issueId, String path) {
        List<Comment> comments = new ArrayList<>();
        if (container == null) {
            return comments;
        }
        JsonNode list = container.isArray() ? container : JsonFields.node(container, "comments");
        String listPath = container.isArray() ? path : (path.isEmpty() ? "comments" : path + ".comments");
        if (list == null) {
            return comments;
        }
        for (int i = 0; i < list.size(); i++) {
            comments.add(comment(mapping, list.get(i), issueId, ISSUE, listPath + "[" + i + "]"));
        }
        return comments;
    }

    private static Comment comment(JiraMapping mapping, JsonNode comment, String issueId, String context, String path) {
        String id = JsonFields.requireText(context, comment, "id", path + ".id");
        Instant created = JiraDates.at(context, comment, "created", path + ".created");
        Instant updated = JiraDates.at(context, comment, "updated", path + ".updated");
        Instant version = updated != null ? updated : created;
        SourceRef source = new SourceRef(SourceSystem.JIRA, "comment", id, null, JsonFields.text(comment, "self"),
                version == null ? 0 : version.toEpochMilli(), version);
        boolean restricted = JsonFields.node(comment, "visibility") != null;
        return new Comment(commentId(id), workItemId(issueId), source, user(JsonFields.node(comment, "author")),
                AdfText.toPlainText(JsonFields.node(comment, "body")), mapping.comments().visibility(restricted), created);
    }

    private static String issueIdFromCommentLink(JsonNode comment) {
        String self = JsonFields.text(comment, "self");
        if (self == null) {
            throw MalformedPayloadException.missingField(WEBHOOK, "issue.id");
        }
        Matcher matcher = COMMENT_LINK.matcher(self);
        if (!matcher.find()) {
            throw MalformedPayloadException.invalidField(WEBHOOK, "comment.self", self,
                    "no issue id in the comment link (expected .../issue/<id>/comment/<id>) and no 'issue.id'");
        }
        return matcher.group(1);
    }

    private static Instant webhookTimestamp(JsonNode payload) {
        JsonNode timestamp = JsonFields.node(payload, "timestamp");
        if (timestamp == null) {
            return null;
        }
        if (timestamp.isIntegralNumber() || (timestamp.isTextual() && timestamp.asText().matches("\\d{1,18}"))) {
            return Instant.ofEpochMilli(timestamp.asLong());
        }
        throw MalformedPayloadException.invalidField(WEBHOOK, "timestamp", timestamp, "expected epoch milliseconds");
    }

    /** Jira error bodies ({@code errorMessages}, {@code errors}) arrive where records are expected; say so plainly. */
    private static void rejectErrorBody(String context, JsonNode payload) {
        if (payload == null || !payload.isObject()) {
            throw new MalformedPayloadException(context + ": body is not a JSON object");
        }
        if (payload.has("errorMessages") || (payload.has("errors") && payload.size() <= 3)) {
            List<String> messages = new ArrayList<>(JsonFields.texts(payload, "errorMessages"));
            JsonNode errors = JsonFields.node(payload, "errors");
            if (errors != null) {
                errors.fields().forEachRemaining(error -> messages.add(error.getKey() + ": " + error.getValue().asText()));
            }
            throw new MalformedPayloadException(context + ": payload is a Jira error response: "
                    + (messages.isEmpty() ? "(no message)" : String.join("; ", messages)));
        }
    }
}
