package io.scrumops.bridge.metrics;

import java.util.Locale;

/** How the DORA figures are computed: this project's reading of DORA, or Apache DevLake's dashboard exactly. */
public enum MetricsProfile {
    DEFAULT, DEVLAKE;

    public static MetricsProfile parse(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "default" -> DEFAULT;
            case "devlake" -> DEVLAKE;
            default -> throw new IllegalArgumentException("profile must be default or devlake, not '" + value + "'");
        };
    }
}
