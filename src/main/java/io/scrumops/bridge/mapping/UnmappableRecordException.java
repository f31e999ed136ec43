package io.scrumops.bridge.mapping;

/**
 * A record that cannot be turned into the model with the mapping files in force: the payload is not what it
 * claims to be, a value is not in a file, or a file cannot be used. Such a record is refused or quarantined with
 * this message, never retried as it is.
 */
public abstract class UnmappableRecordException extends RuntimeException {

    protected UnmappableRecordException(String message) {
        super(message);
    }

    protected UnmappableRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
