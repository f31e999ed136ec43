package io.scrumops.bridge.adapter;

/** The shape a configured Jira or ServiceNow address must have, for the settings' checks. */
public final class RemoteAddress {

    /** Blank (the system is not connected) or an absolute http or https URL with a host, no user name, query or fragment. */
    public static final String HTTP_URL_OR_BLANK = "\\s*|(https?|HTTPS?)://[^\\s/?#@]+(/[^\\s?#]*)?";

    private RemoteAddress() {
    }
}
