package io.scrumops.bridge.store;

/**
 * A held-back upsert of a store batch did not do what the batch had already answered for it (another writer stored
 * the item meanwhile). Fails the batch, which is then stored record by record; not a fault of any record.
 */
public class ConcurrentlyStoredException extends IllegalStateException {

    public ConcurrentlyStoredException(String message) {
        super(message);
    }
}
