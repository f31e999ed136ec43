package io.scrumops.bridge.adapter;

import io.scrumops.bridge.adapter.jira.JiraProperties;
import io.scrumops.bridge.adapter.servicenow.ServiceNowProperties;
import io.scrumops.bridge.writeback.WritebackProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A mistyped address or limit stops the start naming the property, instead of failing every call afterwards. */
class RemoteAddressSettingsTest {

    @ParameterizedTest
    @ValueSource(strings = {"not a url", "ftp://jira.example.com", "jira.example.com", "https://", "https://jira.example.com/?x=1"})
    void jiraBaseUrlThatIsNoHttpAddressIsRefusedNamingTheProperty(String baseUrl) {
        assertThatThrownBy(() -> new JiraProperties(baseUrl, "CLOUD", null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("scrumops.jira.base-url must be an http or https address such as https://example.atlassian.net"
                        + " (no query, no fragment), not '" + baseUrl + "'");
    }

    @Test
    void jiraIsLeftUnconnectedByABlankBaseUrlAndTakesHttpAndHttpsAddresses() {
        assertThat(new JiraProperties("", null, null, null, null).isConfigured()).isFalse();
        assertThat(new JiraProperties(null, null, null, null, null).isConfigured()).isFalse();
        assertThatCode(() -> new JiraProperties("http://localhost:8089", "DATA_CENTER", null, null, null))
                .doesNotThrowAnyException();
        assertThatCode(() -> new JiraProperties("https://jira.example.com/jira", "cloud", null, null, null))
                .doesNotThrowAnyException();
    }

    @Test
    void jiraDeploymentOtherThanCloudOrDataCenterIsRefused() {
        assertThatThrownBy(() -> new JiraProperties("https://jira.example.com", "SERVER", null, null, null))
                .hasMessage("scrumops.jira.deployment must be CLOUD or DATA_CENTER, not 'SERVER'");
    }

    @Test
    void serviceNowAddressesAreCheckedEachUnderItsOwnName() {
        assertThatThrownBy(() -> new ServiceNowProperties("example.service-now.com", null, null, null, null))
                .hasMessageStartingWith("scrumops.servicenow.instance-url must be an http or https address");
        assertThatThrownBy(() -> new ServiceNowProperties("https://example.service-now.com", "/api", null, null, null))
                .hasMessageStartingWith("scrumops.servicenow.api-url must be an http or https address");
        assertThatCode(() -> new ServiceNowProperties("https://example.service-now.com", null, null, null, null))
                .doesNotThrowAnyException();
    }

    @Test
    void writeBackLimitsBelowTheirFloorAreRefusedNamingTheProperty() {
        assertThatThrownBy(() -> writeback(-1, 8, Duration.ofSeconds(2), 10))
                .hasMessage("scrumops.writeback.batch-size must be at least 1, not -1");
        assertThatThrownBy(() -> writeback(50, 0, Duration.ofSeconds(2), 10))
                .hasMessage("scrumops.writeback.max-attempts must be at least 1, not 0");
        assertThatThrownBy(() -> writeback(50, 8, Duration.ZERO, 10))
                .hasMessage("scrumops.writeback.backoff-base must be above zero, not PT0S");
        assertThatThrownBy(() -> writeback(50, 8, Duration.ofSeconds(2), 0))
                .hasMessageStartingWith("scrumops.writeback.jira-rate-per-second and service-now-rate-per-second must be above 0");
        assertThatCode(() -> writeback(1, 1, Duration.ofMillis(1), 0.5)).doesNotThrowAnyException();
    }

    private static WritebackProperties writeback(int batchSize, int maxAttempts, Duration backoffBase, double rate) {
        return new WritebackProperties(batchSize, maxAttempts, backoffBase, Duration.ofMinutes(5), Duration.ofMinutes(5),
                rate, 10, Duration.ofSeconds(10), Duration.ofSeconds(30));
    }
}
