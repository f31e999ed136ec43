package io.scrumops.bridge.model.event;

/** What happened to the comments a record carries: added (or merely listed), edited, or deleted in the source. */
public enum CommentEvent {
    ADDED, EDITED, DELETED
}
