package io.scrumops.bridge.adapter.servicenow;

import io.scrumops.bridge.adapter.RemoteAddress;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How the bridge reaches ServiceNow. Credentials come from the environment only (SCRUMOPS_SERVICENOW_USERNAME,
 * SCRUMOPS_SERVICENOW_PASSWORD) and are never logged.
 *
 * @param instanceUrl e.g. https://example.service-now.com (blank: ServiceNow is not connected)
 * @param apiUrl      the Table API root the reader and the writer call; defaults to {@code <instanceUrl>/api}
 * @param botUser     the bridge's own ServiceNow user (sys_updated_by), for echo suppression
 */
@Validated
@ConfigurationProperties("scrumops.servicenow")
public record ServiceNowProperties(
        @Pattern(regexp = RemoteAddress.HTTP_URL_OR_BLANK,
                message = "must be an http or https address such as https://example.service-now.com (no user name, query or fragment)")
        String instanceUrl,
        @Pattern(regexp = RemoteAddress.HTTP_URL_OR_BLANK,
                message = "must be an http or https address such as https://example.service-now.com/api (no user name, query or fragment)")
        String apiUrl,
        String username, String password, String botUser) {

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
