package io.scrumops.bridge.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scrumops.bridge.adapter.servicenow.ServiceNowPollProperties;
import io.scrumops.bridge.adapter.servicenow.ServiceNowProperties;
import io.scrumops.bridge.adapter.servicenow.ServiceNowQueryValues;
import io.scrumops.bridge.adapter.servicenow.ServiceNowRateLimitedException;
import io.scrumops.bridge.adapter.servicenow.ServiceNowTableReader;
import io.scrumops.bridge.adapter.servicenow.ServiceNowTableSweep;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.store.WatermarkRepository;
import io.scrumops.bridge.writeback.RemoteCallGates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * Polls the ServiceNow tables by {@code sys_updated_on} watermark (one per table) and feeds every record through the
 * inbound pipeline; the poll is also the ServiceNow reconciliation. A backfill reads an assignment group's history.
 * A read answered 429 stops the poll (no further pages or tables) and pauses polling, doubling the pause with every
 * 429 in a row; a pause the writers were given by ServiceNow (Retry-After, X-RateLimit-Reset) holds polling back too.
 * The watermark moves only as far as the records read.
 */
@Component("serviceNowPoller")
public class ServiceNowPoller {

    private static final Logger log = LoggerFactory.getLogger(ServiceNowPoller.class);
    private static final DateTimeFormatter STORED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final String BEGINNING = "1970-01-01 00:00:00";

    private final ServiceNowTableReader reader;
    private final ServiceNowProperties serviceNow;
    private final ServiceNowPollProperties settings;
    private final WatermarkRepository watermarks;
    private final InboundFeed feed;
    private final ObjectMapper json;
    private final RemoteCallGates gates;
    private final Clock clock;
    private final ServiceNowReadPause readPause;

    public ServiceNowPoller(ServiceNowTableReader reader, ServiceNowProperties serviceNow,
                            ServiceNowPollProperties settings, WatermarkRepository watermarks, InboundFeed feed,
                            ObjectMapper json, RemoteCallGates gates, Clock clock) {
        this.reader = reader;
        this.serviceNow = serviceNow;
        this.settings = settings;
        this.watermarks = watermarks;
        this.feed = feed;
        this.json = json;
        this.gates = gates;
        this.clock = clock;
        this.readPause = new ServiceNowReadPause(settings);
    }

    public boolean isEnabled() {
        return serviceNow.isConfigured();
    }

    /**
     * The scheduled poll; a failing table is logged and keeps its watermark, the others go on. A 429 ends the poll:
     * the other tables would only be refused too.
     */
    public void poll() {
        if (!isEnabled()) {
            return;
        }
        Optional<Instant> paused = pausedUntil();
        if (paused.isPresent()) {
            log.info("ServiceNow poll skipped: ServiceNow asked to slow down, next poll not before {}", paused.get());
            return;
        }
        for (String table : settings.tables()) {
            try {
                pollTable(table, BackfillProgress.NONE);
            } catch (ServiceNowRateLimitedException e) {
                Duration pause = readPause.rateLimited(clock.instant());
                log.warn("ServiceNow answered 429 (rate limited) to the poll of {} after {} records; no further pages"
                                + " or tables are read, watermark {}, next poll not before {} ({} pause, 429 number {}"
                                + " in a row)", table, e.readBefore() == null ? 0 : e.readBefore().records(),
                        watermarks.get(watermarkName(table)).orElse("unset"), clock.instant().plus(pause), pause,
                        readPause.inARow());
                return;
            } catch (RuntimeException e) {
                log.warn("ServiceNow poll of {} failed, retried at the next run: {}", table, e.getMessage());
            }
        }
        readPause.gotThrough();
    }

    /** When polling may go on, while either a 429 on a read or a pause given to the writers is in force. */
    public Optional<Instant> pausedUntil() {
        Optional<Instant> reads = readPause.until(clock.instant());
        Optional<Instant> writes = gates.of(SourceSystem.SERVICENOW).pausedUntil();
        if (reads.isPresent() && writes.isPresent()) {
            return Optional.of(reads.get().isAfter(writes.get()) ? reads.get() : writes.get());
        }
        return reads.isPresent() ? reads : writes;
    }

