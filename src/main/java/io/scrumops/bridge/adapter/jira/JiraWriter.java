package io.scrumops.bridge.adapter.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scrumops.bridge.adapter.JsonFields;
import io.scrumops.bridge.mapping.JiraMapping;
import io.scrumops.bridge.mapping.MappingRegistry;
import io.scrumops.bridge.model.CanonicalStatus;
import io.scrumops.bridge.model.CommentVisibility;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.writeback.JiraComment;
import io.scrumops.bridge.writeback.JiraCreateIssue;
import io.scrumops.bridge.writeback.JiraIssueLink;
import io.scrumops.bridge.writeback.JiraMoveToSprint;
import io.scrumops.bridge.writeback.JiraRemoteLink;
import io.scrumops.bridge.writeback.JiraTransition;
import io.scrumops.bridge.writeback.JiraUpdateFields;
import io.scrumops.bridge.writeback.JiraVersionVerdict;
import io.scrumops.bridge.writeback.RemoteCallGates;
import io.scrumops.bridge.writeback.RemoteHttp;
import io.scrumops.bridge.writeback.RemoteResponse;
import io.scrumops.bridge.writeback.RemoteWriteException;
import io.scrumops.bridge.writeback.RemoteWriter;
import io.scrumops.bridge.writeback.WriteAttempt;
import io.scrumops.bridge.writeback.WriteCommand;
import io.scrumops.bridge.writeback.WriteResult;
import org.apache.camel.ProducerTemplate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Applies write commands to Jira over its REST API (v2 for writes, which Cloud and Data Center both serve). Jira has
 * no idempotency key, so a create first searches for the issue by the bridge label it carries, and a comment retried
 * after a lost answer first looks for the comment by the origin property it carries.
 */
@Component("jiraWriter")
public class JiraWriter implements RemoteWriter {

    static final String ORIGIN_PROPERTY = "scrumops.origin";
    private static final int MAX_TRANSITION_STEPS = 3;

    private final JiraProperties properties;
    private final MappingRegistry mappings;
    private final RemoteHttp http;
    private final ObjectMapper json = new ObjectMapper();
    private final String subTaskType;
    private final String internalCommentRole;

    private final JiraAttachments attachments;
    private final org.springframework.beans.factory.ObjectProvider<io.scrumops.bridge.writeback.AttachmentSource> attachmentSource;

    public JiraWriter(JiraProperties properties, MappingRegistry mappings, ProducerTemplate template,
                      RemoteCallGates gates, Clock clock, JiraAttachments attachments,
                      org.springframework.beans.factory.ObjectProvider<io.scrumops.bridge.writeback.AttachmentSource> attachmentSource,
                      @Value("${scrumops.jira.sub-task-type:Sub-task}") String subTaskType,
                      @Value("${scrumops.jira.internal-comment-role:}") String internalCommentRole) {
        this.properties = properties;
        this.mappings = mappings;
        this.attachments = attachments;
        this.attachmentSource = attachmentSource;
        this.subTaskType = subTaskType;
        this.internalCommentRole = internalCommentRole;
        this.http = new RemoteHttp(SourceSystem.JIRA, "direct:jira-request", properties.baseUrl(),
                properties.username(), properties.apiToken(), template, gates.of(SourceSystem.JIRA), clock);
    }

    /**
     * Streams a ServiceNow attachment onto the issue. The answer's id is what the bridge later recognises the copy
     * by; the remote key carries the SHA-256 of the bytes sent.
     */
    private WriteResult attach(io.scrumops.bridge.writeback.JiraAttachmentUpload upload) {
        try (var opened = attachmentSource.getObject().open(SourceSystem.SERVICENOW, upload.sourceId())) {
            var content = new io.scrumops.bridge.writeback.AttachmentSource.Opened(opened.content(),
                    opened.length(),
                    upload.contentType() == null ? opened.contentType() : upload.contentType());
            var sent = attachments.upload(upload.issueKey(), upload.fileName(), content);
            String id = JiraAttachments.createdId(sent.body());
            return WriteResult.created(id == null ? null : "jira:attachment:" + id, "sha256:" + sent.sha256(), null, false);
        } catch (java.io.IOException e) {
            throw new io.scrumops.bridge.writeback.RemoteWriteException(SourceSystem.JIRA, "attach " + upload.fileName(),
                    0, false, null, e.getMessage());
        }
    }

