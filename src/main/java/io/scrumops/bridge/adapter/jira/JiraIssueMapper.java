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
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Jira webhooks (Cloud, Data Center/Server, legacy Server) and REST v2/v3 issue JSON -> ScrumOps model, through
 * {@code mappings/jira.yaml}. Unknown statuses, priorities and issue types fail with the mapping file named.
 */
@Component("jiraIssueMapper")
public class JiraIssueMapper {

    public static final String WEBHOOK_ID_HEADER = "X-Atlassian-Webhook-Identifier";
    /**
     * The webhookEvent of an issue read through the REST API and fed through the inbound pipeline (reconciliation,
     * backfill): {@code {"webhookEvent": "scrumops:snapshot", "issue": <REST issue>}}.
     */
    public static final String SNAPSHOT_EVENT = "scrumops:snapshot";
    /** Beside the issue in a snapshot: the Jira status category of each status its history names. */
    public static final String STATUS_CATEGORIES = "statusCategories";
    private static final String WEBHOOK = "jira webhook";
    private static final String ISSUE = "jira issue";

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


    public JiraEvent fromWebhook(String json) {
        return fromWebhook(JsonFields.parse(WEBHOOK, json));
    }

    public JiraEvent fromWebhook(JsonNode payload) {
        JiraErrorBody.reject(WEBHOOK, payload);
        String eventName = JsonFields.requireText(WEBHOOK, payload, "webhookEvent");
        if (SNAPSHOT_EVENT.equals(eventName)) {
            JsonNode issue = JsonFields.node(payload, "issue");
            if (issue == null) {
                throw MalformedPayloadException.missingField(WEBHOOK, "issue");
            }
            return fromRestIssue(issue, "issue.", statusCategories(JsonFields.node(payload, STATUS_CATEGORIES)));
        }
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
            issueId = JiraComments.issueIdFromLink(WEBHOOK, comment);
        } else {
            throw MalformedPayloadException.missingField(WEBHOOK, "issue");
        }
        String actor = JiraFieldValues.user(JsonFields.node(payload, "user"));
        List<StatusChange> changes = new ArrayList<>();
        JsonNode items = JsonFields.node(payload, "changelog.items");
        if (items != null && item != null) {
            Instant at = item.updatedAt() != null ? item.updatedAt() : timestamp;
            changes.addAll(JiraStatusHistory.fromItems(WEBHOOK, mapping, item, items, at, actor, "changelog.items"));
        }
        List<Comment> comments = new ArrayList<>();
        if (comment != null) {
            comments.add(JiraComments.fromComment(WEBHOOK, mapping, comment, issueId, "comment"));
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
        if (SNAPSHOT_EVENT.equals(event)) {
            return "jira:snapshot:" + JsonFields.requireText(WEBHOOK, payload, "issue.id") + ":"
                    + JsonFields.requireText(WEBHOOK, payload, "issue.fields.updated");
        }
        String timestamp = JsonFields.requireText(WEBHOOK, payload, "timestamp");
        JsonNode comment = JsonFields.node(payload, "comment");
        String issueId = JsonFields.text(payload, "issue.id");
        if (issueId == null) {
            if (comment == null) {
                throw MalformedPayloadException.missingField(WEBHOOK, "issue.id");
            }
            issueId = JiraComments.issueIdFromLink(WEBHOOK, comment);
        }
        String commentId = comment == null ? "-" : JsonFields.requireText(WEBHOOK, comment, "id", "comment.id");
        return "jira:webhook:" + event + ":" + issueId + ":" + timestamp + ":" + commentId;
    }


    /** A REST issue (v2 or v3, with or without {@code expand=changelog}): the item, its status history and comments. */
    public JiraEvent fromRestIssue(String json) {
        return fromRestIssue(JsonFields.parse(ISSUE, json));
    }

    public JiraEvent fromRestIssue(JsonNode issue) {
        return fromRestIssue(issue, "");
    }

    private JiraEvent fromRestIssue(JsonNode issue, String prefix) {
        return fromRestIssue(issue, prefix, Map.of());
    }

    /** {@code {"<status name>": "<category key>"}} as the reconciler adds it to a snapshot. */
    private static Map<String, String> statusCategories(JsonNode node) {
        if (node == null || !node.isObject()) {
            return Map.of();
        }
        Map<String, String> categories = new java.util.HashMap<>();
        node.fields().forEachRemaining(e -> categories.put(e.getKey().toLowerCase(java.util.Locale.ROOT),
                e.getValue().asText()));
        return categories;
    }

