package io.scrumops.bridge.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OidcPropertiesTest {

    private final OidcProperties oidc = new OidcProperties("https://id.example.com", "bridge", "s", null,
            "scrumops-admins=ADMIN, Release Managers=release-manager,ops=OPERATOR");

    @Test
    void mapsGroupsToRolesAndTakesGroupsNamedLikeARole() {
        assertThat(oidc.rolesFor(List.of("release managers", "everyone", "viewer")))
                .containsExactly(Role.RELEASE_MANAGER, Role.VIEWER);
        assertThat(oidc.rolesFor("ops scrumops-admins")).containsExactly(Role.OPERATOR, Role.ADMIN);
        assertThat(oidc.rolesFor(null)).isEmpty();
    }

    @Test
    void readsGroupsFromTheGroupsClaimUnlessToldOtherwise() {
        assertThat(oidc.rolesClaim()).isEqualTo("groups");
        assertThat(new OidcProperties("x", "c", "s", "roles", "").rolesClaim()).isEqualTo("roles");
    }

    @Test
    void isOffWithoutAnIssuer() {
        assertThat(new OidcProperties("", "c", "s", null, null).enabled()).isFalse();
        assertThat(oidc.enabled()).isTrue();
    }

    @Test
    void refusesAMappingToAnUnknownRole() {
        assertThatThrownBy(() -> new OidcProperties("x", "c", "s", null, "devs=DEVELOPER").rolesFor(List.of("devs")))
                .hasMessage("SCRUMOPS_OIDC_ROLE_MAPPING names an unknown role 'DEVELOPER'");
    }
}
