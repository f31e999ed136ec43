package io.scrumops.bridge.writeback;

/**
 * The claim a command was being applied under is no longer this claimer's (its lease ran out; the command may be
 * claimed again by another): the write it was about to make is not made, and the command is left to the newer claim.
 */
public class ClaimLostException extends RuntimeException {

    public ClaimLostException(String operation) {
        super("claim lost before " + operation);
    }
}
