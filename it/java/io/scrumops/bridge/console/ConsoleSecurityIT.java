package io.scrumops.bridge.console;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.scrumops.bridge.store.AuditEntry;
import io.scrumops.bridge.store.AuditLogRepository;
import io.scrumops.bridge.support.ConsoleBrowserTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpMethod;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.UriComponentsBuilder;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

/**
 * Who may call what, over every endpoint and page: without credentials (401 on the API, the sign-in page for the
 * console), with a role one short of the one needed (403), and with the needed role (neither). The table below is
 * written by hand; an endpoint the application serves that is not in it fails {@link #everyEndpointIsInTheTable}.
 * Also: CSRF on console forms, local users over HTTP Basic, and OpenID Connect (sign-in and bearer tokens) against an
 * identity provider played by WireMock with a test signing key.
 */
@AutoConfigureMockMvc
@SpringBootTest(properties = {
        "scrumops.users-file=" + ConsoleBrowserTest.USERS_FILE,
        "scrumops.oidc.client-id=scrumops-console",
        "scrumops.oidc.client-secret=console-secret",
        "scrumops.oidc.role-mapping=sre-team=OPERATOR,release-board=RELEASE_MANAGER,staff=VIEWER",
        "scrumops.oidc.audience=scrumops-console"})
class ConsoleSecurityIT {

    static final String OPEN = "OPEN";

    /** method, path (path variables as 1), role needed. */
    record Row(String method, String path, String role) {
        boolean api() {
            return path.startsWith("/api/") || path.startsWith("/actuator/");
        }

        @Override
        public String toString() {
            return method + " " + path + " -> " + role;
        }
    }

    static final List<Row> TABLE = List.of(
            new Row("GET", "/actuator/health", OPEN),
            new Row("GET", "/actuator/metrics", "ADMIN"),
            new Row("GET", "/actuator/info", "ADMIN"),
            new Row("GET", "/api/links", "VIEWER"),
            new Row("GET", "/api/sla", "VIEWER"),
            new Row("GET", "/api/work-items", "VIEWER"),
            new Row("GET", "/api/work-items/1", "VIEWER"),
            new Row("GET", "/api/quarantine", "VIEWER"),
            new Row("POST", "/api/quarantine/1/replay", "OPERATOR"),
            new Row("GET", "/api/dead-letters", "VIEWER"),
            new Row("POST", "/api/dead-letters/1/replay", "OPERATOR"),
            new Row("POST", "/api/work-packages/1/escalate", "OPERATOR"),
            new Row("POST", "/api/mappings/preview", "VIEWER"),
            new Row("POST", "/api/mappings/reload", "OPERATOR"),
            new Row("POST", "/api/backfill", "OPERATOR"),
            new Row("POST", "/api/backfill/1/resume", "OPERATOR"),
            new Row("GET", "/api/backfill/1", "VIEWER"),
            new Row("GET", "/login", OPEN),
            new Row("GET", "/", "VIEWER"),
            new Row("GET", "/health/figures", "VIEWER"),
            new Row("GET", "/items", "VIEWER"),
            new Row("GET", "/items/1", "VIEWER"),
            new Row("GET", "/quarantine", "VIEWER"),
            new Row("POST", "/quarantine/1/replay", "OPERATOR"),
            new Row("GET", "/dead-letters", "VIEWER"),
            new Row("POST", "/dead-letters/1/replay", "OPERATOR"),
            new Row("GET", "/mappings", "VIEWER"),
            new Row("POST", "/mappings/preview", "VIEWER"),
            new Row("POST", "/mappings/reload", "OPERATOR"),
            new Row("POST", "/mappings/dry-run", "OPERATOR"),
            new Row("GET", "/backfills", "VIEWER"),
            new Row("GET", "/backfills/table", "VIEWER"),
            new Row("POST", "/backfills", "OPERATOR"),
            new Row("POST", "/backfills/1/resume", "OPERATOR"),
            new Row("POST", "/api/import", "OPERATOR"),
            new Row("GET", "/api/metrics/dora", "VIEWER"),
            new Row("GET", "/api/metrics/dora/items", "VIEWER"),
            new Row("GET", "/api/metrics/flow", "VIEWER"),
            new Row("GET", "/api/metrics/flow/items", "VIEWER"),
            new Row("GET", "/api/metrics/stages", "VIEWER"),
            new Row("GET", "/api/metrics/stages/items", "VIEWER"),
            new Row("GET", "/report", "VIEWER"),
            new Row("GET", "/report/data/dora", "VIEWER"),
            new Row("GET", "/report/data/dora/items", "VIEWER"),
            new Row("GET", "/report/data/flow", "VIEWER"),
            new Row("GET", "/report/data/flow/items", "VIEWER"),
            new Row("GET", "/report/data/stages", "VIEWER"),
            new Row("GET", "/report/data/stages/items", "VIEWER"),
            new Row("GET", "/api/releases", "VIEWER"),
            new Row("GET", "/api/releases/1", "VIEWER"),
            new Row("GET", "/api/releases/1/history", "VIEWER"),
            new Row("POST", "/api/releases/1/gates/1/sign-off", "RELEASE_MANAGER"),
            new Row("DELETE", "/api/releases/1/gates/1/sign-off", "RELEASE_MANAGER"),
            new Row("GET", "/releases", "VIEWER"),
            new Row("POST", "/releases/1/gates/1/sign-off", "RELEASE_MANAGER"),
            new Row("POST", "/releases/1/gates/1/withdraw", "RELEASE_MANAGER"),
            new Row("POST", "/api/alignment/dry-run", "OPERATOR"));

