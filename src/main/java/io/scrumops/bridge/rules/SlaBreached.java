package io.scrumops.bridge.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** A work package's SLA clock passed its target. */
public record SlaBreached(String workPackageId, Duration target, Instant breachedAt) implements RuleCommand {

    public SlaBreached {
        Objects.requireNonNull(workPackageId, "workPackageId");
    }

    @Override
    public String idempotencyKey() {
        return "sla-breached:" + workPackageId;
    }
}
