package io.scrumops.bridge.config;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.UserDetails;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HTTP Basic authentication of webhook senders, remembering the credentials it has already verified. A sender posts
 * the same user and password with every delivery; checking them each time loaded a fresh copy of the user (its
 * authorities sorted anew), ran the password encoder (an argon2 or bcrypt hash for users of the users file, tens of
 * milliseconds) and built the result: an eighth of a webhook's request-thread CPU with the admin's digest password.
 *
 * <p>The local users are fixed when the bridge starts (nothing changes them while it runs), so a user and password
 * that passed once pass again with the same user and roles: the decision is the same, only cheaper. Only successful
 * checks are remembered, by a SHA-256 digest of user and password (no password is kept; the user remembered is the
 * one the check returned, its password erased); anything not remembered goes to the delegate, so wrong passwords,
 * unknown users and their failure events are exactly as before. At most {@link #MAX_REMEMBERED} pairs are kept
 * (forgotten all at once beyond that), so a stream of distinct credentials cannot grow the memory.
 */
final class VerifiedCredentials implements AuthenticationProvider {

    static final int MAX_REMEMBERED = 64;

    private final AuthenticationProvider delegate;
    private final Map<Key, UserDetails> verified = new ConcurrentHashMap<>();

    /** @param delegate checks what is not remembered (the user store and password encoder) */
    VerifiedCredentials(AuthenticationProvider delegate) {
        this.delegate = delegate;
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        if (!(authentication.getCredentials() instanceof String password) || authentication.getName() == null) {
            return delegate.authenticate(authentication);
        }
        Key key = Key.of(authentication.getName(), password);
        UserDetails user = verified.get(key);
        if (user != null) {
            // as the delegate answers: the user as principal, its authorities, the request's details
            UsernamePasswordAuthenticationToken result = UsernamePasswordAuthenticationToken.authenticated(user,
                    null, user.getAuthorities());
            result.setDetails(authentication.getDetails());
            return result;
        }
        Authentication result = delegate.authenticate(authentication);
        if (result != null && result.isAuthenticated() && result.getPrincipal() instanceof UserDetails checked
                && checked.getUsername().equals(authentication.getName())) {
            if (verified.size() >= MAX_REMEMBERED) {
                verified.clear();
            }
            verified.put(key, checked);
        }
        return result;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return delegate.supports(authentication);
    }

    int remembered() {
        return verified.size();
    }

    /** A user and password, by the SHA-256 digest of both. */
    private record Key(byte[] digest) {

        /** Cloned per key: looking the algorithm up among the security providers cost more than the digest. */
        private static final MessageDigest SHA_256;

        static {
            try {
                SHA_256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        static Key of(String username, String password) {
            MessageDigest sha256;
            try {
                sha256 = (MessageDigest) SHA_256.clone();
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException(e);
            }
            byte[] name = username.getBytes(StandardCharsets.UTF_8);
            // the name's length first, so that no other split of the same bytes gives the same digest
            sha256.update(java.nio.ByteBuffer.allocate(4).putInt(name.length).array());
            sha256.update(name);
            return new Key(sha256.digest(password.getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Arrays.equals(digest, key.digest);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(digest);
        }
    }
}
