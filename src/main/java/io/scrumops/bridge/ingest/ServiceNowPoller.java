package io.scrumops.bridge.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scrumops.bridge.adapter.servicenow.ServiceNowPollProperties;
import io.scrumops.bridge.adapter.servicenow.ServiceNowProperties;
import io.scrumops.bridge.adapter.servicenow.ServiceNowTableReader;
import io.scrumops.bridge.adapter.servicenow.ServiceNowTableSweep;
import io.scrumops.bridge.store.WatermarkRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * Polls the ServiceNow tables by {@code sys_updated_on} watermark (one per table) and feeds every record through the
 * inbound pipeline; the poll is also the ServiceNow reconciliation. A backfill reads an assignment group's history.
 */
@Component("serviceNowPoller")
public class ServiceNowPoller {

    private static final Logger log = LoggerFactory.getLogger(ServiceNowPoller.class);
    private static final DateTimeFormatter STORED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final String BEGINNING = "1970-01-01 00:00:00";
    private static final Pattern GROUP = Pattern.compile("[^\\^=]{1,200}");

    private final ServiceNowTableReader reader;
    private final ServiceNowProperties serviceNow;
    private final ServiceNowPollProperties settings;
    private final WatermarkRepository watermarks;
    private final InboundFeed feed;
    private final ObjectMapper json;
    private final Clock clock;

    public ServiceNowPoller(ServiceNowTableReader reader, ServiceNowProperties serviceNow,
                            ServiceNowPollProperties settings, WatermarkRepository watermarks, InboundFeed feed,
                            ObjectMapper json, Clock clock) {
        this.reader = reader;
        this.serviceNow = serviceNow;
        this.settings = settings;
        this.watermarks = watermarks;
        this.feed = feed;
        this.json = json;
        this.clock = clock;
    }

    public boolean isEnabled() {
        return serviceNow.isConfigured();
    }

    /** The scheduled poll; a failing table is logged and keeps its watermark, the others go on. */
    public void poll() {
        if (!isEnabled()) {
            return;
        }
        for (String table : settings.tables()) {
            try {
                pollTable(table, BackfillProgress.NONE);
            } catch (RuntimeException e) {
                log.warn("ServiceNow poll of {} failed, retried at the next run: {}", table, e.getMessage());
            }
        }
    }

    public ServiceNowTableSweep.Result pollTable(String table, BackfillProgress progress) {
        String name = watermarkName(table);
        String from = watermarks.get(name)
                .orElseGet(() -> STORED.format(clock.instant().minus(settings.lookback()).atZone(ZoneOffset.UTC)));
        var result = reader.sweep(table, "", new ServiceNowTableSweep.Position(from, null),
                record -> progress.record(feedRecord(table, record)),
                (pages, records) -> {
                    progress.page(pages, records);
                    log.debug("ServiceNow poll of {}: page {} read, {} records so far", table, pages, records);
                });
        watermarks.set(name, result.last().updatedOn());
        if (result.records() > 0) {
            log.info("ServiceNow poll of {}: {} records in {} pages, watermark {}", table, result.records(),
                    result.pages(), result.last().updatedOn());
        }
        return result;
    }

    /** Every record of the polled tables assigned to a group (its sys_id or its name), oldest first. */
    public void backfill(String assignmentGroup, BackfillProgress progress) {
        if (assignmentGroup == null || !GROUP.matcher(assignmentGroup).matches()) {
            throw new IllegalArgumentException("assignmentGroup must be a group sys_id or name without ^ or =, was '"
                    + assignmentGroup + "'");
        }
        String filter = "assignment_group=" + assignmentGroup + "^ORassignment_group.name=" + assignmentGroup;
        for (String table : settings.tables()) {
            log.info("ServiceNow backfill of {} for group {} started", table, assignmentGroup);
            var result = reader.sweep(table, filter, new ServiceNowTableSweep.Position(BEGINNING, null),
                    record -> progress.record(feedRecord(table, record)),
                    (pages, records) -> {
                        progress.page(pages, records);
                        log.info("ServiceNow backfill of {}: page {} read, {} records so far", table, pages, records);
                    });
            log.info("ServiceNow backfill of {} for group {} finished: {} records in {} pages", table, assignmentGroup,
                    result.records(), result.pages());
        }
    }

    /** One record through the inbound door, with its table named beside it (sys_class_name is not always sent). */
    public InboundFeed.Receipt feedRecord(String table, JsonNode record) {
        ObjectNode body = json.createObjectNode();
        body.put("table", table);
        body.set("result", record);
        return feed.submit(InboundSource.SERVICENOW, body.toString());
    }

    static String watermarkName(String table) {
        return "servicenow.poll." + table;
    }
}
