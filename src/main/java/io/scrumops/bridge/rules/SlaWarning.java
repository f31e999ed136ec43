package io.scrumops.bridge.rules;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** A work package's SLA clock crossed a warning threshold (a fraction of its target). */
public record SlaWarning(String workPackageId, double threshold, Duration elapsed, Duration remaining,
                         Instant deadline) implements RuleCommand {

    public SlaWarning {
        Objects.requireNonNull(workPackageId, "workPackageId");
    }

    @Override
    public String idempotencyKey() {
        return "sla-warning:" + workPackageId + ":" + BigDecimal.valueOf(threshold).stripTrailingZeros().toPlainString();
    }
}
