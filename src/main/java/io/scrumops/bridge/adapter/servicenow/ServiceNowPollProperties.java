package io.scrumops.bridge.adapter.servicenow;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.List;

/**
 * Polling of the Table API by {@code sys_updated_on} watermark; the same sweep serves reconciliation and backfill.
 *
 * @param periodMs how often the tables are polled (the route's timer)
 * @param pageSize sysparm_limit per page
 * @param tables   the tables polled
 * @param lookback how far back the very first poll of a table looks
 * @param rateLimitedPause    pause after a read answered 429, doubled with every 429 in a row up to
 *                            {@code rateLimitedPauseMax}; polls and backfills wait longer when ServiceNow gave a later time
 * @param rateLimitedPauseMax longest such pause
 * @param rateLimitedRetries  how many 429s in a row a backfill waits out before it fails
 */
@Validated
@ConfigurationProperties("scrumops.servicenow.poll")
public record ServiceNowPollProperties(@DefaultValue("60000") @Min(1) long periodMs,
                                       @DefaultValue("100") @Min(1) @Max(10_000) int pageSize,
                                       @DefaultValue({"incident", "change_request", "problem"})
                                       List<@Pattern(regexp = ServiceNowQueryValues.NAME_REGEX,
                                               message = "must be a ServiceNow table name such as incident") String> tables,
                                       @DefaultValue("P1D") @DurationMin(millis = 0) Duration lookback,
                                       @DefaultValue("PT1M") @DurationMin(millis = 1) Duration rateLimitedPause,
                                       @DefaultValue("PT30M") @DurationMin(millis = 1) Duration rateLimitedPauseMax,
                                       @DefaultValue("5") @Min(0) int rateLimitedRetries) {

    /** The pause after the {@code inARow}-th 429 in a row. */
    public Duration rateLimitedPause(int inARow) {
        int doublings = Math.min(Math.max(inARow - 1, 0), 20);
        Duration pause = rateLimitedPause.multipliedBy(1L << doublings);
        return pause.compareTo(rateLimitedPauseMax) > 0 ? rateLimitedPauseMax : pause;
    }
}
