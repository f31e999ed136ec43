package io.scrumops.bridge.adapter.jira;

import io.scrumops.bridge.adapter.RemoteBaseUrl;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the bridge reaches Jira. Credentials come from the environment only (SCRUMOPS_JIRA_USERNAME,
 * SCRUMOPS_JIRA_API_TOKEN) and are never logged.
 *
 * @param baseUrl   e.g. https://example.atlassian.net or https://jira.example.com (blank: Jira is not connected)
 * @param deployment CLOUD or DATA_CENTER: which search API and user identity to use
 * @param botAccount the bridge's own Jira account (accountId on Cloud, username on Data Center), for echo suppression
 */
@ConfigurationProperties("scrumops.jira")
public record JiraProperties(String baseUrl, String deployment, String username, String apiToken, String botAccount) {

    public JiraProperties {
        RemoteBaseUrl.check("scrumops.jira.base-url", baseUrl, "https://example.atlassian.net");
        if (deployment != null && !deployment.isBlank() && !deployment.equalsIgnoreCase("CLOUD")
                && !deployment.equalsIgnoreCase("DATA_CENTER")) {
            throw new IllegalArgumentException("scrumops.jira.deployment must be CLOUD or DATA_CENTER, not '"
                    + deployment + "'");
        }
    }

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
