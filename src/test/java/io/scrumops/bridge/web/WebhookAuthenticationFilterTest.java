package io.scrumops.bridge.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookAuthenticationFilterTest {

    @Test
    void takesJsonWithOrWithoutParametersAndNothingElse() {
        assertThat(WebhookAuthenticationFilter.isJson("application/json")).isTrue();
        assertThat(WebhookAuthenticationFilter.isJson("Application/JSON; charset=UTF-8")).isTrue();
        assertThat(WebhookAuthenticationFilter.isJson("application/vnd.github+json")).isTrue();
        assertThat(WebhookAuthenticationFilter.isJson(null)).isFalse();
        assertThat(WebhookAuthenticationFilter.isJson("")).isFalse();
        assertThat(WebhookAuthenticationFilter.isJson("text/plain")).isFalse();
        assertThat(WebhookAuthenticationFilter.isJson("text/json+xml")).isFalse();
        assertThat(WebhookAuthenticationFilter.isJson("application/x-www-form-urlencoded")).isFalse();
    }
}
