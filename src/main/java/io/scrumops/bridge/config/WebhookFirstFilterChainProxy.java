package io.scrumops.bridge.config;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.SecurityFilterChain;

import java.io.IOException;
import java.util.List;

/**
 * Spring Security's filter chains, with webhooks let past Spring MVC's handler-mapping look-up.
 *
 * <p>With Spring MVC on the class path, Spring Security puts a filter before its chains that asks Spring MVC, for every
 * request, which handler would serve it (so that MVC request matchers and CORS share one look-up). Webhooks are
 * served by Camel's servlet, not by Spring MVC, and their chain matches paths only: for them the look-up tried every
 * MVC mapping, found none, and tried them all again for a partial match, an eighth of a webhook's request-thread CPU.
 * Webhook requests go straight to the same chains ({@code plain}, built from the very chains of {@code full}); every
 * other request takes the full path as before. Which chain a request gets is still decided by the chains' own
 * matchers, so the choice made here only decides whether the MVC look-up runs, never which rules apply.
 */
final class WebhookFirstFilterChainProxy extends FilterChainProxy {

    private final FilterChainProxy full;
    private final FilterChainProxy plain;
    private final String prefix;

    /**
     * @param full   the application's filter chain proxy (with the MVC look-up in front)
     * @param prefix the path, without the context path, under which webhooks are served, ending in a slash
     */
    WebhookFirstFilterChainProxy(FilterChainProxy full, String prefix) {
        super(full.getFilterChains());
        this.full = full;
        this.prefix = prefix;
        this.plain = new FilterChainProxy(full.getFilterChains());
        this.plain.afterPropertiesSet();
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (isWebhook(request)) {
            plain.doFilter(request, response, chain);
        } else {
            full.doFilter(request, response, chain);
        }
    }

    boolean isWebhook(ServletRequest request) {
        if (!(request instanceof HttpServletRequest http)) {
            return false;
        }
        String uri = http.getRequestURI();
        String context = http.getContextPath() == null ? "" : http.getContextPath();
        return uri != null && uri.startsWith(context) && uri.startsWith(prefix, context.length());
    }

    @Override
    public List<SecurityFilterChain> getFilterChains() {
        return full.getFilterChains();
    }

    @Override
    public void afterPropertiesSet() {
        // both proxies are initialised already
    }
}
