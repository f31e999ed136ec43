package io.scrumops.bridge.model;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a record came from: the system, the entity type there, its native id and human key, a link,
 * and the version the source gave it. {@code version} is the source's own counter where it has one
 * (ServiceNow {@code sys_mod_count}); {@code updatedAt} is the source's last-updated time.
 */
public record SourceRef(SourceSystem system, String entity, String nativeId, String key, String url,
                        long version, Instant updatedAt) {

    public SourceRef {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(nativeId, "nativeId");
    }

    /** The id of the form {@code <system>:<entity>:<nativeId>} used across the bridge. */
    public String globalId() {
        return system.code() + ":" + entity + ":" + nativeId;
    }

    /** True when this reference describes a state at least as new as {@code other}: later update time, or same time and no lower version. */
    public boolean isNotOlderThan(SourceRef other) {
        if (other == null) {
            return true;
        }
        int byTime = compareNullable(updatedAt, other.updatedAt);
        return byTime > 0 || (byTime == 0 && version >= other.version);
    }

    private static int compareNullable(Instant a, Instant b) {
        if (a == null && b == null) {
            return 0;
        }
        if (a == null) {
            return -1;
        }
        if (b == null) {
            return 1;
        }
        return a.compareTo(b);
    }
}