    static final RSAKey KEY = key();
    static final WireMockServer IDP = idp();

    @DynamicPropertySource
    static void identityProvider(DynamicPropertyRegistry registry) {
        registry.add("scrumops.oidc.issuer-uri", ConsoleSecurityIT::issuer);
    }

    @AfterAll
    static void stopIdp() {
        IDP.stop();
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    AuditLogRepository audit;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void everyEndpointIsInTheTable() {
        Set<String> served = new TreeSet<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            Set<String> methods = new TreeSet<>();
            info.getMethodsCondition().getMethods().forEach(m -> methods.add(m.name()));
            if (methods.isEmpty()) {
                methods.add("GET");
            }
            for (String pattern : info.getPathPatternsCondition().getPatternValues()) {
                if (pattern.equals("/error")) {
                    continue; // Spring Boot's error page: renders the status a refused request already has
                }
                for (String method : methods) {
                    served.add(method + " " + pattern.replaceAll("\\{[^}]+}", "1"));
                }
            }
        }
        Set<String> listed = new TreeSet<>();
        TABLE.forEach(row -> listed.add(row.method() + " " + row.path()));
        assertThat(listed).as("endpoints served by the application but missing from this table (and maybe from "
                + "AccessRules)").containsAll(served);
    }

    static Stream<Row> rows() {
        return TABLE.stream();
    }

    @ParameterizedTest
    @MethodSource("rows")
    void withoutCredentialsTheApiAnswers401AndPagesLeadToSignIn(Row row) throws Exception {
        MvcResult result = mvc.perform(call(row).with(csrf())).andReturn();
        int status = result.getResponse().getStatus();
        if (row.role().equals(OPEN)) {
            assertThat(status).isEqualTo(200);
        } else if (row.api()) {
            assertThat(status).isEqualTo(401);
            assertThat(result.getResponse().getHeader("WWW-Authenticate")).startsWith("Basic");
        } else {
            assertThat(status).isEqualTo(302);
            assertThat(result.getResponse().getRedirectedUrl()).endsWith("/login");
        }
    }

    @ParameterizedTest
    @MethodSource("rows")
    void aRoleShortOfTheNeededOneIsRefused(Row row) throws Exception {
        for (String[] roles : shortOf(row.role())) {
            int status = mvc.perform(call(row).with(csrf()).with(user("short").roles(roles))).andReturn()
                    .getResponse().getStatus();
            assertThat(status).as(row + " as " + String.join(",", roles)).isEqualTo(403);
        }
    }

