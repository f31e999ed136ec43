package io.scrumops.bridge.config;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.context.AbstractSecurityWebApplicationInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.AuthenticationException;
import java.io.IOException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.DefaultSecurityFilterChain;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.context.request.async.WebAsyncManagerIntegrationFilter;
import org.springframework.security.web.servletapi.SecurityContextHolderAwareRequestFilter;
import org.springframework.security.web.session.DisableEncodeUrlFilter;
import org.springframework.security.web.session.SessionManagementFilter;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.beans.factory.ObjectProvider;
import jakarta.servlet.Filter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import io.scrumops.bridge.web.WebhookAuthenticationFilter;
import io.scrumops.bridge.web.WebhookSecrets;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * Three chains: webhooks (a valid signature or shared token, see {@link WebhookAuthenticationFilter}, or the admin's
 * HTTP Basic credentials), the API and actuator (HTTP Basic or a bearer token, stateless) and the console (sign-in
 * page or OpenID Connect, session, CSRF). Only {@code /actuator/health} and the sign-in page are open; the roles each
 * path needs are in one table, {@link AccessRules}.
 */
@Configuration
@EnableConfigurationProperties({WebhookSecrets.class, OidcProperties.class})
public class SecurityConfig {

    /** Where Camel's servlet takes webhooks ({@code camel.servlet.mapping.context-path}). */
    static final String WEBHOOK_PREFIX = "/webhooks/";

    /**
     * Webhooks get a chain of their own with only what a machine-to-machine POST needs: signature or Basic
     * authentication, authorization and the 401 answer. No session, request cache, logout, anonymous user or
     * browser headers: those filters were most of a webhook's CPU under load. Of what the DSL still adds, the chain
     * keeps only the filters that decide or answer something for a webhook ({@link #WEBHOOK_UNNEEDED_FILTERS} go).
     * HTTP Basic is checked by {@link VerifiedCredentials}, which remembers the credentials it verified.
     */
    @Bean
    @Order(1)
    SecurityFilterChain webhookSecurity(HttpSecurity http, WebhookSecrets webhookSecrets,
                                        @Value("${scrumops.webhooks.max-body-bytes:10485760}") int maxBodyBytes,
                                        UserDetailsService users, PasswordEncoder passwords,
                                        ObjectProvider<AuthenticationEventPublisher> events)
            throws Exception {
        DaoAuthenticationProvider store = new DaoAuthenticationProvider(users);
        store.setPasswordEncoder(passwords);
        ProviderManager basic = new ProviderManager(new VerifiedCredentials(store));
        events.ifAvailable(basic::setAuthenticationEventPublisher);
        DefaultSecurityFilterChain chain = http
                // A path matcher, not an MVC one: webhooks are served by Camel's servlet, not by Spring MVC.
                .securityMatcher(PathPatternRequestMatcher.withDefaults().matcher("/webhooks/**"))
                .authenticationManager(basic)
                .addFilterBefore(new WebhookAuthenticationFilter(webhookSecrets, maxBodyBytes),
                        BasicAuthenticationFilter.class)
                .csrf(csrf -> csrf.disable())
                .headers(headers -> headers.disable())
                .requestCache(cache -> cache.disable())
                .logout(logout -> logout.disable())
                .anonymous(anonymous -> anonymous.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> auth.anyRequest().hasAnyRole("WEBHOOK", "ADMIN"))
                .httpBasic(basicAuth -> basicAuth.authenticationEntryPoint(SecurityConfig::unauthorized))
                .exceptionHandling(e -> e.authenticationEntryPoint(SecurityConfig::unauthorized))
                .build();
        return withoutFilters(chain, WEBHOOK_UNNEEDED_FILTERS);
    }

    /**
     * Filters the DSL puts into every chain that do nothing for a webhook, each a request attribute set and removed
     * (and some a wrapper or an object) per request: the URL-encoding guard and the servlet-API wrapper (no session,
     * nobody asks the request for its user), the async integration (the servlet answers on the request's thread), the
     * session-management check (stateless: its strategy does nothing) and the holder filter that loads a context
     * from the stateless repository, where none can be (the filter chain proxy clears the context after every
     * request). What remains decides and answers: the signature filter, Basic authentication, the exception
     * translation (401/403) and the authorization.
     */
    static final java.util.Set<Class<? extends Filter>> WEBHOOK_UNNEEDED_FILTERS = java.util.Set.of(
            DisableEncodeUrlFilter.class, WebAsyncManagerIntegrationFilter.class, SecurityContextHolderFilter.class,
            SecurityContextHolderAwareRequestFilter.class, SessionManagementFilter.class);

    static DefaultSecurityFilterChain withoutFilters(DefaultSecurityFilterChain chain,
                                                     java.util.Set<Class<? extends Filter>> unneeded) {
        List<Filter> kept = chain.getFilters().stream().filter(f -> !unneeded.contains(f.getClass())).toList();
        return new DefaultSecurityFilterChain(chain.getRequestMatcher(), kept);
    }

