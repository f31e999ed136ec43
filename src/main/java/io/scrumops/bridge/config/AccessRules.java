package io.scrumops.bridge.config;

import org.springframework.http.HttpMethod;

import java.util.List;

/**
 * Who may call what, in one table: the first rule whose method and path pattern match a request decides; a request
 * no rule matches is refused (deny by default), so a new endpoint is closed until it is given a row here. Webhooks
 * are not listed: their own chain checks signatures.
 *
 * <p>Convention: reading ({@code GET /api/**}, console pages) needs VIEWER; release gate sign-off and its withdrawal
 * RELEASE_MANAGER; every other write under {@code /api/**} and the console's operator forms OPERATOR; the actuator
 * beyond health ADMIN.
 */
public final class AccessRules {

    /** {@code role} null means open to anyone; {@code method} null means any method. */
    public record Rule(HttpMethod method, String pattern, Role role) {

        static Rule open(String pattern) {
            return new Rule(null, pattern, null);
        }

        public boolean isOpen() {
            return role == null;
        }
    }

    private static final HttpMethod GET = HttpMethod.GET;
    private static final HttpMethod POST = HttpMethod.POST;
    private static final HttpMethod DELETE = HttpMethod.DELETE;

    /** The API chain's table ({@code /api/**} and {@code /actuator/**}). */
    public static final List<Rule> API = List.of(
            Rule.open("/actuator/health"),
            Rule.open("/actuator/health/liveness"),
            Rule.open("/actuator/health/readiness"),
            new Rule(null, "/actuator/**", Role.ADMIN),
            new Rule(POST, "/api/releases/*/gates/*/sign-off", Role.RELEASE_MANAGER),
            new Rule(DELETE, "/api/releases/*/gates/*/sign-off", Role.RELEASE_MANAGER),
            // A dry run: maps a pasted payload, stores and sends nothing.
            new Rule(POST, "/api/mappings/preview", Role.VIEWER),
            new Rule(null, "/api/import", Role.OPERATOR),
            new Rule(null, "/api/import/**", Role.OPERATOR),
            new Rule(GET, "/api/**", Role.VIEWER),
            new Rule(POST, "/api/**", Role.OPERATOR),
            new Rule(HttpMethod.PUT, "/api/**", Role.OPERATOR),
            new Rule(HttpMethod.PATCH, "/api/**", Role.OPERATOR),
            new Rule(DELETE, "/api/**", Role.OPERATOR));

    /** The browser chain's table: sign-in, assets and console pages. */
    public static final List<Rule> CONSOLE = List.of(
            Rule.open("/login"),
            Rule.open("/error"),
            Rule.open("/console.css"),
            Rule.open("/console.js"),
            Rule.open("/favicon.ico"),
            Rule.open("/webjars/**"),
            Rule.open("/oauth2/**"),
            Rule.open("/login/oauth2/**"),
            new Rule(POST, "/logout", Role.VIEWER),
            new Rule(GET, "/", Role.VIEWER),
            new Rule(GET, "/health/**", Role.VIEWER),
            new Rule(GET, "/items", Role.VIEWER),
            new Rule(GET, "/items/**", Role.VIEWER),
            new Rule(GET, "/quarantine", Role.VIEWER),
            new Rule(POST, "/quarantine/*/replay", Role.OPERATOR),
            new Rule(GET, "/dead-letters", Role.VIEWER),
            new Rule(POST, "/dead-letters/*/replay", Role.OPERATOR),
            new Rule(GET, "/mappings", Role.VIEWER),
            new Rule(POST, "/mappings/preview", Role.VIEWER),
            new Rule(POST, "/mappings/reload", Role.OPERATOR),
            // Writes nothing, but reads Jira and ServiceNow with the bridge's account, as /api/alignment/dry-run.
            new Rule(POST, "/mappings/dry-run", Role.OPERATOR),
            new Rule(GET, "/backfills", Role.VIEWER),
            new Rule(GET, "/backfills/**", Role.VIEWER),
            new Rule(POST, "/backfills", Role.OPERATOR),
            new Rule(POST, "/backfills/*/resume", Role.OPERATOR),
            new Rule(GET, "/report", Role.VIEWER),
            new Rule(GET, "/report/**", Role.VIEWER),
            new Rule(GET, "/releases", Role.VIEWER),
            new Rule(GET, "/releases/**", Role.VIEWER),
            new Rule(POST, "/releases/*/gates/*/sign-off", Role.RELEASE_MANAGER),
            new Rule(POST, "/releases/*/gates/*/withdraw", Role.RELEASE_MANAGER));

    private AccessRules() {
    }
}
