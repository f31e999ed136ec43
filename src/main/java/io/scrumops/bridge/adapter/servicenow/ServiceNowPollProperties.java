package io.scrumops.bridge.adapter.servicenow;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

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
@ConfigurationProperties("scrumops.servicenow.poll")
public record ServiceNowPollProperties(@DefaultValue("60000") long periodMs,
                                       @DefaultValue("100") int pageSize,
                                       @DefaultValue({"incident", "change_request", "problem"}) List<String> tables,
                                       @DefaultValue("P1D") Duration lookback,
                                       @DefaultValue("PT1M") Duration rateLimitedPause,
                                       @DefaultValue("PT30M") Duration rateLimitedPauseMax,
                                       @DefaultValue("5") int rateLimitedRetries) {

    /** The pause after the {@code inARow}-th 429 in a row. */
    public Duration rateLimitedPause(int inARow) {
        int doublings = Math.min(Math.max(inARow - 1, 0), 20);
        Duration pause = rateLimitedPause.multipliedBy(1L << doublings);
        return pause.compareTo(rateLimitedPauseMax) > 0 ? rateLimitedPauseMax : pause;
    }
}
