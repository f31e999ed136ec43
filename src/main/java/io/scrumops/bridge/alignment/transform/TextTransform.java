package io.scrumops.bridge.alignment.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Rich text: a Jira description or text area (ADF in REST v3, wiki markup in v2 and webhooks; read in either, written
 * in {@code jiraFormat}) and a ServiceNow plain-text or HTML field, through {@link RichText}.
 */
public record TextTransform(TextFormat jiraFormat, TextFormat serviceNowFormat) implements FieldTransform {

    public TextTransform {
        if (jiraFormat != TextFormat.ADF && jiraFormat != TextFormat.WIKI && jiraFormat != TextFormat.PLAIN) {
            throw new IllegalArgumentException("a Jira text field is adf, wiki or plain, not " + jiraFormat);
        }
        if (serviceNowFormat != TextFormat.PLAIN && serviceNowFormat != TextFormat.HTML) {
            throw new IllegalArgumentException("a ServiceNow text field is plain or html, not " + serviceNowFormat);
        }
    }

    @Override
    public String fromJira(JsonNode value) {
        if (jiraFormat == TextFormat.PLAIN && value != null && value.isTextual()) {
            return TextFormat.PLAIN.toCanonical(value.asText());
        }
        return TextFormat.canonicalOfJira(value);
    }

    @Override
    public JsonNode toJira(String canonical) {
        if (canonical == null) {
            return NullNode.getInstance();
        }
        return jiraFormat == TextFormat.ADF ? TextFormat.adfOf(canonical) : TextNode.valueOf(jiraFormat.fromCanonical(canonical));
    }

    @Override
    public String fromServiceNow(String stored) {
        return serviceNowFormat.toCanonical(stored);
    }

    @Override
    public String toServiceNow(String canonical) {
        return canonical == null ? "" : serviceNowFormat.fromCanonical(canonical);
    }
}
