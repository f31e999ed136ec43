package io.scrumops.bridge.writeback;

import java.util.function.BooleanSupplier;

/**
 * One attempt at applying a claimed command, as a writer sees it.
 *
 * @param number 1 for the first try; a later attempt may follow a write whose answer was lost (a timeout, a dropped
 *               connection after the request was sent), so a write that must not be made twice looks for what it
 *               would make first
 * @param marker what the writer puts in such a write so that a later attempt finds it ({@code outbox:<id>}), or null
 * @param claim  whether the claim the attempt runs under is still this claimer's
 */
public record WriteAttempt(int number, String marker, BooleanSupplier claim) {

    /** An attempt outside the outbox (no marker, no claim to lose). */
    public static WriteAttempt unclaimed(int number) {
        return new WriteAttempt(number, null, () -> true);
    }

    public boolean isRetry() {
        return number > 1;
    }

    /**
     * Called just before a write that must not be made twice (a create, a comment, a work note, an attachment): when
     * the claim's lease ran out, another claimer may have taken the command over and be making the same write, so
     * this attempt gives the command up instead.
     *
     * @throws ClaimLostException when the claim is no longer this claimer's
     */
    public void confirmClaim(String operation) {
        if (!claim.getAsBoolean()) {
            throw new ClaimLostException(operation);
        }
    }
}
