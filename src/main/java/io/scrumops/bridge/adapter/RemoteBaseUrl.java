package io.scrumops.bridge.adapter;

import java.net.URI;
import java.net.URISyntaxException;

/** The check of a configured Jira or ServiceNow address, so that a mistyped one stops the start with its name. */
public final class RemoteBaseUrl {

    private RemoteBaseUrl() {
    }

    /**
     * @param property the property's name, for the message ({@code scrumops.jira.base-url})
     * @param value    blank (the system is not connected) or an absolute http or https URL with a host
     * @throws IllegalArgumentException naming the property and the value otherwise
     */
    public static void check(String property, String value, String example) {
        if (value == null || value.isBlank()) {
            return;
        }
        try {
            URI uri = new URI(value.trim());
            String scheme = uri.getScheme();
            if (("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) && uri.getHost() != null
                    && uri.getRawQuery() == null && uri.getRawFragment() == null) {
                return;
            }
        } catch (URISyntaxException e) {
            // refused below, with the same message
        }
        throw new IllegalArgumentException(property + " must be an http or https address such as " + example
                + " (no query, no fragment), not '" + value + "'");
    }
}