    private JiraEvent fromRestIssue(JsonNode issue, String prefix, Map<String, String> categories) {
        JiraErrorBody.reject(ISSUE, issue);
        JiraMapping mapping = mappings.current().jira();
        if (JsonFields.node(issue, "fields") == null) {
            throw MalformedPayloadException.missingField(ISSUE, prefix + "fields");
        }
        String issueId = JsonFields.requireText(ISSUE, issue, "id", prefix + "id");
        WorkItem item = toWorkItem(mapping, issue, ISSUE, prefix, false);
        List<StatusChange> changes = new ArrayList<>();
        JsonNode histories = JsonFields.node(issue, "changelog.histories");
        if (histories != null) {
            changes.addAll(JiraStatusHistory.fromHistories(ISSUE, mapping, item, histories, prefix + "changelog.histories",
                    categories));
        }
        List<Comment> comments = JiraComments.fromList(ISSUE, mapping, JsonFields.node(issue, "fields.comment"), issueId,
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
        JiraErrorBody.reject("jira search page", page);
        JsonNode issues = JsonFields.requireArray("jira search page", page, "issues");
        List<JiraEvent> events = new ArrayList<>();
        for (int i = 0; i < issues.size(); i++) {
            events.add(fromRestIssue(issues.get(i), "issues[" + i + "]."));
        }
        return events;
    }

    /** GET /issue/{id}/comment page, the issue named by the comments' own links. */
    public List<Comment> fromCommentsPage(JsonNode page) {
        JiraErrorBody.reject("jira comments page", page);
        JsonNode comments = JsonFields.requireArray("jira comments page", page, "comments");
        if (comments.isEmpty()) {
            return List.of();
        }
        return fromCommentsPage(JiraComments.issueIdFromLink("jira comments page", comments.get(0)), page);
    }

    /** GET /issue/{id}/comment page ({@code comments[]}). */
    public List<Comment> fromCommentsPage(String issueId, JsonNode page) {
        JiraErrorBody.reject("jira comments page", page);
        JsonFields.requireArray("jira comments page", page, "comments");
        return JiraComments.fromList("jira comments page", mappings.current().jira(), page, issueId, "");
    }

    /**
     * GET /issue/{id}/changelog page ({@code values[]}, PageBean). Status names are mapped by name only: a history entry
     * carries no status category.
     */
    public List<StatusChange> fromChangelogPage(String issueId, JsonNode page) {
        JiraErrorBody.reject("jira changelog page", page);
        JsonNode values = JsonFields.requireArray("jira changelog page", page, "values");
        return JiraStatusHistory.fromHistories("jira changelog page", mappings.current().jira(), null, values, "values").stream()
                .map(change -> new StatusChange(workItemId(issueId), change.from(), change.to(), change.sourceFrom(),
                        change.sourceTo(), change.at(), change.author()))
                .toList();
    }

    /** The reference in a create-issue response ({@code {id, key, self}}). */
    public SourceRef createdIssueRef(JsonNode created) {
        JiraErrorBody.reject("jira create response", created);
        String id = JsonFields.requireText("jira create response", created, "id");
        return new SourceRef(SourceSystem.JIRA, "issue", id, JsonFields.requireText("jira create response", created, "key"),
                JsonFields.text(created, "self"), 0, null);
    }


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
        String team = JiraFieldValues.optionText(field(fields, custom.team()));
        String parentId = Optional.ofNullable(JsonFields.text(fields, "parent.id")).map(JiraIssueMapper::workItemId)
                .orElse(null);
        String sprintId = JiraFieldValues.sprintId(field(fields, custom.sprint()));
        StoryAttributes story = null;
        WorkPackageAttributes workPackage = null;
        if (type.kind() == WorkItemKind.STORY) {
            JiraMapping.Labels marks = mapping.labels();
            story = new StoryAttributes(
                    JiraMapping.Labels.anyOf(marks.recurring(), labels) ? Recurrence.RECURRING : Recurrence.FINITE,
                    JiraMapping.Labels.anyOf(marks.multiTeam(), labels) ? TeamScope.MULTI_TEAM : TeamScope.SINGLE_TEAM,
                    JiraFieldValues.user(field(fields, custom.productOwner())),
                    JiraFieldValues.optionText(field(fields, custom.slaPolicy())),
                    JiraMapping.Labels.anyOf(marks.escalationAllowed(), labels), Map.of(),
                    JiraMapping.Labels.anyOf(marks.dormant(), labels), team == null ? List.of() : List.of(team), Map.of());
        } else if (type.kind() == WorkItemKind.WORK_PACKAGE) {
            workPackage = new WorkPackageAttributes(parentId, null, severity,
                    JiraFieldValues.optionText(field(fields, custom.category())), null, null, 1, null, List.of());
        }
        return new WorkItem(workItemId(id), type.kind(), source, JsonFields.text(fields, "summary"),
                AdfText.toPlainText(JsonFields.node(fields, "description")), status, statusName, severity, priority,
                type.flowType(), JiraFieldValues.user(JsonFields.node(fields, "assignee")), null, team, parentId, sprintId, labels,
                created, updated, status.isDone() ? resolved : null, story, workPackage);
    }

    /** The severity field wins when set; otherwise the priority; no priority (disabled on the project) gives none. */
    private static Severity severity(JiraMapping mapping, JsonNode fields, String priority) {
        String severityValue = JiraFieldValues.optionText(field(fields, mapping.fields().severity()));
        if (severityValue != null) {
            return mapping.severityValues().get(severityValue);
        }
        return priority == null ? null : mapping.severityForPriority(priority);
    }

    private static JsonNode field(JsonNode fields, String fieldId) {
        return fieldId == null ? null : JsonFields.node(fields, fieldId);
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
}
