package io.scrumops.bridge.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Table API that answers {@code sysparm_query} (assignment_group, sys_updated_on>=, ORDERBY sys_updated_on, sys_id),
 * {@code sysparm_limit} and {@code sysparm_offset} from records held in memory, as ServiceNow would.
 */
class ServiceNowTableDouble implements ResponseDefinitionTransformerV2 {

    static final String NAME = "servicenow-table";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, List<ObjectNode>> tables = new ConcurrentHashMap<>();

    void put(String table, ObjectNode record) {
        List<ObjectNode> rows = tables.computeIfAbsent(table, t -> new CopyOnWriteArrayList<>());
        rows.removeIf(r -> r.get("sys_id").asText().equals(record.get("sys_id").asText()));
        rows.add(record);
    }

    void clear() {
        tables.clear();
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        var request = event.getRequest();
        String path = request.getUrl().split("\\?")[0];
        String table = path.substring(path.lastIndexOf('/') + 1);
        String query = param(event, "sysparm_query", "");
        int limit = Integer.parseInt(param(event, "sysparm_limit", "10000"));
        int offset = Integer.parseInt(param(event, "sysparm_offset", "0"));
        String from = null;
        String group = null;
        for (String term : query.split("\\^")) {
            if (term.startsWith("sys_updated_on>=")) {
                from = term.substring("sys_updated_on>=".length());
            } else if (term.startsWith("assignment_group=")) {
                group = term.substring("assignment_group=".length());
            }
        }
        String since = from;
        String inGroup = group;
        List<ObjectNode> rows = tables.getOrDefault(table, List.of()).stream()
                .filter(r -> since == null || r.get("sys_updated_on").asText().compareTo(since) >= 0)
                .filter(r -> inGroup == null || inGroup.equals(r.path("assignment_group").path("value").asText(null)))
                .sorted(Comparator.<ObjectNode, String>comparing(r -> r.get("sys_updated_on").asText())
                        .thenComparing(r -> r.get("sys_id").asText()))
                .skip(offset).limit(limit).toList();
        ObjectNode body = JSON.createObjectNode();
        ArrayNode result = body.putArray("result");
        rows.forEach(r -> result.add(r.deepCopy()));
        return new ResponseDefinitionBuilder().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(body.toString()).build();
    }

    private static String param(ServeEvent event, String name, String otherwise) {
        var value = event.getRequest().queryParameter(name);
        return value.isPresent() ? value.firstValue() : otherwise;
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
