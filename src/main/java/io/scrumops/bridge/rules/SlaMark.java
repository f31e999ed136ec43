package io.scrumops.bridge.rules;

/**
 * What has already been announced for a work package's SLA: the highest warning threshold and whether the
 * breach was. The sweep compares against it so that each threshold and the breach are announced once.
 *
 * @param highestWarning null when no warning was announced
 */
public record SlaMark(Double highestWarning, boolean breached) {

    public static final SlaMark NONE = new SlaMark(null, false);

    SlaMark after(SlaStatus status) {
        Double highest = highestWarning;
        if (status.highestThreshold() != null && (highest == null || status.highestThreshold() > highest)) {
            highest = status.highestThreshold();
        }
        return new SlaMark(highest, breached || status.isBreached());
    }
}
