package io.scrumops.bridge.alignment;

import java.util.Locale;

/** The fields kept aligned between the two sides of a pair (comments are carried separately, one by one). */
public enum AlignedField {
    STATUS, SEVERITY, ASSIGNEE, SUMMARY;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
