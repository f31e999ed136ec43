package io.scrumops.bridge.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class AdminPasswordFileTest {

    @TempDir
    Path dir;

    @Test
    void generatesAPasswordOnlyTheOwnerCanReadAndKeepsItAcrossStarts() throws Exception {
        Path path = dir.resolve("data").resolve("admin-password");
        String first = new AdminPasswordFile(path).readOrCreate();
        assertThat(first).hasSizeGreaterThanOrEqualTo(24);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-------");
        assertThat(new AdminPasswordFile(path).readOrCreate()).isEqualTo(first);
    }

    @Test
    void twoFreshFilesGetDifferentPasswords() {
        String a = new AdminPasswordFile(dir.resolve("a")).readOrCreate();
        String b = new AdminPasswordFile(dir.resolve("b")).readOrCreate();
        assertThat(a).isNotEqualTo(b);
    }
}
