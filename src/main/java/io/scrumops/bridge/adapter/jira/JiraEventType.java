package io.scrumops.bridge.adapter.jira;

import java.util.Arrays;
import java.util.Optional;

/** The Jira events the bridge takes, by webhookEvent name; SNAPSHOT is an issue read through the REST API. */
public enum JiraEventType {
    ISSUE_CREATED("jira:issue_created"),
    ISSUE_UPDATED("jira:issue_updated"),
    ISSUE_DELETED("jira:issue_deleted"),
    COMMENT_CREATED("comment_created"),
    COMMENT_UPDATED("comment_updated"),
    COMMENT_DELETED("comment_deleted"),
    SNAPSHOT(null);

    private final String webhookEvent;

    JiraEventType(String webhookEvent) {
        this.webhookEvent = webhookEvent;
    }

    public String webhookEvent() {
        return webhookEvent;
    }

    public static Optional<JiraEventType> fromWebhookEvent(String name) {
        return Arrays.stream(values()).filter(type -> type.webhookEvent != null && type.webhookEvent.equals(name)).findFirst();
    }

    public boolean isCommentEvent() {
        return this == COMMENT_CREATED || this == COMMENT_UPDATED || this == COMMENT_DELETED;
    }
}
