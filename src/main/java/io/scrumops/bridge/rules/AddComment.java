package io.scrumops.bridge.rules;

import io.scrumops.bridge.model.CommentVisibility;

import java.util.Objects;

/**
 * Add a comment to an item. On a ServiceNow record INTERNAL is a work note and PUBLIC an additional comment.
 *
 * @param topic what the comment is about, e.g. {@code escalated:L2}; one comment per target and topic
 */
public record AddComment(String targetItemId, String topic, String text, CommentVisibility visibility)
        implements RuleCommand {

    public AddComment {
        Objects.requireNonNull(targetItemId, "targetItemId");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(text, "text");
        visibility = visibility == null ? CommentVisibility.INTERNAL : visibility;
    }

    @Override
    public String idempotencyKey() {
        return "comment:" + targetItemId + ":" + topic;
    }
}
