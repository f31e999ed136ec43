package io.scrumops.bridge.config;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.authority.mapping.GrantedAuthoritiesMapper;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.security.oauth2.core.user.OAuth2UserAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * OpenID Connect for the console (authorization-code sign-in) and the API (bearer JWTs of the same issuer); roles
 * come from one claim through {@link OidcProperties#rolesFor}. The provider's discovery document is read at the first
 * sign-in or token, not at start-up, so the bridge starts while the identity provider is away.
 */
final class OidcSupport {

    static final String REGISTRATION_ID = "oidc";

    private OidcSupport() {
    }

    static ClientRegistrationRepository clientRegistrations(OidcProperties oidc) {
        Supplier<ClientRegistration> registration = memoize(() -> ClientRegistrations
                .fromIssuerLocation(oidc.issuerUri())
                .registrationId(REGISTRATION_ID)
                .clientId(oidc.clientId())
                .clientSecret(oidc.clientSecret())
                .scope("openid", "profile", "email")
                .build());
        return id -> REGISTRATION_ID.equals(id) ? registration.get() : null;
    }

    /** Signature (the provider's JWKS), issuer, times, and the audience when one is configured. */
    static JwtDecoder jwtDecoder(OidcProperties oidc) {
        return new SupplierJwtDecoder(() -> {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withIssuerLocation(oidc.issuerUri()).build();
            if (oidc.audience() != null) {
                decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                        JwtValidators.createDefaultWithIssuer(oidc.issuerUri()),
                        new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                                aud -> aud != null && aud.contains(oidc.audience()))));
            } else {
                decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(oidc.issuerUri()));
            }
            return decoder;
        });
    }

    /** The token's roles, and the user named by the readable claim (the audit log shows "sam", not a subject id). */
    static Converter<Jwt, AbstractAuthenticationToken> jwtAuthentication(OidcProperties oidc) {
        return jwt -> new JwtAuthenticationToken(jwt, authorities(oidc.rolesFor(jwt.getClaim(oidc.rolesClaim()))),
                oidc.nameIn(jwt.getClaims()));
    }

    /** The signed-in user as the provider describes them, named by the readable claim instead of {@code sub}. */
    static OAuth2UserService<OidcUserRequest, OidcUser> oidcUsers(OidcProperties oidc) {
        OidcUserService delegate = new OidcUserService();
        return request -> {
            OidcUser user = delegate.loadUser(request);
            return new DefaultOidcUser(user.getAuthorities(), user.getIdToken(), user.getUserInfo(),
                    oidc.nameClaimIn(user.getClaims()));
        };
    }

    /** Keeps what the provider granted and adds the roles its groups claim maps to. */
    static GrantedAuthoritiesMapper authoritiesMapper(OidcProperties oidc) {
        return granted -> {
            Set<GrantedAuthority> mapped = new LinkedHashSet<>(granted);
            for (GrantedAuthority authority : granted) {
                Map<String, Object> claims = new HashMap<>();
                if (authority instanceof OidcUserAuthority user) {
                    claims.putAll(user.getIdToken().getClaims());
                    if (user.getUserInfo() != null) {
                        claims.putAll(user.getUserInfo().getClaims());
                    }
                } else if (authority instanceof OAuth2UserAuthority user) {
                    claims.putAll(user.getAttributes());
                }
                mapped.addAll(authorities(oidc.rolesFor(claims.get(oidc.rolesClaim()))));
            }
            return mapped;
        };
    }

    private static Collection<GrantedAuthority> authorities(Set<Role> roles) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        roles.forEach(role -> authorities.add(new SimpleGrantedAuthority(role.authority())));
        return authorities;
    }

    private static <T> Supplier<T> memoize(Supplier<T> supplier) {
        return new Supplier<>() {
            private volatile T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
    }
}
