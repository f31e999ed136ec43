package io.scrumops.bridge.adapter.jira;

import io.scrumops.bridge.adapter.RemoteAddress;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How the bridge reaches Jira. Credentials come from the environment only (SCRUMOPS_JIRA_USERNAME,
 * SCRUMOPS_JIRA_API_TOKEN) and are never logged.
 *
 * @param baseUrl   e.g. https://example.atlassian.net or https://jira.example.com (blank: Jira is not connected)
 * @param deployment CLOUD or DATA_CENTER: which search API and user identity to use
 * @param botAccount the bridge's own Jira account (accountId on Cloud, username on Data Center), for echo suppression
 */
@Validated
@ConfigurationProperties("scrumops.jira")
public record JiraProperties(
        @Pattern(regexp = RemoteAddress.HTTP_URL_OR_BLANK,
                message = "must be an http or https address such as https://example.atlassian.net (no user name, query or fragment)")
        String baseUrl,
        @Pattern(regexp = "(?i)\\s*|CLOUD|DATA_CENTER", message = "must be CLOUD or DATA_CENTER") String deployment,
        String username, String apiToken, String botAccount) {

    public boolean isConfigured() {
        return baseUrl != null && !baseUrl.isBlank();
    }

    public boolean isCloud() {
        return deployment == null || deployment.isBlank() || deployment.equalsIgnoreCase("CLOUD");
    }

    @Override
    public String toString() {
        return "JiraProperties[baseUrl=" + baseUrl + ", deployment=" + deployment + ", username=" + username
                + ", apiToken=" + (apiToken == null || apiToken.isBlank() ? "" : "***") + "]";
    }
}