    /**
     * The API and the actuator: HTTP Basic (local users) or a bearer token from the identity provider, no session, no
     * CSRF token (no cookie authenticates these calls). Who may call what comes from {@link AccessRules#API}.
     */
    @Bean
    @Order(2)
    SecurityFilterChain apiSecurity(HttpSecurity http, OidcProperties oidc) throws Exception {
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        http
                .securityMatcher(new OrRequestMatcher(paths.matcher("/api/**"), paths.matcher("/actuator/**")))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .logout(logout -> logout.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> apply(auth, AccessRules.API))
                .httpBasic(basic -> basic.authenticationEntryPoint(SecurityConfig::unauthorized))
                .exceptionHandling(e -> e.authenticationEntryPoint(SecurityConfig::unauthorized));
        if (oidc.enabled()) {
            http.oauth2ResourceServer(rs -> rs
                    .jwt(jwt -> jwt.decoder(OidcSupport.jwtDecoder(oidc))
                            .jwtAuthenticationConverter(OidcSupport.jwtAuthentication(oidc))));
        }
        return http.build();
    }

    /**
     * The console: a sign-in page (local users) and, when configured, sign-in through the identity provider; a session
     * cookie, and a CSRF token on every form. Pages without a rule in {@link AccessRules#CONSOLE} are refused.
     */
    @Bean
    @Order(3)
    SecurityFilterChain consoleSecurity(HttpSecurity http, OidcProperties oidc) throws Exception {
        http
                .authorizeHttpRequests(auth -> apply(auth, AccessRules.CONSOLE))
                .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/", false))
                .logout(logout -> logout.logoutSuccessUrl("/login?logout"));
        if (oidc.enabled()) {
            http.oauth2Login(login -> login
                    .loginPage("/login")
                    .clientRegistrationRepository(OidcSupport.clientRegistrations(oidc))
                    .userInfoEndpoint(user -> user.oidcUserService(OidcSupport.oidcUsers(oidc))
                            .userAuthoritiesMapper(OidcSupport.authoritiesMapper(oidc)))
                    .defaultSuccessUrl("/", false));
        }
        return http.build();
    }

    /** ADMIN includes OPERATOR and RELEASE_MANAGER, which include VIEWER; every chain's authorization uses it. */
    @Bean
    static RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.fromHierarchy(Role.HIERARCHY);
    }

    private static void apply(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry auth,
                              List<AccessRules.Rule> rules) {
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        for (AccessRules.Rule rule : rules) {
            var matcher = auth.requestMatchers(paths.matcher(rule.method(), rule.pattern()));
            if (rule.isOpen()) {
                matcher.permitAll();
            } else {
                matcher.hasRole(rule.role().name());
            }
        }
        auth.anyRequest().denyAll();
    }

    /**
     * Webhooks skip the Spring MVC handler look-up Spring Security runs before its chains ({@link
     * WebhookFirstFilterChainProxy}); every other request keeps it.
     */
    @Bean
    static BeanPostProcessor webhooksPastMvcLookup() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (AbstractSecurityWebApplicationInitializer.DEFAULT_FILTER_NAME.equals(beanName)
                        && bean instanceof FilterChainProxy proxy && bean.getClass() != FilterChainProxy.class) {
                    return new WebhookFirstFilterChainProxy(proxy, WEBHOOK_PREFIX);
                }
                return bean;
            }
        };
    }

    /**
     * No observation per security filter: wrapping a dozen filters per request was a third of a webhook's CPU.
     * Request metrics still come from the HTTP server observation (except for webhooks, see {@link io.scrumops.bridge.observability.HttpObservationConfig}).
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /** Answers 401 itself rather than through the error page, so a refused webhook gets a plain, final answer. */
    private static void unauthorized(HttpServletRequest request, HttpServletResponse response,
                                     AuthenticationException e) throws IOException {
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader("WWW-Authenticate", "Basic realm=\"scrumops-bridge\"");
        response.setContentType("application/json");
        response.getWriter().write("{\"status\":\"unauthorized\",\"reason\":\"credentials or webhook signature required\"}");
    }

    /**
     * The admin's password is compared by its SHA-256 digest ({@link DigestPasswordEncoder}: it lives in the
     * environment, and a slow hash would cost every API call and webhook); users of the users file have bcrypt or
     * argon2 hashes.
     */
    @Bean
    PasswordEncoder passwordEncoder() {
        Map<String, PasswordEncoder> encoders = new HashMap<>();
        encoders.put("sha256", new DigestPasswordEncoder());
        encoders.put("bcrypt", new BCryptPasswordEncoder());
        encoders.put("argon2", Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8());
        return new DelegatingPasswordEncoder("sha256", encoders);
    }

    @Bean
    UserDetailsService localUsers(@Value("${scrumops.admin.username:admin}") String username,
                                  @Value("${scrumops.admin.password:}") String password,
                                  @Value("${scrumops.users-file:}") String usersFile,
                                  @Value("${scrumops.users:}") String users) {
        if (password.isBlank()) {
            throw new IllegalStateException("No admin password: set SCRUMOPS_ADMIN_USERNAME and SCRUMOPS_ADMIN_PASSWORD "
                    + "(a password is generated only for the embedded default)");
        }
        return new InMemoryUserDetailsManager(LocalUsers.load(username, new DigestPasswordEncoder().encode(password),
                usersFile, users));
    }
}
