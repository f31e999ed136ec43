package io.scrumops.bridge.model;

import java.util.List;

/**
 * What one GitHub or GitLab repository event says about changes.
 *
 * @param push    the push it reports, or null for pull / merge request and review events
 * @param ignored why an event of the repository's hook carries nothing the metrics use (null when it does)
 */
public record ScmEvent(String event, List<ScmChange> changes, ScmPush push, String ignored) {

    public ScmEvent {
        changes = changes == null ? List.of() : List.copyOf(changes);
    }

    public static ScmEvent ignored(String event, String why) {
        return new ScmEvent(event, List.of(), null, why);
    }
}