    public ServiceNowTableSweep.Result pollTable(String table, BackfillProgress progress) {
        String name = watermarkName(table);
        String from = watermarks.get(name)
                .orElseGet(() -> STORED.format(clock.instant().minus(settings.lookback()).atZone(ZoneOffset.UTC)));
        ServiceNowTableSweep.Result result;
        PageFeed page = new PageFeed(feed, InboundSource.SERVICENOW, progress);
        try {
            result = reader.sweep(table, "", new ServiceNowTableSweep.Position(from, null),
                    record -> page.add(body(table, record)),
                    (pages, records, last) -> {
                        page.flush();
                        progress.page(pages, records);
                        log.debug("ServiceNow poll of {}: page {} read, {} records so far", table, pages, records);
                    });
        } catch (ServiceNowRateLimitedException e) {
            page.flush();
            if (e.readBefore() != null) {
                watermarks.set(name, e.readBefore().last().updatedOn());
            }
            throw e;
        }
        page.flush();
        watermarks.set(name, result.last().updatedOn());
        if (result.records() > 0) {
            log.info("ServiceNow poll of {}: {} records in {} pages, watermark {}", table, result.records(),
                    result.pages(), result.last().updatedOn());
        }
        return result;
    }

    /** Every record of the polled tables assigned to a group (its sys_id or its name), oldest first. */
    public void backfill(String assignmentGroup, BackfillProgress progress) {
        backfill(assignmentGroup, null, progress);
    }

    /**
     * The backfill, resumed at a checkpoint it saved ({@code table|sys_updated_on|sys_id}): the tables before that
     * one are skipped, that one is read from there. A null checkpoint reads everything.
     */
    public void backfill(String assignmentGroup, String resumeFrom, BackfillProgress progress) {
        String group = ServiceNowQueryValues.group(assignmentGroup);
        String filter = "assignment_group=" + group + "^ORassignment_group.name=" + group;
        String[] checkpoint = resumeFrom == null ? null : resumeFrom.split("\\|", -1);
        if (checkpoint != null && (checkpoint.length != 3 || !settings.tables().contains(checkpoint[0]))) {
            throw new IllegalArgumentException("not a ServiceNow backfill checkpoint: '" + resumeFrom + "'");
        }
        boolean reached = checkpoint == null;
        for (String table : settings.tables()) {
            ServiceNowTableSweep.Position from = new ServiceNowTableSweep.Position(BEGINNING, null);
            if (!reached) {
                if (!table.equals(checkpoint[0])) {
                    continue;
                }
                reached = true;
                from = new ServiceNowTableSweep.Position(checkpoint[1],
                        checkpoint[2].isEmpty() ? null : checkpoint[2]);
            }
            log.info("ServiceNow backfill of {} for group {} started from {}", table, assignmentGroup,
                    from.updatedOn());
            var result = backfillTable(table, filter, from, progress);
            log.info("ServiceNow backfill of {} for group {} finished: {} records in {} pages", table, assignmentGroup,
                    result.records(), result.pages());
        }
    }

    /**
     * Sweeps one table; a 429 is waited out (the doubling pause, or longer when ServiceNow gave a later time; a bounded
     * number of times in a row) and the sweep resumes where it was.
     */
    private ServiceNowTableSweep.Result backfillTable(String table, String filter, ServiceNowTableSweep.Position start,
                                                      BackfillProgress progress) {
        ServiceNowTableSweep.Position from = start;
        int inARow = 0;
        PageFeed page = new PageFeed(feed, InboundSource.SERVICENOW, progress);
        while (true) {
            try {
                var result = reader.sweep(table, filter, from, record -> page.add(body(table, record)),
                        (pages, records, last) -> {
                            page.flush();
                            progress.checkpoint(table + "|" + last.updatedOn() + "|"
                                    + (last.sysId() == null ? "" : last.sysId()));
                            progress.page(pages, records);
                            log.info("ServiceNow backfill of {}: page {} read, {} records so far", table, pages,
                                    records);
                        });
                page.flush();
                return result;
            } catch (ServiceNowRateLimitedException e) {
                page.flush();
                if (e.readBefore() != null && e.readBefore().records() > 0) {
                    from = e.readBefore().last();
                    inARow = 0;
                }
                inARow++;
                if (inARow > settings.rateLimitedRetries()) {
                    throw e;
                }
                Duration pause = settings.rateLimitedPause(inARow);
                Duration given = e.retryNotBefore().map(at -> Duration.between(clock.instant(), at))
                        .orElse(Duration.ZERO);
                if (given.compareTo(pause) > 0) {
                    pause = given;
                }
                log.warn("ServiceNow answered 429 (rate limited) to the backfill of {}; resuming from {} in {}", table,
                        from.updatedOn(), pause);
                sleep(pause);
            }
        }
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("backfill interrupted while waiting out a ServiceNow 429", e);
        }
    }

    /** One record through the inbound door, with its table named beside it (sys_class_name is not always sent). */
    public InboundFeed.Receipt feedRecord(String table, JsonNode record) {
        return feed.submit(InboundSource.SERVICENOW, body(table, record));
    }

    private String body(String table, JsonNode record) {
        ObjectNode body = json.createObjectNode();
        body.put("table", table);
        body.set("result", record);
        return body.toString();
    }

    static String watermarkName(String table) {
        return "servicenow.poll." + table;
    }
}
