package io.scrumops.bridge.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.Collection;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Sign-in through the company's OpenID Connect identity provider; off while {@code issuer-uri} is blank.
 *
 * @param issuerUri    the provider's issuer (its discovery document is read from {@code /.well-known/openid-configuration})
 * @param clientId     the console's client at the provider
 * @param clientSecret its secret
 * @param rolesClaim   the ID-token / access-token claim holding the user's groups or roles
 * @param roleMapping  group to role, {@code group=ROLE} pairs separated by commas; a group named like a role
 *                     (viewer, release-manager, operator, admin) gives that role without a mapping
 * @param audience     when set, a bearer token is accepted only if its {@code aud} names this value
 * @param nameClaim    the claim whose value names the user on the pages and in the audit log; {@code email}, then
 *                     {@code sub} where the token or user info lacks it
 */
@ConfigurationProperties("scrumops.oidc")
public record OidcProperties(String issuerUri, String clientId, String clientSecret, String rolesClaim,
                             String roleMapping, String audience, String nameClaim) {

    public OidcProperties {
        rolesClaim = rolesClaim == null || rolesClaim.isBlank() ? "groups" : rolesClaim.trim();
        audience = audience == null || audience.isBlank() ? null : audience.trim();
        nameClaim = nameClaim == null || nameClaim.isBlank() ? "preferred_username" : nameClaim.trim();
    }

    /** The claim that names the user in these claims: the configured one, else email, else sub. */
    public String nameClaimIn(Map<String, Object> claims) {
        for (String claim : List.of(nameClaim, "email", "sub")) {
            Object value = claims.get(claim);
            if (value instanceof String text && !text.isBlank()) {
                return claim;
            }
        }
        return "sub";
    }

    /** The user's readable name in these claims (see {@link #nameClaimIn}). */
    public String nameIn(Map<String, Object> claims) {
        Object value = claims.get(nameClaimIn(claims));
        return value == null ? "" : String.valueOf(value);
    }

    public boolean enabled() {
        return issuerUri != null && !issuerUri.isBlank();
    }

    /** The roles the given claim value (a list, or a space- or comma-separated string) grants. */
    public Set<Role> rolesFor(Object claim) {
        Set<Role> roles = new LinkedHashSet<>();
        Map<String, Role> mapping = mapping();
        for (String group : groups(claim)) {
            Role mapped = mapping.get(group.toLowerCase(Locale.ROOT));
            if (mapped != null) {
                roles.add(mapped);
            } else {
                Role.parse(group).ifPresent(roles::add);
            }
        }
        return roles;
    }

    Map<String, Role> mapping() {
        Map<String, Role> map = new LinkedHashMap<>();
        if (roleMapping == null || roleMapping.isBlank()) {
            return map;
        }
        for (String pair : roleMapping.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.lastIndexOf('=');
            if (eq <= 0) {
                throw new IllegalStateException("SCRUMOPS_OIDC_ROLE_MAPPING entry '" + pair.trim()
                        + "' is not of the form group=ROLE");
            }
            String role = pair.substring(eq + 1).trim();
            map.put(pair.substring(0, eq).trim().toLowerCase(Locale.ROOT), Role.parse(role).orElseThrow(() ->
                    new IllegalStateException("SCRUMOPS_OIDC_ROLE_MAPPING names an unknown role '" + role + "'")));
        }
        return map;
    }

    private static Set<String> groups(Object claim) {
        Set<String> groups = new LinkedHashSet<>();
        if (claim instanceof Collection<?> values) {
            values.forEach(v -> groups.add(String.valueOf(v).trim()));
        } else if (claim instanceof String text) {
            for (String part : text.split("[\\s,]+")) {
                if (!part.isBlank()) {
                    groups.add(part);
                }
            }
        }
        return groups;
    }
}
