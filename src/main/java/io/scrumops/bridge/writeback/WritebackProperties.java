package io.scrumops.bridge.writeback;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

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
@Validated
@ConfigurationProperties("scrumops.writeback")
public record WritebackProperties(@DefaultValue("50") @Min(1) int batchSize, @DefaultValue("8") @Min(1) int maxAttempts,
                                  @DefaultValue("PT2S") @DurationMin(millis = 1) Duration backoffBase,
                                  @DefaultValue("PT5M") @DurationMin(millis = 1) Duration backoffMax,
                                  @DefaultValue("PT5M") @DurationMin(millis = 1) Duration claimTimeout,
                                  @DefaultValue("10") @Positive double jiraRatePerSecond,
                                  @DefaultValue("10") @Positive double serviceNowRatePerSecond,
                                  @DefaultValue("PT10S") @DurationMin(millis = 0) Duration maxRateWait,
                                  @DefaultValue("PT30S") @DurationMin(millis = 1) Duration circuitOpenRetry) {

    /** Wait after the {@code attempt}-th failed attempt: base, 2 x base, 4 x base ..., at most backoffMax. */
    public Duration backoff(int attempt) {
        int doublings = Math.min(Math.max(attempt - 1, 0), 20);
        Duration wait = backoffBase.multipliedBy(1L << doublings);
        return wait.compareTo(backoffMax) > 0 ? backoffMax : wait;
    }
}
