package io.scrumops.bridge.config;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
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

    @Bean
    SecurityFilterChain bridgeSecurity(HttpSecurity http, WebhookSecrets webhookSecrets) throws Exception {
        return http
                .addFilterBefore(new WebhookAuthenticationFilter(webhookSecrets), BasicAuthenticationFilter.class)
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness").permitAll()
                        .requestMatchers("/webhooks/**").hasAnyRole("WEBHOOK", "ADMIN")
                        .anyRequest().hasRole("ADMIN"))
                .httpBasic(Customizer.withDefaults())
                .build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
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
