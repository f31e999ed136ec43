package io.scrumops.bridge.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalUsersTest {

    private static final String BCRYPT_VIEWER = "$2a$04$AJ.T8iEh.tgzvVdzvSB/y.fMoSvzBH7jMFxXnN.k4eGfLvD6FfcxC";

    @TempDir
    Path dir;

    @Test
    void readsUsersFromTheFileWithTheirRolesBesideTheAdmin() throws Exception {
        Path file = dir.resolve("users.yaml");
        Files.writeString(file, """
                users:
                  - username: vera
                    password: "%s"
                    roles: [viewer]
                  - username: rita
                    password: "$argon2id$v=19$m=16384,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g"
                    roles: [release-manager, OPERATOR]
                """.formatted(BCRYPT_VIEWER));

        List<UserDetails> users = LocalUsers.load("admin", "abc123", file.toString(), "");

        assertThat(users).extracting(UserDetails::getUsername).containsExactly("admin", "vera", "rita");
        assertThat(roles(users.get(0))).containsExactly("ROLE_ADMIN");
        assertThat(users.get(0).getPassword()).isEqualTo("{sha256}abc123");
        assertThat(roles(users.get(1))).containsExactly("ROLE_VIEWER");
        assertThat(users.get(1).getPassword()).isEqualTo("{bcrypt}" + BCRYPT_VIEWER);
        assertThat(roles(users.get(2))).containsExactlyInAnyOrder("ROLE_RELEASE_MANAGER", "ROLE_OPERATOR");
        assertThat(users.get(2).getPassword()).startsWith("{argon2}$argon2id$");
    }

    @Test
    void readsUsersFromTheEnvironmentVariable() {
        List<UserDetails> users = LocalUsers.load("admin", "abc", "",
                "lee:viewer:" + BCRYPT_VIEWER + "; otto:OPERATOR,release-manager:" + BCRYPT_VIEWER);

        assertThat(users).extracting(UserDetails::getUsername).containsExactly("admin", "lee", "otto");
        assertThat(roles(users.get(2))).containsExactlyInAnyOrder("ROLE_OPERATOR", "ROLE_RELEASE_MANAGER");
    }

    @Test
    void refusesAPlainPasswordNamingTheUser() {
        assertThatThrownBy(() -> LocalUsers.load("admin", "abc", "", "lee:viewer:secret"))
                .hasMessage("The password of the SCRUMOPS_USERS user 'lee' is not a bcrypt ($2a$/$2b$/$2y$) or "
                        + "argon2 ($argon2id$) hash; plain passwords are not accepted");
    }

    @Test
    void refusesAnUnknownRole() {
        assertThatThrownBy(() -> LocalUsers.load("admin", "abc", "", "lee:superuser:" + BCRYPT_VIEWER))
                .hasMessage("Unknown role 'superuser' in the SCRUMOPS_USERS user 'lee' "
                        + "(known: viewer, release-manager, operator, admin)");
    }

    @Test
    void refusesAUserDefinedTwice() {
        assertThatThrownBy(() -> LocalUsers.load("admin", "abc", "", "admin:viewer:" + BCRYPT_VIEWER))
                .hasMessage("User 'admin' is defined twice (again in the SCRUMOPS_USERS)");
    }

    private static List<String> roles(UserDetails user) {
        return user.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
    }
}
