package io.scrumops.bridge.web;

import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;

import java.nio.charset.StandardCharsets;
import java.util.Collections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CachedBodyRequestTest {

    private final MockHttpServletRequest container = new MockHttpServletRequest("POST", "/webhooks/jira");

    private CachedBodyRequest cached() {
        HttpServletRequest firewalled = new StrictHttpFirewall().getFirewalledRequest(container);
        return new CachedBodyRequest(firewalled, "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void listsTheContainersHeaderNamesInTheirOwnSpellingAndReadsTheBodyAgain() throws Exception {
        container.addHeader("X-Atlassian-Webhook-Identifier", "delivery-1");
        container.addHeader("x-github-event", "push");

        CachedBodyRequest request = cached();

        assertThat(Collections.list(request.getHeaderNames()))
                .containsExactly("X-Atlassian-Webhook-Identifier", "x-github-event");
        assertThat(request.getHeader("x-atlassian-webhook-identifier")).isEqualTo("delivery-1");
        assertThat(new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
    }

    @Test
    void aHeaderValueTheFirewallRefusesIsStillRefusedWhenRead() {
        container.addHeader("User-Agent", "agent\u0007");

        CachedBodyRequest request = cached();

        assertThat(Collections.list(request.getHeaderNames())).containsExactly("User-Agent");
        assertThatThrownBy(() -> request.getHeader("User-Agent")).isInstanceOf(RequestRejectedException.class);
        assertThatThrownBy(() -> request.getHeaders("User-Agent").nextElement())
                .isInstanceOf(RequestRejectedException.class);
    }
}
