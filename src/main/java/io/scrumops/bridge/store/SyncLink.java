package io.scrumops.bridge.store;

import io.scrumops.bridge.model.SourceSystem;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A bridge work item's counterpart in one system.
 *
 * @param fieldFingerprints field name to a fingerprint of the value last written to or read from the counterpart,
 *                          so that the echo of the bridge's own write is recognised and not synced back
 */
public record SyncLink(String workItemId, SourceSystem system, String nativeId, String nativeKey, String url,
                       Long lastSyncedVersion, Instant lastSyncedAt, Map<String, String> fieldFingerprints) {

    public SyncLink {
        Objects.requireNonNull(workItemId, "workItemId");
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(nativeId, "nativeId");
        fieldFingerprints = fieldFingerprints == null ? Map.of() : Map.copyOf(fieldFingerprints);
    }

    public static SyncLink of(String workItemId, SourceSystem system, String nativeId, String nativeKey, String url) {
        return new SyncLink(workItemId, system, nativeId, nativeKey, url, null, null, Map.of());
    }
}
