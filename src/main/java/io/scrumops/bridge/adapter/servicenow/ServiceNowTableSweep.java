package io.scrumops.bridge.adapter.servicenow;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads every record of a table updated at or after a position, in (sys_updated_on, sys_id) order, page by page.
 * Offsets alone are unsafe while the table changes (a record updated mid-sweep moves to the end and shifts the rest
 * left by one), so every page is anchored again at the last second seen and starts a little before the records
 * already taken from that second; what comes back twice is skipped by sys_id. Across sweeps the boundary second is
 * read again on purpose: a record can change twice within one second, and the inbox drops true repeats by
 * table:sys_id:sys_mod_count.
 */
public final class ServiceNowTableSweep {

    /** One Table API page: {@code sysparm_query}, {@code sysparm_limit}, {@code sysparm_offset}. */
    @FunctionalInterface
    public interface PageSource {
        List<JsonNode> page(String query, int limit, int offset);
    }

    /** Told after each page: pages and records so far, and the last record taken (where a later sweep may resume). */
    @FunctionalInterface
    public interface PageListener {
        void page(int pages, int records, Position last);
    }

    /** The last record seen; {@code updatedOn} is ServiceNow's stored UTC form, {@code yyyy-MM-dd HH:mm:ss}. */
    public record Position(String updatedOn, String sysId) {
    }

    public record Result(int pages, int records, Position last) {
    }

    private ServiceNowTableSweep() {
    }

    /**
     * @param filter an encoded query ANDed in front of the watermark condition (blank for none)
     */
    public static Result run(PageSource source, String filter, Position from, int pageSize,
                             Consumer<JsonNode> sink, PageListener listener) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("page size must be at least 1, was " + pageSize);
        }
        int overlap = pageSize / 2;
        String anchor = from.updatedOn();
        Set<String> takenAtAnchor = new HashSet<>();
        Position last = from;
        int pages = 0;
        int records = 0;
        boolean widened = false;
        while (true) {
            int offset = widened ? takenAtAnchor.size() : Math.max(0, takenAtAnchor.size() - overlap);
            List<JsonNode> page;
            try {
                page = source.page(query(filter, anchor), pageSize, offset);
            } catch (ServiceNowRateLimitedException refused) {
                throw refused.after(new Result(pages, records, last));
            }
            int fresh = 0;
            for (JsonNode record : page) {
                String updatedOn = ServiceNowTableSweep.value(record, "sys_updated_on");
                String sysId = ServiceNowTableSweep.value(record, "sys_id");
                if (updatedOn == null || sysId == null) {
                    sink.accept(record);
                    fresh++;
                    continue;
                }
                if (!updatedOn.equals(anchor)) {
                    anchor = updatedOn;
                    takenAtAnchor.clear();
                }
                if (takenAtAnchor.add(sysId)) {
                    sink.accept(record);
                    fresh++;
                    last = new Position(updatedOn, sysId);
                }
            }
            if (!page.isEmpty()) {
                pages++;
                records += fresh;
                listener.page(pages, records, last);
            }
            if (page.size() < pageSize) {
                return new Result(pages, records, last);
            }
            if (fresh == 0) {
                if (widened) {
                    // the same full page twice running: the table is being rewritten under us; the next sweep resumes
                    return new Result(pages, records, last);
                }
                widened = true;
            } else {
                widened = false;
            }
        }
    }

    static String query(String filter, String anchor) {
        String watermark = "sys_updated_on>=" + ServiceNowQueryValues.dateTime(anchor)
                + "^ORDERBYsys_updated_on^ORDERBYsys_id";
        return filter == null || filter.isBlank() ? watermark : filter + "^" + watermark;
    }

    /** The stored value of a field, whether the record was read with display values or without. */
    static String value(JsonNode record, String field) {
        JsonNode v = record.get(field);
        if (v != null && v.isObject()) {
            v = v.get("value");
        }
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
    }
}
