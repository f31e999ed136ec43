package io.scrumops.bridge.model;

import java.util.Locale;

public enum SourceSystem {
    JIRA, SERVICENOW, GITHUB, GITLAB, JENKINS, GENERIC, SCRUMOPS, IMPORT;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
