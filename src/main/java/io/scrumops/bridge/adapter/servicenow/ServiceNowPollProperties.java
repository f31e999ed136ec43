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
 */
@ConfigurationProperties("scrumops.servicenow.poll")
public record ServiceNowPollProperties(@DefaultValue("60000") long periodMs,
                                       @DefaultValue("100") int pageSize,
                                       @DefaultValue({"incident", "change_request"}) List<String> tables,
                                       @DefaultValue("P1D") Duration lookback) {
}
