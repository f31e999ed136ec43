package io.scrumops.bridge.adapter.servicenow;

import io.scrumops.bridge.adapter.RemoteBaseUrl;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the bridge reaches ServiceNow. Credentials come from the environment only (SCRUMOPS_SERVICENOW_USERNAME,
 * SCRUMOPS_SERVICENOW_PASSWORD) and are never logged.
 *
 * @param instanceUrl e.g. https://example.service-now.com (blank: ServiceNow is not connected)
 * @param apiUrl      the Table API root the reader and the writer call; defaults to {@code <instanceUrl>/api}
 * @param botUser     the bridge's own ServiceNow user (sys_updated_by), for echo suppression
 */
@ConfigurationProperties("scrumops.servicenow")
public record ServiceNowProperties(String instanceUrl, String apiUrl, String username, String password,
                                   String botUser) {

    public ServiceNowProperties {
        RemoteBaseUrl.check("scrumops.servicenow.instance-url", instanceUrl, "https://example.service-now.com");
        RemoteBaseUrl.check("scrumops.servicenow.api-url", apiUrl, "https://example.service-now.com/api");
    }

    public boolean isConfigured() {
        return instanceUrl != null && !instanceUrl.isBlank();
    }

    public String tableApiUrl() {
        return apiUrl != null && !apiUrl.isBlank() ? apiUrl : instanceUrl + "/api";
    }

    @Override
    public String toString() {
        return "ServiceNowProperties[instanceUrl=" + instanceUrl + ", username=" + username + ", password="
                + (password == null || password.isBlank() ? "" : "***") + "]";
    }
}
