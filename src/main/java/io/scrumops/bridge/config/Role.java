package io.scrumops.bridge.config;

import java.util.Locale;
import java.util.Optional;

/**
 * The console's and the API's roles. ADMIN includes OPERATOR and RELEASE_MANAGER, and both include VIEWER
 * (see {@link #HIERARCHY}); a user is given the highest role they need, not each one below it.
 */
public enum Role {
    /** Reports, items, health: everything that only reads. */
    VIEWER,
    /** Viewer plus release gate sign-off and its withdrawal. */
    RELEASE_MANAGER,
    /** Viewer plus replay, escalation, backfills, mapping reload and imports. */
    OPERATOR,
    /** Everything, including the actuator beyond health. */
    ADMIN;

    /** Spring Security's role hierarchy notation for the inclusions above. */
    static final String HIERARCHY = """
            ROLE_ADMIN > ROLE_OPERATOR
            ROLE_ADMIN > ROLE_RELEASE_MANAGER
            ROLE_OPERATOR > ROLE_VIEWER
            ROLE_RELEASE_MANAGER > ROLE_VIEWER
            """;

    public String authority() {
        return "ROLE_" + name();
    }

    /** Reads "operator", "release-manager", "RELEASE_MANAGER" or "ROLE_ADMIN"; empty for anything else. */
    public static Optional<Role> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String name = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        if (name.startsWith("ROLE_")) {
            name = name.substring(5);
        }
        for (Role role : values()) {
            if (role.name().equals(name)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
