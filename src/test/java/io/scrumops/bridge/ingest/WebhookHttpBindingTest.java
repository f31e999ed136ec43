package io.scrumops.bridge.ingest;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookHttpBindingTest {

    private final WebhookHttpBinding binding = new WebhookHttpBinding();
    private final Exchange exchange = new DefaultExchange(new DefaultCamelContext());

    @Test
    void requestBringsOnlyTheDeliveryHeadersAndTheRequestLineIntoTheMessage() {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/webhooks/jira");
        request.setServletPath("/webhooks");
        request.setPathInfo("/jira");
        request.addHeader("Host", "bridge.example.com");
        request.addHeader("Authorization", "Basic c2VjcmV0OnNlY3JldA==");
        request.addHeader("content-type", "application/json; charset=UTF-8");
        request.addHeader("User-Agent", "Atlassian HttpClient/1");
        request.addHeader("X-Atlassian-Webhook-Identifier", "delivery-1");
        request.addHeader("X-Unrelated", "noise");
        request.addHeader("CamelHttpResponseCode", "500");
        request.setQueryString("user_id=abc");
        request.addParameter("user_id", "abc");

        binding.readRequest(request, exchange.getIn());

        var headers = exchange.getIn().getHeaders();
        assertThat(headers).containsOnlyKeys("Content-Type", "User-Agent", "X-Atlassian-Webhook-Identifier",
                Exchange.HTTP_METHOD, Exchange.HTTP_QUERY, Exchange.HTTP_URI, Exchange.HTTP_PATH,
                Exchange.HTTP_CHARACTER_ENCODING);
        assertThat(headers.get("Content-Type")).isEqualTo("application/json; charset=UTF-8");
        assertThat(headers.get("X-Atlassian-Webhook-Identifier")).isEqualTo("delivery-1");
        assertThat(headers.get(Exchange.HTTP_PATH)).isEqualTo("/jira");
        assertThat(headers.get(Exchange.HTTP_QUERY)).isEqualTo("user_id=abc");
        assertThat(exchange.getProperty(Exchange.CHARSET_NAME)).isEqualTo("UTF-8");
    }

    @Test
    void repeatedDeliveryHeaderKeepsEveryValueAsCamelDoes() {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/webhooks/scm");
        request.setServletPath("/webhooks");
        request.addHeader("X-GitHub-Event", "push");
        request.addHeader("X-GitHub-Event", "ping");

        binding.readRequest(request, exchange.getIn());

        assertThat(exchange.getIn().getHeader("X-GitHub-Event")).isEqualTo(java.util.List.of("push", "ping"));
    }

    @Test
    void textAnswerIsWrittenWithItsStatusContentTypeLengthAndOwnHeadersOnly() throws Exception {
        exchange.setProperty(Exchange.CHARSET_NAME, "UTF-8");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 503);
        exchange.getMessage().setHeader("Retry-After", "5");
        exchange.getMessage().setHeader("X-Marks", java.util.List.of("a", 7));
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody("{\"status\":\"unavailable\",\"reason\":\"später\"}");
        MockHttpServletResponse response = new MockHttpServletResponse();

        binding.writeResponse(exchange, response);

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getContentType()).isEqualTo("application/json");
        assertThat(response.getHeaderNames()).containsExactlyInAnyOrder("Retry-After", "X-Marks", "Content-Type",
                "Content-Length");
        assertThat(response.getHeader("Retry-After")).isEqualTo("5");
        assertThat(response.getHeaders("X-Marks")).containsExactly("a", "7");
        assertThat(response.getContentAsString(StandardCharsets.UTF_8))
                .isEqualTo("{\"status\":\"unavailable\",\"reason\":\"später\"}");
        assertThat(response.getContentLength()).isEqualTo(43);
    }
}