    @ParameterizedTest
    @MethodSource("rows")
    void theNeededRoleIsLetThrough(Row row) throws Exception {
        var call = call(row).with(csrf());
        if (!row.role().equals(OPEN)) {
            call = call.with(user("right").roles(row.role()));
        }
        var response = mvc.perform(call).andReturn().getResponse();
        assertThat(response.getStatus()).as(row.toString()).isNotIn(401, 403);
        if (response.getRedirectedUrl() != null) {
            assertThat(response.getRedirectedUrl()).as(row.toString()).doesNotEndWith("/login");
        }
    }

    @Test
    void aConsoleFormPostedWithoutItsCsrfTokenIsRefused() throws Exception {
        assertThat(mvc.perform(request(HttpMethod.POST, "/mappings/reload").with(user("otto").roles("OPERATOR")))
                .andReturn().getResponse().getStatus()).isEqualTo(403);
        assertThat(mvc.perform(request(HttpMethod.POST, "/mappings/reload").with(user("otto").roles("OPERATOR"))
                .with(csrf().useInvalidToken())).andReturn().getResponse().getStatus()).isEqualTo(403);
        assertThat(mvc.perform(request(HttpMethod.POST, "/mappings/reload").with(user("otto").roles("OPERATOR"))
                .with(csrf())).andReturn().getResponse().getRedirectedUrl()).isEqualTo("/mappings");
    }

    @Test
    void theApiTakesBasicCallsWithoutACsrfToken() throws Exception {
        assertThat(mvc.perform(request(HttpMethod.POST, "/api/mappings/reload").with(httpBasic("otto", "operator-password")))
                .andReturn().getResponse().getStatus()).isEqualTo(200);
    }

    @Test
    void usersOfTheUsersFileSignInWithTheirRolesAndTheHierarchy() throws Exception {
        assertThat(status("GET", "/api/work-items", httpBasic("vera", "viewer-password"))).isEqualTo(200);
        assertThat(status("POST", "/api/mappings/reload", httpBasic("vera", "viewer-password"))).isEqualTo(403);
        assertThat(status("GET", "/api/work-items", httpBasic("vera", "wrong"))).isEqualTo(401);
        assertThat(status("GET", "/api/work-items", httpBasic("rita", "release-password"))).isEqualTo(200);
        assertThat(status("POST", "/api/mappings/reload", httpBasic("rita", "release-password"))).isEqualTo(403);
        assertThat(status("GET", "/actuator/metrics", httpBasic("otto", "operator-password"))).isEqualTo(403);
        assertThat(status("GET", "/actuator/metrics", httpBasic("admin", "test-admin-password"))).isEqualTo(200);
    }

    /**
     * Webhooks take HTTP Basic from the admin only (besides signatures): the webhook chain remembers credentials it
     * verified, which must never let a wrong password, another user or a lesser role through. Let through means the
     * chain passed the request on (MockMvc has no webhook servlet: 404).
     */
    @Test
    void webhooksTakeBasicCredentialsOfTheAdminOnlyAndAWrongPasswordStaysRefusedAfterARightOne() throws Exception {
        assertThat(webhook(httpBasic("admin", "test-admin-password"))).isEqualTo(404);
        assertThat(webhook(httpBasic("admin", "test-admin-password"))).isEqualTo(404);
        assertThat(webhook(httpBasic("admin", "test-admin-passwordX"))).isEqualTo(401);
        assertThat(webhook(httpBasic("admin", "viewer-password"))).isEqualTo(401);
        assertThat(webhook(httpBasic("vera", "viewer-password"))).isEqualTo(403);
        assertThat(webhook(httpBasic("vera", "viewer-password"))).isEqualTo(403);
        assertThat(webhook(httpBasic("vera", "test-admin-password"))).isEqualTo(401);
        assertThat(webhook(httpBasic("otto", "operator-password"))).isEqualTo(403);
        assertThat(webhook(request -> request)).isEqualTo(401);
        assertThat(mvc.perform(request(HttpMethod.POST, "/webhooks/jira").with(httpBasic("admin", "test-admin-password"))
                .contentType("text/plain").content("{}")).andReturn().getResponse().getStatus()).isEqualTo(415);
    }

    private int webhook(org.springframework.test.web.servlet.request.RequestPostProcessor auth) throws Exception {
        var response = mvc.perform(request(HttpMethod.POST, "/webhooks/jira").with(auth)
                .contentType("application/json").content("{}")).andReturn().getResponse();
        assertThat(response.getHeader("Set-Cookie")).as("no session for a webhook").isNull();
        return response.getStatus();
    }

