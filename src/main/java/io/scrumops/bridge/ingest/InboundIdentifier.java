package io.scrumops.bridge.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.scrumops.bridge.adapter.JsonFields;
import io.scrumops.bridge.adapter.MalformedPayloadException;
import io.scrumops.bridge.adapter.jira.JiraIssueMapper;
import io.scrumops.bridge.adapter.scm.ScmEventMapper;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads just enough of an inbound record to store it: which item it is about and how to recognise a redelivery.
 * Anything that fails here is refused at the door (4xx); the values themselves are checked later, and a record
 * whose values cannot be mapped is quarantined, not refused.
 */
@Component("inboundIdentifier")
public class InboundIdentifier {

    private static final Pattern ISSUE_IN_COMMENT_LINK = Pattern.compile("/issue/(\\d+)/comment/");

    private final JiraIssueMapper jira;

    public InboundIdentifier(JiraIssueMapper jira) {
        this.jira = jira;
    }

    /** Longer item keys are not ids (a ServiceNow sys_id has 32 characters, a Jira issue id a few digits). */
    static final int MAX_ITEM_KEY = 300;
    /** Dedup keys longer than this are kept as a digest: PostgreSQL's unique index cannot hold long values. */
    static final int MAX_DEDUP_KEY = 400;

    public InboundIdentity identify(InboundSource source, Map<String, String> headers, String body) {
        InboundIdentity id = switch (source) {
            case JIRA -> jira(headers, body);
            case SERVICENOW -> serviceNow(body);
            case DEPLOYMENT -> deployment(headers, body);
        };
        if (id.itemKey().length() > MAX_ITEM_KEY) {
            throw new MalformedPayloadException(source.code() + ": the record's id is " + id.itemKey().length()
                    + " characters long; ids of up to " + MAX_ITEM_KEY + " characters are taken");
        }
        if (id.dedupKey().length() > MAX_DEDUP_KEY) {
            String key = id.dedupKey();
            return new InboundIdentity(key.substring(0, 100) + "#sha256:" + digest(key), id.itemKey(), id.eventType());
        }
        return id;
    }

    private InboundIdentity jira(Map<String, String> headers, String body) {
        JsonNode payload = JsonFields.parse("jira webhook", body);
        String event = JsonFields.requireText("jira webhook", payload, "webhookEvent");
        String issueId = JsonFields.text(payload, "issue.id");
        if (issueId == null) {
            String link = JsonFields.text(payload, "comment.self");
            Matcher m = link == null ? null : ISSUE_IN_COMMENT_LINK.matcher(link);
            if (m == null || !m.find()) {
                throw MalformedPayloadException.missingField("jira webhook", "issue.id");
            }
            issueId = m.group(1);
        }
        return new InboundIdentity(jira.webhookDedupKey(headers, payload), "jira:issue:" + issueId, event);
    }

    private InboundIdentity serviceNow(String body) {
        JsonNode payload = JsonFields.parse("servicenow record", body);
        if (payload.path("error").isObject()) {
            throw new MalformedPayloadException("servicenow record: payload is a ServiceNow error response: "
                    + JsonFields.text(payload, "error.message"));
        }
        JsonNode record = payload.has("result") ? payload.get("result") : payload;
        String table = firstNonNull(value(record, "sys_class_name"), value(payload, "table"), "incident");
        String sysId = value(record, "sys_id");
        if (sysId == null) {
            throw MalformedPayloadException.missingField("servicenow record", "sys_id");
        }
        String version = firstNonNull(value(record, "sys_mod_count"), value(record, "sys_updated_on"), digest(body));
        return new InboundIdentity("servicenow:" + table + ":" + sysId + ":" + version,
                "servicenow:" + table + ":" + sysId, "record");
    }

    private InboundIdentity deployment(Map<String, String> headers, String body) {
        JsonNode payload = JsonFields.parse("deployment event", body);
        String delivery = header(headers, "X-GitHub-Delivery");
        String githubEvent = header(headers, "X-GitHub-Event");
        String item;
        String event;
        if (ScmEventMapper.handles(headers, payload)) {
            event = ScmEventMapper.eventName(headers, payload);
            String key = ScmEventMapper.itemKey(headers, payload);
            item = key != null ? key : event + ":ignored";
        } else if (githubEvent != null) {
            event = "github:" + githubEvent;
            item = "github:deployment:" + JsonFields.requireText("github " + githubEvent, payload, "deployment.id");
        } else if (JsonFields.text(payload, "object_kind") != null) {
            event = "gitlab:" + JsonFields.text(payload, "object_kind");
            item = "gitlab:deployment:" + JsonFields.requireText("gitlab deployment", payload, "deployment_id");
        } else if (JsonFields.node(payload, "build") != null) {
            event = "jenkins:build";
            item = "jenkins:build:" + JsonFields.requireText("jenkins notification", payload, "name") + "#"
                    + JsonFields.requireText("jenkins notification", payload, "build.number");
        } else {
            event = "generic:deployment";
            String id = JsonFields.text(payload, "id");
            item = "generic:deployment:" + (id != null ? id
                    : JsonFields.requireText("generic deployment", payload, "service") + "@"
                    + JsonFields.requireText("generic deployment", payload, "environment"));
        }
        String dedup = delivery != null ? "deployment:delivery:" + delivery : "deployment:" + item + ":" + digest(body);
        return new InboundIdentity(dedup, item, event);
    }

    private static String value(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isObject()) {
            v = v.get("value");
            if (v == null || v.isNull()) {
                return null;
            }
        }
        String text = v.asText();
        return text.isBlank() ? null : text;
    }

    private static String header(Map<String, String> headers, String name) {
        if (headers == null) {
            return null;
        }
        return headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name) && e.getValue() != null && !e.getValue().isBlank())
                .map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }

    private static String firstNonNull(String... values) {
        for (String v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    static String digest(String body) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
