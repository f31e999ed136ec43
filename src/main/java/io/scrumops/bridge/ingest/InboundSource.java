package io.scrumops.bridge.ingest;

import java.util.Arrays;
import java.util.Locale;

public enum InboundSource {
    JIRA, SERVICENOW, DEPLOYMENT;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static InboundSource of(String code) {
        return Arrays.stream(values())
                .filter(s -> s.code().equalsIgnoreCase(code == null ? "" : code.trim()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown source '" + code
                        + "' (known: jira, servicenow, deployment)"));
    }
}
