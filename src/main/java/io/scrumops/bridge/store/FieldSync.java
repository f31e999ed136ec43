package io.scrumops.bridge.store;

import io.scrumops.bridge.model.SourceSystem;
import java.time.Instant;

/**
 * The value both sides of a pair last agreed on for one field.
 *
 * @param valueHash fingerprint of the canonical value
 * @param sourceAt  the source's own update time of the change that set it
 * @param pendingTo the system a write of this value went to and whose echo has not come back yet, or null
 */
public record FieldSync(String pairId, String field, String valueHash, String value, SourceSystem sourceSystem,
                        Instant sourceAt, Instant syncedAt, SourceSystem pendingTo) {
}