    /**
     * An attachment on the issue with the upload's file name and size: an upload whose answer was lost may have
     * stored it (an attachment can carry no hidden marker; name and size are what the carrier itself recognises a
     * copy by).
     */
    private Optional<JiraAttachments.Attachment> attachedBefore(io.scrumops.bridge.writeback.JiraAttachmentUpload upload) {
        JsonNode issue = parse(http.call("GET", "/rest/api/2/issue/" + upload.issueKey(), "fields=attachment", null));
        return JiraAttachments.listed(JsonFields.node(issue, "fields.attachment")).stream()
                .filter(a -> upload.fileName().equals(a.fileName())
                        && (upload.size() == null || upload.size().equals(a.size())))
                .findFirst();
    }

    /** The label that marks the issue the bridge created for a work item; what search-before-create looks for. */
    public static String bridgeLabel(String workItemId) {
        return "scrumops-" + workItemId.replaceAll("[^A-Za-z0-9_-]", "-").toLowerCase(Locale.ROOT);
    }

    @Override
    public SourceSystem system() {
        return SourceSystem.JIRA;
    }

    @Override
    public WriteResult execute(WriteCommand command, WriteAttempt attempt) {
        if (command instanceof JiraCreateIssue create) {
            return create(create, attempt);
        }
        if (command instanceof JiraTransition transition) {
            return transition(transition);
        }
        if (command instanceof JiraComment comment) {
            return comment(comment, attempt);
        }
        if (command instanceof io.scrumops.bridge.writeback.JiraAttachmentUpload upload) {
            if (attempt.isRetry()) {
                Optional<JiraAttachments.Attachment> earlier = attachedBefore(upload);
                if (earlier.isPresent()) {
                    return WriteResult.created("jira:attachment:" + earlier.get().id(), null, null, true);
                }
            }
            attempt.confirmClaim("attach " + upload.fileName() + " to " + upload.issueKey());
            return attach(upload);
        }
        if (command instanceof JiraUpdateFields update) {
            ObjectNode body = json.createObjectNode();
            Map<String, Object> fields = new LinkedHashMap<>(update.fields());
            Object added = fields.remove(JiraUpdateFields.ADD_LABELS);
            if (!fields.isEmpty()) {
                body.set("fields", json.valueToTree(fields));
            }
            if (added instanceof List<?> labels) {
                var operations = body.putObject("update").putArray("labels");
                labels.forEach(label -> operations.addObject().put("add", String.valueOf(label)));
            }
            http.call("PUT", "/rest/api/2/issue/" + update.issueKey(), null, body.toString());
            return WriteResult.done();
        }
        if (command instanceof JiraMoveToSprint move) {
            ObjectNode body = json.createObjectNode();
            body.putArray("issues").add(move.issueKey());
            http.call("POST", "/rest/agile/1.0/sprint/" + move.sprintNativeId() + "/issue", null, body.toString());
            return WriteResult.done();
        }
        if (command instanceof JiraIssueLink link) {
            ObjectNode body = json.createObjectNode();
            body.putObject("type").put("name", link.linkType());
            body.putObject("inwardIssue").put("key", link.issueKey());
            body.putObject("outwardIssue").put("key", link.linkedIssueKey());
            http.call("POST", "/rest/api/2/issueLink", null, body.toString());
            return WriteResult.done();
        }
        if (command instanceof JiraRemoteLink link) {
            ObjectNode body = json.createObjectNode();
            body.put("globalId", link.globalId());
            ObjectNode object = body.putObject("object");
            object.put("url", link.url());
            object.put("title", link.title());
            http.call("POST", "/rest/api/2/issue/" + link.issueKey() + "/remotelink", null, body.toString());
            return WriteResult.done();
        }
        if (command instanceof JiraVersionVerdict verdict) {
            return versionVerdict(verdict);
        }
        throw new RemoteWriteException(SourceSystem.JIRA, command.type(), 0, true, null,
                "not a Jira command: " + command.type());
    }

