package io.scrumops.bridge.alignment.transform;

/**
 * A value a transform cannot carry: a person with no counterpart, a value missing from a value table, a date that
 * does not parse. The field is left unset on the other side and the reason is written to the audit log; nothing is
 * guessed.
 */
public class UnresolvedValueException extends RuntimeException {

    private final String value;

    public UnresolvedValueException(String value, String reason) {
        super(reason + ": '" + value + "'");
        this.value = value;
    }

    public String value() {
        return value;
    }
}
