package io.scrumops.bridge.alignment;

import java.util.Locale;

/**
 * The fields kept aligned between the two sides of a pair (comments are carried separately, one by one). RESOLUTION
 * comes before STATUS so that a status write into a done state already knows the resolution agreed in the same change.
 */
public enum AlignedField {
    RESOLUTION, STATUS, SEVERITY, ASSIGNEE, ASSIGNMENT_GROUP, SUMMARY;

    /** An empty value on one side is no change for these: Jira clears a resolution on reopening, a team may be unset. */
    boolean emptyIsNoChange() {
        return this == RESOLUTION || this == ASSIGNMENT_GROUP;
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