    @Test
    void aBearerTokenOfTheIdentityProviderCarriesTheRolesOfItsGroups() throws Exception {
        String staff = token(List.of("staff"), null, Instant.now().plusSeconds(300));
        String sre = token(List.of("staff", "sre-team"), null, Instant.now().plusSeconds(300));
        assertThat(status("GET", "/api/work-items", bearer(staff))).isEqualTo(200);
        assertThat(status("POST", "/api/mappings/reload", bearer(staff))).isEqualTo(403);
        assertThat(status("POST", "/api/mappings/reload", bearer(sre))).isEqualTo(200);
        assertThat(status("GET", "/api/work-items", bearer(token(List.of("contractors"), null,
                Instant.now().plusSeconds(300))))).isEqualTo(403);
        assertThat(status("GET", "/api/work-items", bearer(token(List.of("staff"), null,
                Instant.now().minusSeconds(300))))).isEqualTo(401);
    }

    @Test
    void aBearerTokenMintedForAnotherAudienceIsRefused() throws Exception {
        String ours = token(List.of("staff"), null, Instant.now().plusSeconds(300), "scrumops-console", "sam");
        assertThat(status("GET", "/api/work-items", bearer(ours))).isEqualTo(200);
        String elsewhere = token(List.of("staff"), null, Instant.now().plusSeconds(300), "payroll-app", "sam");
        assertThat(status("GET", "/api/work-items", bearer(elsewhere))).isEqualTo(401);
    }

