package io.scrumops.bridge.model;

import java.time.Instant;
import java.util.Objects;

public record Comment(String id, String workItemId, SourceRef source, String author, String body,
                      CommentVisibility visibility, Instant createdAt) {

    public Comment {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(workItemId, "workItemId");
        visibility = visibility == null ? CommentVisibility.INTERNAL : visibility;
    }
}
