package io.scrumops.bridge.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DigestPasswordEncoderTest {

    private final DigestPasswordEncoder encoder = new DigestPasswordEncoder();

    @Test
    void acceptsOnlyTheEncodedPassword() {
        String stored = encoder.encode("s3cret");
        assertThat(stored).doesNotContain("s3cret");
        assertThat(encoder.matches("s3cret", stored)).isTrue();
        assertThat(encoder.matches("s3cret ", stored)).isFalse();
        assertThat(encoder.matches("", stored)).isFalse();
        assertThat(encoder.matches(null, stored)).isFalse();
    }
}
