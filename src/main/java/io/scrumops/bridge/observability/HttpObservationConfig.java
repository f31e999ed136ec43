package io.scrumops.bridge.observability;

import io.micrometer.observation.ObservationRegistry;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationConvention;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * The HTTP server observation ({@code http.server.requests}) of the API, the console and the actuator, without the
 * webhooks. Observing a webhook (its context, key values, a timer with percentiles and a long-task timer) cost a tenth
 * of its request-thread CPU; webhooks are counted instead by source ({@code scrumops.webhook.received}, see
 * {@link WebhookArrivals}), and their time from receipt to stored model is in the inbox. Replaces Spring Boot's own
 * registration of the filter (which stands back when one exists), with the same order and dispatcher types.
 */
@Configuration(proxyBeanMethods = false)
public class HttpObservationConfig {

    @Bean
    FilterRegistrationBean<ServerHttpObservationFilter> webMvcObservationFilter(
            ObservationRegistry registry, ObjectProvider<ServerRequestObservationConvention> customConvention,
            @Value("${management.observations.http.server.requests.name:http.server.requests}") String name,
            @Value("${camel.servlet.mapping.context-path:/webhooks/*}") String webhooks) {
        ServerRequestObservationConvention convention =
                customConvention.getIfAvailable(() -> new DefaultServerRequestObservationConvention(name));
        FilterRegistrationBean<ServerHttpObservationFilter> registration = new FilterRegistrationBean<>(
                new WithoutWebhooks(registry, convention, webhookPrefix(webhooks)));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
        return registration;
    }

    /** {@code /webhooks/*} -> {@code /webhooks/}. */
    static String webhookPrefix(String servletMapping) {
        String prefix = servletMapping.endsWith("*") ? servletMapping.substring(0, servletMapping.length() - 1)
                : servletMapping;
        return prefix.endsWith("/") ? prefix : prefix + "/";
    }

    /** The observation filter, standing back for requests to Camel's webhook servlet. */
    static final class WithoutWebhooks extends ServerHttpObservationFilter {

        private final String prefix;

        WithoutWebhooks(ObservationRegistry registry, ServerRequestObservationConvention convention, String prefix) {
            super(registry, convention);
            this.prefix = prefix;
        }

        @Override
        protected boolean shouldNotFilter(HttpServletRequest request) {
            String uri = request.getRequestURI();
            String context = request.getContextPath() == null ? "" : request.getContextPath();
            return uri != null && uri.startsWith(context) && uri.startsWith(prefix, context.length());
        }
    }
}
