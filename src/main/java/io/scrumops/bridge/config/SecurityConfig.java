package io.scrumops.bridge.config;

import org.springframework.beans.factory.annotation.Value;
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
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import io.scrumops.bridge.web.WebhookAuthenticationFilter;
import io.scrumops.bridge.web.WebhookSecrets;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * Only {@code /actuator/health} is open. Webhooks need a valid signature or shared token (see
 * {@link WebhookAuthenticationFilter}) or the admin's HTTP Basic credentials; everything else needs the latter.
 */
@Configuration
@EnableConfigurationProperties(WebhookSecrets.class)
public class SecurityConfig {

    /**
     * Webhooks get a chain of their own with only what a machine-to-machine POST needs: signature or Basic
     * authentication, authorization and the 401 answer. No session, request cache, logout, anonymous user or
     * browser headers: those filters were most of a webhook's CPU under load.
     */
    @Bean
    @Order(1)
    SecurityFilterChain webhookSecurity(HttpSecurity http, WebhookSecrets webhookSecrets,
                                        @Value("${scrumops.webhooks.max-body-bytes:10485760}") int maxBodyBytes)
            throws Exception {
        return http
                // A path matcher, not an MVC one: webhooks are served by Camel's servlet, not by Spring MVC.
                .securityMatcher(PathPatternRequestMatcher.withDefaults().matcher("/webhooks/**"))
                .addFilterBefore(new WebhookAuthenticationFilter(webhookSecrets, maxBodyBytes),
                        BasicAuthenticationFilter.class)
                .csrf(csrf -> csrf.disable())
                .headers(headers -> headers.disable())
                .requestCache(cache -> cache.disable())
                .logout(logout -> logout.disable())
                .anonymous(anonymous -> anonymous.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> auth.anyRequest().hasAnyRole("WEBHOOK", "ADMIN"))
                .httpBasic(basic -> basic.authenticationEntryPoint(SecurityConfig::unauthorized))
                .exceptionHandling(e -> e.authenticationEntryPoint(SecurityConfig::unauthorized))
                .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain bridgeSecurity(HttpSecurity http) throws Exception {
        return http
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness").permitAll()
                        // The error page only renders the status a refused request already has.
                        .requestMatchers("/error").permitAll()
                        .anyRequest().hasRole("ADMIN"))
                .httpBasic(basic -> basic.authenticationEntryPoint(SecurityConfig::unauthorized))
                .exceptionHandling(e -> e.authenticationEntryPoint(SecurityConfig::unauthorized))
                .build();
    }

    /**
     * No observation per security filter: wrapping a dozen filters per request was a third of a webhook's CPU.
     * Request metrics still come from the HTTP server observation.
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

    @Bean
    PasswordEncoder passwordEncoder() {
        return new DigestPasswordEncoder();
    }

    @Bean
    UserDetailsService adminUsers(@Value("${scrumops.admin.username:admin}") String username,
                                  @Value("${scrumops.admin.password:}") String password,
                                  PasswordEncoder encoder) {
        if (password.isBlank()) {
            throw new IllegalStateException("No admin password: set SCRUMOPS_ADMIN_USERNAME and SCRUMOPS_ADMIN_PASSWORD "
                    + "(a password is generated only for the embedded default)");
        }
        return new InMemoryUserDetailsManager(User.withUsername(username)
                .password(encoder.encode(password))
                .roles("ADMIN")
                .build());
    }
}
