package io.scrumops.bridge.ingest;

/**
 * @param quarantineId set when the record could not be mapped and was quarantined
 * @param reason       why it was quarantined, or what was applied
 */
public record NormalizationOutcome(boolean applied, Long quarantineId, String reason) {

    static NormalizationOutcome stored(String what) {
        return new NormalizationOutcome(true, null, what);
    }

    static NormalizationOutcome quarantined(long id, String reason) {
        return new NormalizationOutcome(false, id, reason);
    }

    public boolean isQuarantined() {
        return quarantineId != null;
    }
}
