package io.scrumops.bridge.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The local users: the admin of the environment (or of the embedded default's generated password file), plus the
 * users of a YAML file and of an environment variable, each with a bcrypt or argon2 hash of their password and their
 * roles. A user named twice is refused at start-up rather than silently overridden.
 *
 * <pre>
 * users:
 *   - username: lee
 *     password: "$2a$10$..."        # bcrypt (htpasswd -bnBC 10 "" secret) or $argon2id$...
 *     roles: [viewer]
 * </pre>
 *
 * The environment variable holds {@code username:ROLE,ROLE:hash} entries separated by {@code ;}.
 */
final class LocalUsers {

    private LocalUsers() {
    }

    static List<UserDetails> load(String adminUsername, String adminDigest, String usersFile, String usersEnv) {
        Map<String, UserDetails> users = new LinkedHashMap<>();
        users.put(adminUsername, User.withUsername(adminUsername).password("{sha256}" + adminDigest)
                .roles(Role.ADMIN.name()).build());
        if (usersFile != null && !usersFile.isBlank()) {
            for (UserDetails user : fromFile(Path.of(usersFile.trim()))) {
                add(users, user, "users file " + usersFile);
            }
        }
        if (usersEnv != null && !usersEnv.isBlank()) {
            for (UserDetails user : fromEnvironment(usersEnv)) {
                add(users, user, "SCRUMOPS_USERS");
            }
        }
        return new ArrayList<>(users.values());
    }

    static List<UserDetails> fromFile(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the users file " + file, e);
        }
        JsonNode list = root == null ? null : root.get("users");
        if (list == null || !list.isArray()) {
            throw new IllegalStateException("The users file " + file + " has no 'users' list");
        }
        List<UserDetails> users = new ArrayList<>();
        for (JsonNode node : list) {
            String username = node.path("username").asText("");
            String where = "users file " + file + (username.isBlank() ? "" : ", user '" + username + "'");
            List<String> roles = new ArrayList<>();
            node.path("roles").forEach(r -> roles.add(r.asText()));
            if (node.path("roles").isTextual()) {
                roles.addAll(List.of(node.path("roles").asText().split(",")));
            }
            users.add(user(username, node.path("password").asText(""), roles, where));
        }
        return users;
    }

    static List<UserDetails> fromEnvironment(String value) {
        List<UserDetails> users = new ArrayList<>();
        for (String entry : value.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] parts = entry.trim().split(":", 3);
            if (parts.length < 3) {
                throw new IllegalStateException("SCRUMOPS_USERS entry '" + parts[0]
                        + "' is not of the form username:ROLE,ROLE:hash");
            }
            users.add(user(parts[0], parts[2], List.of(parts[1].split(",")), "SCRUMOPS_USERS user '" + parts[0] + "'"));
        }
        return users;
    }

    private static UserDetails user(String username, String hash, List<String> roleNames, String where) {
        if (username.isBlank()) {
            throw new IllegalStateException("A user without username in the " + where);
        }
        Set<String> roles = new LinkedHashSet<>();
        for (String name : roleNames) {
            if (name.isBlank()) {
                continue;
            }
            roles.add(Role.parse(name).orElseThrow(() -> new IllegalStateException("Unknown role '" + name.trim()
                    + "' in the " + where + " (known: viewer, release-manager, operator, admin)")).name());
        }
        if (roles.isEmpty()) {
            throw new IllegalStateException("No role for the " + where);
        }
        return User.withUsername(username).password(storedHash(hash.trim(), where))
                .roles(roles.toArray(String[]::new)).build();
    }

    /** bcrypt and argon2 hashes as tools print them, tagged for the delegating password encoder. */
    static String storedHash(String hash, String where) {
        if (hash.startsWith("{bcrypt}") || hash.startsWith("{argon2}")) {
            return hash;
        }
        if (hash.matches("\\$2[aby]?\\$\\d\\d\\$.{53}")) {
            return "{bcrypt}" + hash;
        }
        if (hash.startsWith("$argon2")) {
            return "{argon2}" + hash;
        }
        throw new IllegalStateException("The password of the " + where
                + " is not a bcrypt ($2a$/$2b$/$2y$) or argon2 ($argon2id$) hash; plain passwords are not accepted");
    }

    private static void add(Map<String, UserDetails> users, UserDetails user, String where) {
        if (users.putIfAbsent(user.getUsername(), user) != null) {
            throw new IllegalStateException("User '" + user.getUsername() + "' is defined twice (again in the " + where
                    + ")");
        }
    }
}
