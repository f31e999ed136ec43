package io.scrumops.bridge.alignment;

import io.scrumops.bridge.store.AuditEntry;
import io.scrumops.bridge.store.FieldSync;
import io.scrumops.bridge.store.SyncLink;

import java.util.List;

/**
 * A pair as the links API shows it: both links, the last sync of each field and the pair's audit trail.
 *
 * @param commentsCarried how many comments have been carried across, both ways
 */
public record PairView(String pairId, SyncLink serviceNow, SyncLink jira, List<FieldSync> fields,
                       long commentsCarried, List<AuditEntry> audit) {
}
