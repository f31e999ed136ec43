package io.scrumops.bridge.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.scrumops.bridge.support.ServiceNowTablePage;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * A Table API that answers {@code sysparm_query} (assignment_group, sys_updated_on>=, ORDERBY sys_updated_on, sys_id),
 * {@code sysparm_limit} and {@code sysparm_offset} from records held in memory, as ServiceNow would.
 */
class ServiceNowTableDouble implements ResponseDefinitionTransformerV2 {

    static final String NAME = "servicenow-table";

    private final Map<String, List<ObjectNode>> tables = new ConcurrentHashMap<>();

    void put(String table, ObjectNode record) {
        List<ObjectNode> rows = tables.computeIfAbsent(table, t -> new CopyOnWriteArrayList<>());
        rows.removeIf(r -> r.get("sys_id").asText().equals(record.get("sys_id").asText()));
        rows.add(record);
    }

    void clear() {
        tables.clear();
    }

    /** Answers every Table API read on {@code serviceNow} from the records held here. */
    void serveOn(WireMockServer serviceNow) {
        serviceNow.stubFor(get(urlPathMatching("/api/now/v1/table/.*")).willReturn(aResponse().withTransformers(NAME)));
    }

    /** The same, for reads with the bridge's credentials only (a read without them finds no stub: 404). */
    void serveOn(WireMockServer serviceNow, String username, String password) {
        serviceNow.stubFor(get(urlPathMatching("/api/now/v1/table/.*")).withBasicAuth(username, password)
                .willReturn(aResponse().withTransformers(NAME)));
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        ServiceNowTablePage page = ServiceNowTablePage.of(event, 10_000);
        List<ObjectNode> rows = tables.getOrDefault(page.table(), List.of()).stream()
                .filter(r -> page.updatedFrom() == null
                        || r.get("sys_updated_on").asText().compareTo(page.updatedFrom()) >= 0)
                .filter(r -> page.assignmentGroup() == null
                        || page.assignmentGroup().equals(r.path("assignment_group").path("value").asText(null)))
                .sorted(Comparator.<ObjectNode, String>comparing(r -> r.get("sys_updated_on").asText())
                        .thenComparing(r -> r.get("sys_id").asText()))
                .skip(page.offset()).limit(page.limit()).toList();
        return ServiceNowTablePage.answer(rows.size(), 512, (out, i) -> out.append(rows.get(i)));
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }

}
