package io.scrumops.bridge.alignment;

import io.scrumops.bridge.model.SourceSystem;

import java.time.Instant;

/**
 * Who decides a field.
 *
 * @param owner    the system of record, or null for "newest"
 * @param conflict who wins a conflict, or null for "newest"
 */
public record FieldPolicy(SourceSystem owner, SourceSystem conflict) {

    /** The winner of a conflict between a change from {@code a} at {@code aAt} and one from {@code b} at {@code bAt}. */
    SourceSystem conflictWinner(SourceSystem a, Instant aAt, SourceSystem b, Instant bAt) {
        if (conflict != null) {
            return conflict;
        }
        if (aAt == null || bAt == null) {
            return a;
        }
        return aAt.isBefore(bAt) ? b : a;
    }
}
