package io.scrumops.bridge.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OidcPropertiesTest {

    private final OidcProperties oidc = new OidcProperties("https://id.example.com", "bridge", "s", null,
            "scrumops-admins=ADMIN, Release Managers=release-manager,ops=OPERATOR", null, null);

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
        assertThat(new OidcProperties("x", "c", "s", "roles", "", null, null).rolesClaim()).isEqualTo("roles");
    }

    @Test
    void namesTheUserByPreferredUsernameThenEmailThenSubject() {
        assertThat(oidc.nameIn(java.util.Map.of("sub", "u-42", "email", "sam@example.com", "preferred_username", "sam")))
                .isEqualTo("sam");
        assertThat(oidc.nameIn(java.util.Map.of("sub", "u-42", "email", "sam@example.com", "preferred_username", " ")))
                .isEqualTo("sam@example.com");
        assertThat(oidc.nameIn(java.util.Map.of("sub", "u-42"))).isEqualTo("u-42");
        var byName = new OidcProperties("x", "c", "s", null, null, "scrumops-api", "name");
        assertThat(byName.nameIn(java.util.Map.of("sub", "u-42", "name", "Sam Lee", "preferred_username", "sam")))
                .isEqualTo("Sam Lee");
        assertThat(byName.audience()).isEqualTo("scrumops-api");
        assertThat(oidc.audience()).isNull();
    }

    @Test
    void isOffWithoutAnIssuer() {
        assertThat(new OidcProperties("", "c", "s", null, null, null, null).enabled()).isFalse();
        assertThat(oidc.enabled()).isTrue();
    }

    @Test
    void refusesAMappingToAnUnknownRole() {
        assertThatThrownBy(() -> new OidcProperties("x", "c", "s", null, "devs=DEVELOPER", null, null).rolesFor(List.of("devs")))
                .hasMessage("SCRUMOPS_OIDC_ROLE_MAPPING names an unknown role 'DEVELOPER'");
    }
}
