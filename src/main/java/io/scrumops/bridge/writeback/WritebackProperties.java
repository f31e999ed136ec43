package io.scrumops.bridge.writeback;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How the writers apply outbox commands.
 *
 * @param batchSize          commands claimed per poll
 * @param maxAttempts        attempts before a command that keeps failing goes to the dead letters
 * @param backoffBase        wait after the first failed attempt; doubled per attempt up to {@code backoffMax}
 * @param claimTimeout       a command claimed longer ago than this was abandoned by a dead instance and is given back
 * @param jiraRatePerSecond  calls per second to Jira (its per-issue write limit is 20 per 2 s)
 * @param serviceNowRatePerSecond calls per second to ServiceNow
 * @param maxRateWait        longest a call waits for the rate limiter before the command is deferred instead
 * @param circuitOpenRetry   when a command short-circuited by an open breaker is tried again
 */
@ConfigurationProperties("scrumops.writeback")
public record WritebackProperties(@DefaultValue("50") int batchSize, @DefaultValue("8") int maxAttempts,
                                  @DefaultValue("PT2S") Duration backoffBase, @DefaultValue("PT5M") Duration backoffMax,
                                  @DefaultValue("PT5M") Duration claimTimeout,
                                  @DefaultValue("10") double jiraRatePerSecond,
                                  @DefaultValue("10") double serviceNowRatePerSecond,
                                  @DefaultValue("PT10S") Duration maxRateWait,
                                  @DefaultValue("PT30S") Duration circuitOpenRetry) {

    public WritebackProperties {
        atLeastOne("batch-size", batchSize);
        atLeastOne("max-attempts", maxAttempts);
        positive("backoff-base", backoffBase);
        positive("backoff-max", backoffMax);
        positive("claim-timeout", claimTimeout);
        positive("circuit-open-retry", circuitOpenRetry);
        if (maxRateWait.isNegative()) {
            throw new IllegalArgumentException("scrumops.writeback.max-rate-wait must not be negative, not " + maxRateWait);
        }
        if (!(jiraRatePerSecond > 0) || !(serviceNowRatePerSecond > 0)) {
            throw new IllegalArgumentException("scrumops.writeback.jira-rate-per-second and service-now-rate-per-second"
                    + " must be above 0, not " + jiraRatePerSecond + " and " + serviceNowRatePerSecond);
        }
    }

    private static void atLeastOne(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("scrumops.writeback." + name + " must be at least 1, not " + value);
        }
    }

    private static void positive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("scrumops.writeback." + name + " must be above zero, not " + value);
        }
    }

    /** Wait after the {@code attempt}-th failed attempt: base, 2 x base, 4 x base ..., at most backoffMax. */
    public Duration backoff(int attempt) {
        int doublings = Math.min(Math.max(attempt - 1, 0), 20);
        Duration wait = backoffBase.multipliedBy(1L << doublings);
        return wait.compareTo(backoffMax) > 0 ? backoffMax : wait;
    }
}
