package io.scrumops.bridge.config;

import io.scrumops.bridge.adapter.jira.JiraProperties;
import io.scrumops.bridge.adapter.jira.JiraReconcileProperties;
import io.scrumops.bridge.adapter.servicenow.ServiceNowPollProperties;
import io.scrumops.bridge.adapter.servicenow.ServiceNowProperties;
import io.scrumops.bridge.store.RetentionProperties;
import io.scrumops.bridge.writeback.WritebackProperties;
import jakarta.validation.Validation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.IgnoreTopLevelConverterNotFoundBindHandler;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.validation.FieldError;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Settings bound and checked as Spring Boot does at start: a mistyped address or a limit below its floor is refused
 * naming the property, instead of a bridge that runs and fails every call or poll afterwards.
 */
class SettingsCheckedAtStartTest {

    private static final jakarta.validation.ValidatorFactory FACTORY = Validation.buildDefaultValidatorFactory();

    @AfterAll
    static void close() {
        FACTORY.close();
    }

    private static <T> T bind(Class<T> type, String prefix, Map<String, String> properties) {
        Binder binder = new Binder(new MapConfigurationPropertySource(properties));
        var handler = new ValidationBindHandler(new IgnoreTopLevelConverterNotFoundBindHandler(),
                new SpringValidatorAdapter(FACTORY.getValidator()));
        return binder.bindOrCreate(prefix, Bindable.of(type), handler);
    }

    /** "property: message" of each refused property, sorted. */
    private static List<String> refusals(Class<?> type, String prefix, Map<String, String> properties) {
        BindException failure = catchThrowableOfType(BindException.class, () -> bind(type, prefix, properties));
        assertThat(failure).as("binding %s was refused", properties).isNotNull();
        BindValidationException validation = (BindValidationException) failure.getCause();
        return validation.getValidationErrors().getAllErrors().stream()
                .map(error -> property(((FieldError) error).getField()) + ": " + error.getDefaultMessage())
                .sorted().toList();
    }

    /** The field's name as the property is written ({@code baseUrl} is {@code base-url}). */
    private static String property(String field) {
        return field.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not a url", "ftp://jira.example.com", "jira.example.com", "https://",
            "https://jira.example.com/?x=1", "https://bridge:token@jira.example.com"})
    void jiraBaseUrlThatIsNoPlainHttpAddressIsRefused(String baseUrl) {
        assertThat(refusals(JiraProperties.class, "scrumops.jira", Map.of("scrumops.jira.base-url", baseUrl)))
                .containsExactly("base-url: must be an http or https address such as https://example.atlassian.net"
                        + " (no user name, query or fragment)");
    }

    @Test
    void jiraTakesHttpAndHttpsAddressesAndIsLeftUnconnectedWhenBlank() {
        assertThat(bind(JiraProperties.class, "scrumops.jira", Map.of("scrumops.jira.base-url",
                "https://jira.example.com/jira", "scrumops.jira.deployment", "data_center")).baseUrl())
                .isEqualTo("https://jira.example.com/jira");
        assertThat(bind(JiraProperties.class, "scrumops.jira", Map.of("scrumops.jira.base-url", "http://localhost:8089"))
                .isConfigured()).isTrue();
        assertThat(bind(JiraProperties.class, "scrumops.jira", Map.of("scrumops.jira.base-url", "")).isConfigured())
                .isFalse();
    }

    @Test
    void jiraDeploymentOtherThanCloudOrDataCenterIsRefused() {
        assertThat(refusals(JiraProperties.class, "scrumops.jira", Map.of("scrumops.jira.deployment", "SERVER")))
                .containsExactly("deployment: must be CLOUD or DATA_CENTER");
    }

    @Test
    void serviceNowAddressesAreCheckedEachUnderItsOwnName() {
        assertThat(refusals(ServiceNowProperties.class, "scrumops.servicenow", Map.of(
                "scrumops.servicenow.instance-url", "example.service-now.com",
                "scrumops.servicenow.api-url", "/api")))
                .containsExactly(
                        "api-url: must be an http or https address such as https://example.service-now.com/api"
                                + " (no user name, query or fragment)",
                        "instance-url: must be an http or https address such as https://example.service-now.com"
                                + " (no user name, query or fragment)");
    }

    @Test
    void writeBackLimitsBelowTheirFloorAreRefusedTogether() {
        assertThat(refusals(WritebackProperties.class, "scrumops.writeback", Map.of(
                "scrumops.writeback.batch-size", "0", "scrumops.writeback.max-attempts", "-1",
                "scrumops.writeback.backoff-base", "PT0S", "scrumops.writeback.jira-rate-per-second", "0",
                "scrumops.writeback.max-rate-wait", "-PT1S")))
                .containsExactly("backoff-base: must be longer than or equal to 1 milli",
                        "batch-size: must be greater than or equal to 1",
                        "jira-rate-per-second: must be greater than 0",
                        "max-attempts: must be greater than or equal to 1",
                        "max-rate-wait: must be longer than or equal to 0");
    }

    @Test
    void theShippedDefaultsPassEveryCheck() {
        assertThat(bind(WritebackProperties.class, "scrumops.writeback", Map.of()).batchSize()).isEqualTo(50);
        assertThat(bind(ServiceNowPollProperties.class, "scrumops.servicenow.poll", Map.of()).tables())
                .containsExactly("incident", "change_request", "problem");
        assertThat(bind(JiraReconcileProperties.class, "scrumops.jira.reconcile", Map.of()).pageSize()).isEqualTo(50);
    }

    @Test
    void aPolledTableThatIsNoServiceNowNameIsRefused() {
        Map<String, String> properties = new TreeMap<>(Map.of(
                "scrumops.servicenow.poll.tables", "incident,incident/../sys_user",
                "scrumops.servicenow.poll.page-size", "0"));

        assertThat(refusals(ServiceNowPollProperties.class, "scrumops.servicenow.poll", properties))
                .containsExactly("page-size: must be greater than or equal to 1",
                        "tables[1]: must be a ServiceNow table name such as incident");
    }

    @Test
    void inboxRetentionShorterThanADayIsRefusedSayingWhy() {
        assertThat(refusals(RetentionProperties.class, "scrumops.retention", Map.of("scrumops.retention.inbox", "PT1H")))
                .containsExactly("inbox: must be at least a day (P1D): processed records hold the keys that recognise"
                        + " a webhook delivered again");
        assertThat(refusals(JiraReconcileProperties.class, "scrumops.jira.reconcile",
                Map.of("scrumops.jira.reconcile.page-size", "5000")))
                .containsExactly("page-size: must be less than or equal to 1000");
    }
}
