package io.scrumops.bridge.adapter.jira;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.time.ZoneId;

/**
 * How Jira is read back: the reconciliation sweep (JQL {@code updated >= watermark}), backfill and REST reads.
 *
 * @param periodMs      how often the sweep runs (the route's timer)
 * @param pageSize      maxResults per search page
 * @param overlap       how far before the last sweep's start the next one looks again: JQL compares in minutes
 *                      and in the Jira user's time zone, and an issue saved during a sweep must not fall between two
 * @param lookback      how far back the very first sweep looks
 * @param jql           an optional restriction ANDed to every sweep, e.g. {@code project in (OPS, APP)}
 * @param timeZone      the time zone of the Jira account the bridge reads with (JQL dates are read in it)
 * @param maxRetries    how often a read answered 429 is tried again
 * @param maxRetryWait  the longest Retry-After honoured; longer waits fail the sweep, which runs again later
 */
@Validated
@ConfigurationProperties("scrumops.jira.reconcile")
public record JiraReconcileProperties(@DefaultValue("300000") @Min(1) long periodMs,
                                      @DefaultValue("50") @Min(1) @Max(1000) int pageSize,
                                      @DefaultValue("PT5M") @DurationMin(millis = 0) Duration overlap,
                                      @DefaultValue("P1D") @DurationMin(millis = 0) Duration lookback,
                                      @DefaultValue("") String jql,
                                      @DefaultValue("UTC") ZoneId timeZone,
                                      @DefaultValue("3") @Min(0) int maxRetries,
                                      @DefaultValue("PT60S") @DurationMin(millis = 0) Duration maxRetryWait) {
}
