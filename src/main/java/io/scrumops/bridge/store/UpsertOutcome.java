package io.scrumops.bridge.store;

/** What a version-guarded upsert did with the incoming record. */
public enum UpsertOutcome {
    /** No row had this id; the record was stored. */
    INSERTED,
    /** The record was not older than the stored one and differed from it; it replaced it. */
    UPDATED,
    /** The stored record is the same; nothing was written (a redelivery). */
    UNCHANGED,
    /** The stored record is newer by source time or version; the incoming one was dropped. */
    STALE;

    public boolean isApplied() {
        return this == INSERTED || this == UPDATED;
    }
}
