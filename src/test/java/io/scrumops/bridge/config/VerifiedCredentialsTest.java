package io.scrumops.bridge.config;

import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VerifiedCredentialsTest {

    private final DigestPasswordEncoder digest = new DigestPasswordEncoder();
    private final InMemoryUserDetailsManager store = new InMemoryUserDetailsManager(
            User.withUsername("admin").password(digest.encode("admin-pw")).roles("ADMIN").build(),
            User.withUsername("vera").password(digest.encode("viewer-pw")).roles("VIEWER").build(),
            User.withUsername("a").password(digest.encode("b\u0000c")).roles("VIEWER").build());
    private final AtomicInteger lookups = new AtomicInteger();
    private final VerifiedCredentials credentials = new VerifiedCredentials(dao(username -> {
        lookups.incrementAndGet();
        return store.loadUserByUsername(username);
    }));
    /** As the webhook chain uses it: credentials are erased from what it answers. */
    private final ProviderManager manager = new ProviderManager(credentials);

    private DaoAuthenticationProvider dao(UserDetailsService users) {
        DaoAuthenticationProvider provider = new DaoAuthenticationProvider(users);
        provider.setPasswordEncoder(digest);
        return provider;
    }

    @Test
    void aUserAndPasswordVerifiedOnceAreTakenAgainWithoutAskingTheStoreWithTheSameUserAndRoles() {
        Authentication first = manager.authenticate(basic("admin", "admin-pw", "10.0.0.1"));
        Authentication second = manager.authenticate(basic("admin", "admin-pw", "10.0.0.2"));

        assertThat(lookups).hasValue(1);
        assertThat(second.isAuthenticated()).isTrue();
        assertThat(second.getName()).isEqualTo("admin");
        assertThat(second.getAuthorities()).extracting(GrantedAuthority::getAuthority).containsExactly("ROLE_ADMIN");
        assertThat(first.getAuthorities()).extracting(GrantedAuthority::getAuthority).containsExactly("ROLE_ADMIN");
        assertThat(second.getDetails()).as("the request's own details, not the first one's").isEqualTo("10.0.0.2");
        assertThat(second.getCredentials()).isNull();
        assertThat(((UserDetails) second.getPrincipal()).getPassword()).as("no password kept").isNull();
    }

    @Test
    void aWrongPasswordIsRefusedEveryTimeEvenAfterTheRightOneWasVerified() {
        manager.authenticate(basic("vera", "viewer-pw", null));

        assertThatThrownBy(() -> manager.authenticate(basic("vera", "viewer-pw ", null)))
                .isInstanceOf(BadCredentialsException.class);
        assertThatThrownBy(() -> manager.authenticate(basic("vera", "admin-pw", null)))
                .isInstanceOf(BadCredentialsException.class);
        assertThatThrownBy(() -> manager.authenticate(basic("admin", "viewer-pw", null)))
                .isInstanceOf(BadCredentialsException.class);
        assertThat(lookups).as("each refusal asked the store").hasValue(4);
        assertThat(credentials.remembered()).isEqualTo(1);
    }

    @Test
    void anotherUserWithTheRememberedPasswordIsNotTakenForTheRememberedOne() {
        manager.authenticate(basic("vera", "viewer-pw", null));

        assertThat(manager.authenticate(basic("vera", "viewer-pw", null)).getName()).isEqualTo("vera");
        assertThatThrownBy(() -> manager.authenticate(basic("veraX", "viewer-pw", null)))
                .isInstanceOf(BadCredentialsException.class);
    }

    @Test
    void theSameBytesSplitElsewhereBetweenUserAndPasswordAreNotTheRememberedPair() {
        // "a" with "b\0c" passes; "a\0b" with "c" is another pair and no such user exists
        manager.authenticate(basic("a", "b\u0000c", null));

        assertThatThrownBy(() -> manager.authenticate(basic("a\u0000b", "c", null)))
                .isInstanceOf(BadCredentialsException.class)
                .satisfies(e -> assertThat(e).isNotInstanceOf(UsernameNotFoundException.class));
    }

    @Test
    void onlyABoundedNumberOfPairsIsRemembered() {
        InMemoryUserDetailsManager many = new InMemoryUserDetailsManager();
        for (int i = 0; i < 100; i++) {
            many.createUser(User.withUsername("u" + i).password(digest.encode("p" + i)).roles("VIEWER").build());
        }
        VerifiedCredentials bounded = new VerifiedCredentials(dao(many));
        for (int i = 0; i < 100; i++) {
            assertThat(bounded.authenticate(basic("u" + i, "p" + i, null)).getName()).isEqualTo("u" + i);
            assertThat(bounded.remembered()).isBetween(1, VerifiedCredentials.MAX_REMEMBERED);
        }
    }

    private static Authentication basic(String username, String password, Object details) {
        UsernamePasswordAuthenticationToken request = UsernamePasswordAuthenticationToken.unauthenticated(username,
                password);
        request.setDetails(details);
        return request;
    }
}
