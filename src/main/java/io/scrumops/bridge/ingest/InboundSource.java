package io.scrumops.bridge.ingest;

import java.util.Locale;

public enum InboundSource {
    JIRA, SERVICENOW, DEPLOYMENT;

    /** Asked for several times per record on both sides of the topic: computed once, not lower-cased per call. */
    private final String code = name().toLowerCase(Locale.ROOT);

    public String code() {
        return code;
    }

    public static InboundSource of(String code) {
        String wanted = code == null ? "" : code.trim();
        for (InboundSource source : values()) {
            if (source.code.equalsIgnoreCase(wanted)) {
                return source;
            }
        }
        throw new IllegalArgumentException("unknown source '" + code + "' (known: jira, servicenow, deployment)");
    }
}