    /**
     * The description is read before it is written so that what people wrote above the bridge's marker stays; a
     * repeat of the same command writes the same text again, which is harmless.
     */
    private WriteResult versionVerdict(JiraVersionVerdict verdict) {
        String path = "/rest/api/2/version/" + verdict.versionId();
        if (verdict.property() != null) {
            http.call("PUT", path + "/properties/" + verdict.propertyKey(), null,
                    json.valueToTree(verdict.property()).toString());
            return WriteResult.done();
        }
        JsonNode version = parse(http.call("GET", path, null, null));
        ObjectNode body = json.createObjectNode();
        body.put("description", JiraVersionVerdict.mergeDescription(JsonFields.text(version, "description"),
                verdict.summary()));
        http.call("PUT", path, null, body.toString());
        return WriteResult.done();
    }

    private WriteResult create(JiraCreateIssue create, WriteAttempt attempt) {
        String label = bridgeLabel(create.workItemId());
        List<JsonNode> existing = search("labels = \"" + label + "\"");
        JsonNode parent = existing.stream().filter(issue -> !isSubTask(issue, create.parentKey())).findFirst()
                .orElse(null);
        if (parent == null && create.adoptKey() != null) {
            Optional<JsonNode> named = issue(create.adoptKey());
            if (named.isPresent()) {
                return adopt(named.get(), label);
            }
        }
        boolean reused = parent != null;
        String id;
        String key;
        if (parent == null) {
            attempt.confirmClaim("create " + label);
            JsonNode created = parse(http.call("POST", "/rest/api/2/issue", null, issueBody(create, label).toString()));
            id = JsonFields.text(created, "id");
            key = JsonFields.text(created, "key");
        } else {
            id = JsonFields.text(parent, "id");
            key = JsonFields.text(parent, "key");
        }
        Set<String> presentSubTasks = new HashSet<>();
        for (JsonNode issue : existing) {
            if (isSubTask(issue, create.parentKey()) && key.equals(JsonFields.text(issue, "fields.parent.key"))) {
                presentSubTasks.add(JsonFields.text(issue, "fields.summary"));
            }
        }
        for (String title : create.subTasks()) {
            if (!presentSubTasks.contains(title)) {
                attempt.confirmClaim("create sub-task " + title + " of " + key);
                ObjectNode fields = json.createObjectNode();
                fields.putObject("project").put("key", create.projectKey());
                fields.putObject("issuetype").put("name", subTaskType);
                fields.putObject("parent").put("key", key);
                fields.put("summary", title);
                fields.putArray("labels").add(label);
                ObjectNode body = json.createObjectNode();
                body.set("fields", fields);
                http.call("POST", "/rest/api/2/issue", null, body.toString());
            }
        }
        return WriteResult.created(id, key, properties.baseUrl() + "/browse/" + key, reused);
    }

