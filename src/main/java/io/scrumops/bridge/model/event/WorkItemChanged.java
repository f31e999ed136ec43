package io.scrumops.bridge.model.event;

import io.scrumops.bridge.model.Comment;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.model.WorkItem;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A record from a source system was applied to the store.
 *
 * @param item           the item as the source now shows it; null when the event carried no item (comment events)
 * @param partial        the item's fields are not news: a trimmed item (Jira comment events), a redelivery or a
 *                       record older than the stored one; only its comments count
 * @param actor          who made the change in the source (Jira account, ServiceNow user name), when known
 * @param routedStoryKey the recurring story a routing rule gives the item, or null when no rule matched
 * @param comments       the comments and journal entries the record carried
 * @param sourceFields   source values the canonical item does not hold, by their source field name (Jira
 *                       {@code issuetype}, {@code project}, {@code resolution}; ServiceNow {@code correlation_id},
 *                       {@code close_code}, {@code close_notes}); absent when the record did not carry them
 * @param commentEvent   what happened to {@code comments}
 */
public record WorkItemChanged(String workItemId, SourceSystem system, String nativeId, WorkItem item, boolean partial,
                              String actor, String routedStoryKey, List<Comment> comments,
                              Map<String, String> sourceFields, CommentEvent commentEvent) {

    public WorkItemChanged {
        Objects.requireNonNull(workItemId, "workItemId");
        Objects.requireNonNull(system, "system");
        comments = comments == null ? List.of() : List.copyOf(comments);
        Map<String, String> present = new HashMap<>();
        if (sourceFields != null) {
            sourceFields.forEach((name, value) -> {
                if (value != null) {
                    present.put(name, value);
                }
            });
        }
        sourceFields = Map.copyOf(present);
        commentEvent = commentEvent == null ? CommentEvent.ADDED : commentEvent;
    }

    public WorkItemChanged(String workItemId, SourceSystem system, String nativeId, WorkItem item, boolean partial,
                           String actor, String routedStoryKey, List<Comment> comments) {
        this(workItemId, system, nativeId, item, partial, actor, routedStoryKey, comments, Map.of(), CommentEvent.ADDED);
    }

    public String sourceField(String name) {
        return sourceFields.get(name);
    }
}
