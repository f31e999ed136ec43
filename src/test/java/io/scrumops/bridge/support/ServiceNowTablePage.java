package io.scrumops.bridge.support;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/**
 * One page of ServiceNow's Table API as the bridge asks for it and as ServiceNow answers: the table, the terms of
 * {@code sysparm_query} the bridge's reads use ({@code sys_updated_on>=}, {@code assignment_group=}),
 * {@code sysparm_limit} and {@code sysparm_offset}, and the answer {@code {"result": [...]}}. The fakes that serve
 * records page by page (the integration tests' table double, the backfill benchmark's generator) read requests and
 * write pages through it, so both page as ServiceNow does.
 *
 * @param updatedFrom     the {@code sys_updated_on>=} term's value, or null
 * @param assignmentGroup the {@code assignment_group=} term's value, or null
 */
public record ServiceNowTablePage(String table, String updatedFrom, String assignmentGroup, int limit, int offset) {

    /** Writes record {@code index} of a page (as JSON) to {@code out}. */
    @FunctionalInterface
    public interface RecordWriter {
        void write(StringBuilder out, int index);
    }

    /** The page a Table API request asks for; {@code defaultLimit} when it names no {@code sysparm_limit}. */
    public static ServiceNowTablePage of(ServeEvent event, int defaultLimit) {
        String path = event.getRequest().getUrl().split("\\?")[0];
        String from = null;
        String group = null;
        for (String term : param(event, "sysparm_query", "").split("\\^")) {
            if (term.startsWith("sys_updated_on>=")) {
                from = term.substring("sys_updated_on>=".length());
            } else if (term.startsWith("assignment_group=")) {
                group = term.substring("assignment_group=".length());
            }
        }
        return new ServiceNowTablePage(path.substring(path.lastIndexOf('/') + 1), from, group,
                Integer.parseInt(param(event, "sysparm_limit", Integer.toString(defaultLimit))),
                Integer.parseInt(param(event, "sysparm_offset", "0")));
    }

    /** The answer holding {@code count} records, each written by {@code record} (indexes 0 to count - 1). */
    public static ResponseDefinition answer(int count, int bytesPerRecord, RecordWriter record) {
        StringBuilder page = new StringBuilder(bytesPerRecord * count + 20).append("{\"result\":[");
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                page.append(',');
            }
            record.write(page, i);
        }
        return new ResponseDefinitionBuilder().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(page.append("]}").toString()).build();
    }

    public static String param(ServeEvent event, String name, String otherwise) {
        var value = event.getRequest().queryParameter(name);
        return value.isPresent() ? value.firstValue() : otherwise;
    }
}
