package io.scrumops.bridge.rules;

/** A story names an SLA policy that is not configured. */
public class UnknownSlaPolicyException extends RuntimeException {

    private final String policyName;

    public UnknownSlaPolicyException(String policyName) {
        super("SLA policy '" + policyName + "' is not configured");
        this.policyName = policyName;
    }

    public String policyName() {
        return policyName;
    }
}
