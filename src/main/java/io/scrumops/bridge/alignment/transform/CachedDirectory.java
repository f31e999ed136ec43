package io.scrumops.bridge.alignment.transform;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Keeps each answer of another {@link Directory}, found or not, for {@code expiry}: a person renamed or a record
 * retitled is seen again after that, and a busy pair does not ask the same question on every update.
 */
public final class CachedDirectory implements Directory {

    private record Entry(Optional<String> answer, Instant until) {
    }

    private final Directory remote;
    private final Duration expiry;
    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    public CachedDirectory(Directory remote, Duration expiry, Clock clock) {
        this.remote = remote;
        this.expiry = expiry;
        this.clock = clock;
    }

    private Optional<String> cached(String key, Supplier<Optional<String>> ask) {
        Instant now = clock.instant();
        Entry entry = entries.get(key);
        if (entry != null && now.isBefore(entry.until())) {
            return entry.answer();
        }
        Optional<String> answer = ask.get();
        entries.put(key, new Entry(answer, now.plus(expiry)));
        return answer;
    }

    @Override
    public Optional<String> jiraUserEmail(String user) {
        return cached("jira-email:" + user, () -> remote.jiraUserEmail(user));
    }

    @Override
    public Optional<String> jiraUserByEmail(String email) {
        return cached("jira-user:" + email.toLowerCase(Locale.ROOT), () -> remote.jiraUserByEmail(email));
    }

    @Override
    public Optional<String> serviceNowUserEmail(String sysId) {
        return cached("sn-email:" + sysId, () -> remote.serviceNowUserEmail(sysId));
    }

    @Override
    public Optional<String> serviceNowUserByEmail(String email) {
        return cached("sn-user:" + email.toLowerCase(Locale.ROOT), () -> remote.serviceNowUserByEmail(email));
    }

    @Override
    public Optional<String> serviceNowDisplay(String table, String field, String sysId) {
        return cached("sn-display:" + table + ":" + field + ":" + sysId, () -> remote.serviceNowDisplay(table, field, sysId));
    }

    @Override
    public Optional<String> serviceNowSysId(String table, String field, String value) {
        return cached("sn-sys-id:" + table + ":" + field + ":" + value, () -> remote.serviceNowSysId(table, field, value));
    }
}
