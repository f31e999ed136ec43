package io.scrumops.bridge.adapter.jira;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Set;

/**
 * Plain text of an Atlassian Document Format body (REST v3 descriptions and comments); a v2 wiki-markup string is
 * returned unchanged. Block nodes end with a line break, inline nodes with text keep their text.
 */
public final class AdfText {

    private static final Set<String> BLOCKS = Set.of("paragraph", "heading", "blockquote", "codeBlock", "rule", "panel",
            "tableRow", "mediaSingle", "mediaGroup", "expand", "nestedExpand", "taskItem", "decisionItem");

    private AdfText() {
    }

    public static String toPlainText(JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            return null;
        }
        if (body.isTextual()) {
            return body.asText();
        }
        if (!body.isObject()) {
            return body.asText();
        }
        StringBuilder text = new StringBuilder();
        append(body, text, "");
        return text.toString().strip();
    }

    private static void append(JsonNode node, StringBuilder out, String listPrefix) {
        String type = node.path("type").asText("");
        JsonNode attrs = node.path("attrs");
        switch (type) {
            case "text" -> out.append(node.path("text").asText(""));
            case "hardBreak" -> out.append('\n');
            case "mention", "status" -> out.append(attrs.path("text").asText(""));
            case "emoji" -> out.append(attrs.path("text").asText(attrs.path("shortName").asText("")));
            case "inlineCard", "blockCard", "embedCard" -> out.append(attrs.path("url").asText(""));
            case "date" -> out.append(attrs.path("timestamp").asText(""));
            case "bulletList" -> children(node, out, "- ");
            case "orderedList" -> children(node, out, "1. ");
            case "listItem" -> {
                out.append(listPrefix);
                children(node, out, listPrefix);
            }
            case "tableCell", "tableHeader" -> {
                children(node, out, listPrefix);
                trimTrailingBreak(out);
                out.append('\t');
            }
            default -> {
                children(node, out, listPrefix);
                if (BLOCKS.contains(type)) {
                    if (type.equals("tableRow")) {
                        trimTrailingTab(out);
                    }
                    if (out.length() == 0 || out.charAt(out.length() - 1) != '\n') {
                        out.append('\n');
                    }
                }
            }
        }
    }

    private static void children(JsonNode node, StringBuilder out, String listPrefix) {
        JsonNode content = node.path("content");
        if (content.isArray()) {
            content.forEach(child -> append(child, out, listPrefix));
        }
    }

    private static void trimTrailingBreak(StringBuilder out) {
        while (out.length() > 0 && out.charAt(out.length() - 1) == '\n') {
            out.setLength(out.length() - 1);
        }
    }

    private static void trimTrailingTab(StringBuilder out) {
        if (out.length() > 0 && out.charAt(out.length() - 1) == '\t') {
            out.setLength(out.length() - 1);
        }
    }
}
