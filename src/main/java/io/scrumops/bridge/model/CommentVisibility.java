package io.scrumops.bridge.model;

/** INTERNAL maps to ServiceNow work notes and restricted Jira comments; PUBLIC to additional comments. */
public enum CommentVisibility {
    INTERNAL, PUBLIC
}
