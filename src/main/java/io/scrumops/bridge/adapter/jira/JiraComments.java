package io.scrumops.bridge.adapter.jira;

import com.fasterxml.jackson.databind.JsonNode;
import io.scrumops.bridge.adapter.JsonFields;
import io.scrumops.bridge.adapter.MalformedPayloadException;
import io.scrumops.bridge.mapping.JiraMapping;
import io.scrumops.bridge.model.Comment;
import io.scrumops.bridge.model.SourceRef;
import io.scrumops.bridge.model.SourceSystem;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Jira comments (wiki-markup strings or ADF bodies) -> {@link Comment}, with the visibility rule of the mapping file. */
final class JiraComments {

    private static final Pattern COMMENT_LINK = Pattern.compile("/issue/(\\d+)/comment/(\\d+)");

    private JiraComments() {
    }

    /** A comment list: {@code {comments: [...]}} (REST) or a bare array. */
    static List<Comment> fromList(String context, JiraMapping mapping, JsonNode container, String issueId, String path) {
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
            comments.add(fromComment(context, mapping, list.get(i), issueId, listPath + "[" + i + "]"));
        }
        return comments;
    }

    static Comment fromComment(String context, JiraMapping mapping, JsonNode comment, String issueId, String path) {
        String id = JsonFields.requireText(context, comment, "id", path + ".id");
        Instant created = JiraDates.at(context, comment, "created", path + ".created");
        Instant updated = JiraDates.at(context, comment, "updated", path + ".updated");
        Instant version = updated != null ? updated : created;
        SourceRef source = new SourceRef(SourceSystem.JIRA, "comment", id, null, JsonFields.text(comment, "self"),
                version == null ? 0 : version.toEpochMilli(), version);
        boolean restricted = JsonFields.node(comment, "visibility") != null;
        return new Comment(JiraIssueMapper.commentId(id), JiraIssueMapper.workItemId(issueId), source,
                JiraFieldValues.user(JsonFields.node(comment, "author")),
                AdfText.toPlainText(JsonFields.node(comment, "body")), mapping.comments().visibility(restricted), created);
    }

    /** Server/DC comment events carry no issue; its id is in the comment's own link. */
    static String issueIdFromLink(String context, JsonNode comment) {
        String self = JsonFields.text(comment, "self");
        if (self == null) {
            throw MalformedPayloadException.missingField(context, "issue.id");
        }
        Matcher matcher = COMMENT_LINK.matcher(self);
        if (!matcher.find()) {
            throw MalformedPayloadException.invalidField(context, "comment.self", self,
                    "no issue id in the comment link (expected .../issue/<id>/comment/<id>) and no 'issue.id'");
        }
        return matcher.group(1);
    }
}