    /** The issue with this key, or empty when Jira answers 404 (or 403: not one the bridge may see). */
    private Optional<JsonNode> issue(String key) {
        try {
            return Optional.of(parse(http.call("GET", "/rest/api/2/issue/" + key, "fields=summary", null)));
        } catch (RemoteWriteException e) {
            if (e.status() == 404 || e.status() == 403) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Takes an issue the other side already names instead of creating a second one. It gets the bridge label, so a
     * later search-before-create finds it; its sub-tasks are its owners' business and are left as they are.
     */
    private WriteResult adopt(JsonNode issue, String label) {
        String key = JsonFields.text(issue, "key");
        ObjectNode body = json.createObjectNode();
        body.putObject("update").putArray("labels").addObject().put("add", label);
        http.call("PUT", "/rest/api/2/issue/" + key, null, body.toString());
        return WriteResult.created(JsonFields.text(issue, "id"), key, properties.baseUrl() + "/browse/" + key, true);
    }

    private ObjectNode issueBody(JiraCreateIssue create, String label) {
        ObjectNode fields = json.createObjectNode();
        fields.putObject("project").put("key", create.projectKey());
        fields.putObject("issuetype").put("name", create.issueType());
        fields.put("summary", create.summary());
        if (create.description() != null) {
            fields.put("description", create.description());
        }
        if (create.parentKey() != null) {
            fields.putObject("parent").put("key", create.parentKey());
        }
        if (create.priority() != null) {
            fields.putObject("priority").put("name", create.priority());
        }
        ArrayNode labels = fields.putArray("labels");
        create.labels().forEach(labels::add);
        if (!create.labels().contains(label)) {
            labels.add(label);
        }
        if (!create.components().isEmpty()) {
            ArrayNode components = fields.putArray("components");
            create.components().forEach(name -> components.addObject().put("name", name));
        }
        String sprintField = mappings.current().jira().fields().sprint();
        if (create.sprintId() != null && sprintField != null) {
            fields.put(sprintField, Long.parseLong(create.sprintId()));
        }
        create.extraFields().forEach((field, value) -> fields.set(field, json.valueToTree(value)));
        ObjectNode body = json.createObjectNode();
        body.set("fields", fields);
        return body;
    }

    private List<JsonNode> search(String jql) {
        String query = "jql=" + URLEncoder.encode(jql, StandardCharsets.UTF_8)
                + "&fields=summary,labels,parent,issuetype&maxResults=100";
        String path = properties.isCloud() ? "/rest/api/3/search/jql" : "/rest/api/2/search";
        JsonNode page = parse(http.call("GET", path, query, null));
        List<JsonNode> issues = new ArrayList<>();
        JsonNode list = page.get("issues");
        if (list != null) {
            list.forEach(issues::add);
        }
        return issues;
    }

    private static boolean isSubTask(JsonNode issue, String storyKey) {
        JsonNode flag = JsonFields.node(issue, "fields.issuetype.subtask");
        if (flag != null) {
            return flag.asBoolean();
        }
        String parentKey = JsonFields.text(issue, "fields.parent.key");
        return parentKey != null && !parentKey.equals(storyKey);
    }

    private WriteResult transition(JiraTransition command) {
        JiraMapping mapping = mappings.current().jira();
        Set<String> visited = new HashSet<>();
        String path = "/rest/api/2/issue/" + command.issueKey() + "/transitions";
        for (int step = 0; step < MAX_TRANSITION_STEPS; step++) {
            JsonNode answer = parse(http.call("GET", path, "expand=transitions.fields", null));
            List<JiraTransitionPlanner.Transition> offered = transitions(answer);
            Optional<JiraTransitionPlanner.Step> next =
                    JiraTransitionPlanner.next(mapping, offered, command.targetStatus(), visited);
            if (next.isEmpty()) {
                throw new RemoteWriteException(SourceSystem.JIRA, "transition " + command.issueKey(), 0, true, null,
                        "no transition of " + command.issueKey() + " leads towards " + command.targetStatus()
                                + " (offered: " + offered.stream().map(JiraTransitionPlanner.Transition::toStatus).toList() + ")");
            }
            JiraTransitionPlanner.Transition chosen = next.get().transition();
            ObjectNode body = json.createObjectNode();
            body.putObject("transition").put("id", chosen.id());
            ObjectNode fields = transitionFields(command, chosen);
            if (!fields.isEmpty()) {
                body.set("fields", fields);
            }
            http.call("POST", path, null, body.toString());
            visited.add(chosen.toStatus().toLowerCase(Locale.ROOT));
            if (next.get().reachesTarget()) {
                return new WriteResult(null, command.issueKey(), null, false, chosen.toStatus());
            }
        }
        throw new RemoteWriteException(SourceSystem.JIRA, "transition " + command.issueKey(), 0, true, null,
                command.issueKey() + " did not reach " + command.targetStatus() + " in " + MAX_TRANSITION_STEPS + " steps");
    }

    /** The fields the chosen transition's screen requires: from the command, else the first allowed value. */
    private ObjectNode transitionFields(JiraTransition command, JiraTransitionPlanner.Transition chosen) {
        ObjectNode fields = json.createObjectNode();
        for (Map.Entry<String, List<String>> required : chosen.requiredFields().entrySet()) {
            Object given = command.fields().get(required.getKey());
            if (given != null) {
                fields.set(required.getKey(), json.valueToTree(given));
            } else if (!required.getValue().isEmpty()) {
                fields.putObject(required.getKey()).put("id", required.getValue().get(0));
            }
        }
        return fields;
    }

    private static List<JiraTransitionPlanner.Transition> transitions(JsonNode answer) {
        List<JiraTransitionPlanner.Transition> result = new ArrayList<>();
        JsonNode list = answer.get("transitions");
        if (list == null) {
            return result;
        }
        for (JsonNode t : list) {
            Map<String, List<String>> required = new LinkedHashMap<>();
            JsonNode fields = t.get("fields");
            if (fields != null) {
                Iterator<Map.Entry<String, JsonNode>> it = fields.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> field = it.next();
                    if (field.getValue().path("required").asBoolean(false)) {
                        List<String> allowed = new ArrayList<>();
                        field.getValue().path("allowedValues").forEach(v -> allowed.add(v.path("id").asText()));
                        required.put(field.getKey(), allowed);
                    }
                }
            }
            result.add(new JiraTransitionPlanner.Transition(JsonFields.text(t, "id"), JsonFields.text(t, "name"),
                    JsonFields.text(t, "to.name"), JsonFields.text(t, "to.statusCategory.key"), required));
        }
        return result;
    }

    /**
     * Every comment carries the origin property: the comment it carries over, or for one the bridge writes itself
     * the outbox command's marker. A retry (the earlier attempt's answer may have been lost after Jira wrote the
     * comment) first looks for a comment with that property and takes it.
     */
    private WriteResult comment(JiraComment comment, WriteAttempt attempt) {
        String path = "/rest/api/2/issue/" + comment.issueKey() + "/comment";
        String marker = comment.originId() != null ? comment.originId() : attempt.marker();
        if (attempt.isRetry() && marker != null) {
            JsonNode page = parse(http.call("GET", path, "expand=properties&maxResults=5000", null));
            for (JsonNode existing : page.path("comments")) {
                for (JsonNode property : existing.path("properties")) {
                    if (ORIGIN_PROPERTY.equals(property.path("key").asText())
                            && marker.equals(property.path("value").path("id").asText())) {
                        return WriteResult.created(JiraIssueMapper.commentId(existing.path("id").asText()),
                                comment.issueKey(), null, true);
                    }
                }
            }
        }
        ObjectNode body = json.createObjectNode();
        body.put("body", comment.body());
        if (comment.visibility() == CommentVisibility.INTERNAL && !internalCommentRole.isBlank()) {
            body.putObject("visibility").put("type", "role").put("value", internalCommentRole);
        }
        if (marker != null) {
            ObjectNode property = body.putArray("properties").addObject();
            property.put("key", ORIGIN_PROPERTY);
            property.putObject("value").put("id", marker);
        }
        attempt.confirmClaim("comment on " + comment.issueKey());
        JsonNode created = parse(http.call("POST", path, null, body.toString()));
        return WriteResult.created(JiraIssueMapper.commentId(created.path("id").asText()), comment.issueKey(), null,
                false);
    }

    private JsonNode parse(RemoteResponse response) {
        String body = response.body();
        return JsonFields.parse("jira response", body == null || body.isBlank() ? "{}" : body);
    }
}