    @Test
    void writesWithABearerTokenAreAuditedUnderThePreferredUsername() throws Exception {
        long before = audit.latest(1).stream().mapToLong(AuditEntry::id).max().orElse(0);
        String sre = token(List.of("sre-team"), null, Instant.now().plusSeconds(300), "scrumops-console", "sam");
        assertThat(status("POST", "/api/mappings/reload", bearer(sre))).isEqualTo(200);
        List<AuditEntry> after = audit.latest(50).stream().filter(e -> e.id() > before).toList();
        assertThat(after).extracting(AuditEntry::actor, AuditEntry::action)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("sam", "mapping.reloaded"));
        // Without a preferred_username the e-mail address names the user, never the subject id.
        long mark = after.get(0).id();
        String noUsername = token(List.of("sre-team"), null, Instant.now().plusSeconds(300), "scrumops-console", null);
        assertThat(status("POST", "/api/mappings/reload", bearer(noUsername))).isEqualTo(200);
        assertThat(audit.latest(50).stream().filter(e -> e.id() > mark).map(AuditEntry::actor))
                .containsExactly("sam@example.com");
    }

    @Test
    void signingInThroughTheIdentityProviderMapsGroupsToRoles() throws Exception {
        MockHttpSession session = new MockHttpSession();
        MvcResult start = mvc.perform(request(HttpMethod.GET, "/oauth2/authorization/oidc").session(session))
                .andReturn();
        String authorize = start.getResponse().getRedirectedUrl();
        assertThat(authorize).startsWith(issuer() + "/authorize");
        var params = UriComponentsBuilder.fromUriString(authorize).build().getQueryParams();
        assertThat(params.getFirst("client_id")).isEqualTo("scrumops-console");
        String state = java.net.URLDecoder.decode(params.getFirst("state"), java.nio.charset.StandardCharsets.UTF_8);
        String nonce = java.net.URLDecoder.decode(params.getFirst("nonce"), java.nio.charset.StandardCharsets.UTF_8);

        String idToken = token(List.of("release-board"), nonce, Instant.now().plusSeconds(300));
        IDP.stubFor(post(urlPathEqualTo("/realm/token")).willReturn(okJson("""
                {"access_token": "%s", "token_type": "Bearer", "expires_in": 300, "id_token": "%s"}"""
                .formatted(token(List.of("release-board"), null, Instant.now().plusSeconds(300)), idToken))));

        MvcResult back = mvc.perform(request(HttpMethod.GET, "/login/oauth2/code/oidc")
                .param("code", "the-code").param("state", state).session(session)).andReturn();
        assertThat(back.getResponse().getRedirectedUrl()).isEqualTo("/");
        assertThat(IDP.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                urlPathEqualTo("/realm/token")))).hasSize(1);

        var authentication = (org.springframework.security.core.context.SecurityContext) session
                .getAttribute("SPRING_SECURITY_CONTEXT");
        assertThat(authentication.getAuthentication().getAuthorities().stream().map(Object::toString))
                .contains("ROLE_RELEASE_MANAGER");
        assertThat(authentication.getAuthentication().getName()).isEqualTo("sam");
        assertThat(mvc.perform(request(HttpMethod.GET, "/").session(session)).andReturn().getResponse().getStatus())
                .isEqualTo(200);
        assertThat(mvc.perform(request(HttpMethod.POST, "/mappings/reload").session(session).with(csrf()))
                .andReturn().getResponse().getStatus()).isEqualTo(403);
    }

    private MockHttpServletRequestBuilder call(Row row) {
        var builder = request(HttpMethod.valueOf(row.method()), row.path());
        if (row.method().equals("POST")) {
            builder = builder.contentType("application/json").content("{}");
        }
        return builder;
    }

    private int status(String method, String path,
                       org.springframework.test.web.servlet.request.RequestPostProcessor auth) throws Exception {
        return mvc.perform(request(HttpMethod.valueOf(method), path).with(auth)).andReturn().getResponse().getStatus();
    }

    private static org.springframework.test.web.servlet.request.RequestPostProcessor bearer(String token) {
        return request -> {
            request.addHeader("Authorization", "Bearer " + token);
            return request;
        };
    }

    /** Users one step short of the role: a signed-in user without roles for VIEWER, the sibling branch otherwise. */
    private static List<String[]> shortOf(String role) {
        return switch (role) {
            case OPEN -> List.<String[]>of();
            case "VIEWER" -> List.<String[]>of(new String[] {});
            case "OPERATOR" -> List.<String[]>of(new String[] {"VIEWER"}, new String[] {"RELEASE_MANAGER"});
            case "RELEASE_MANAGER" -> List.<String[]>of(new String[] {"VIEWER"}, new String[] {"OPERATOR"});
            case "ADMIN" -> List.<String[]>of(new String[] {"OPERATOR"}, new String[] {"RELEASE_MANAGER"});
            default -> throw new IllegalArgumentException(role);
        };
    }

    private static String issuer() {
        return IDP.baseUrl() + "/realm";
    }

    private static String token(List<String> groups, String nonce, Instant expires) throws JOSEException {
        return token(groups, nonce, expires, "scrumops-console", "sam");
    }

    private static String token(List<String> groups, String nonce, Instant expires, String audience,
                                String preferredUsername) throws JOSEException {
        var claims = new JWTClaimsSet.Builder().issuer(issuer()).subject("user-42").audience(audience)
                .claim("email", "sam@example.com").claim("groups", groups)
                .issueTime(Date.from(Instant.now().minusSeconds(5))).expirationTime(Date.from(expires));
        if (preferredUsername != null) {
            claims.claim("preferred_username", preferredUsername);
        }
        if (nonce != null) {
            claims.claim("nonce", nonce);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(KEY.getKeyID()).build(),
                claims.build());
        jwt.sign(new RSASSASigner(KEY));
        return jwt.serialize();
    }

    private static RSAKey key() {
        try {
            return new RSAKeyGenerator(2048).keyID("test-key").generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static WireMockServer idp() {
        WireMockServer server = new WireMockServer(options().dynamicPort());
        server.start();
        String issuer = server.baseUrl() + "/realm";
        server.stubFor(get(urlPathEqualTo("/realm/.well-known/openid-configuration")).willReturn(okJson("""
                {"issuer": "%1$s", "authorization_endpoint": "%1$s/authorize", "token_endpoint": "%1$s/token",
                 "jwks_uri": "%1$s/jwks", "response_types_supported": ["code"], "subject_types_supported": ["public"],
                 "id_token_signing_alg_values_supported": ["RS256"]}""".formatted(issuer))));
        server.stubFor(get(urlPathEqualTo("/realm/jwks"))
                .willReturn(okJson(new JWKSet(KEY.toPublicJWK()).toString())));
        return server;
    }
}
