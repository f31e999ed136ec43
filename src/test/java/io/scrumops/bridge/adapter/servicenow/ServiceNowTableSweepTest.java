package io.scrumops.bridge.adapter.servicenow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceNowTableSweepTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A table ordered by (sys_updated_on, sys_id) that answers the sweep's queries. */
    private final List<ObjectNode> table = new CopyOnWriteArrayList<>();
    private final List<String> queries = new ArrayList<>();

    private List<JsonNode> page(String query, int limit, int offset) {
        queries.add(query + " @" + offset);
        String from = query.replaceAll(".*sys_updated_on>=([^\\^]+).*", "$1");
        return table.stream()
                .filter(r -> r.get("sys_updated_on").asText().compareTo(from) >= 0)
                .sorted(Comparator.<ObjectNode, String>comparing(r -> r.get("sys_updated_on").asText())
                        .thenComparing(r -> r.get("sys_id").asText()))
                .skip(offset).limit(limit).map(r -> (JsonNode) r.deepCopy()).toList();
    }

    private void put(String sysId, String updatedOn) {
        table.removeIf(r -> r.get("sys_id").asText().equals(sysId));
        table.add(JSON.createObjectNode().put("sys_id", sysId).put("sys_updated_on", updatedOn));
    }

    @Test
    void readsEveryRecordOnceWhenManyShareTheSecondAcrossPageEdges() {
        put("a", "2026-01-01 10:00:00");
        for (String id : List.of("b", "c", "d", "e", "f")) {
            put(id, "2026-01-01 10:00:01");
        }
        put("g", "2026-01-01 10:00:02");
        List<String> seen = new ArrayList<>();

        var result = ServiceNowTableSweep.run(this::page, "", new ServiceNowTableSweep.Position("2026-01-01 00:00:00", null),
                2, r -> seen.add(r.get("sys_id").asText()), (p, n, last) -> { });

        assertThat(seen).containsExactly("a", "b", "c", "d", "e", "f", "g");
        assertThat(result.records()).isEqualTo(7);
        assertThat(result.last()).isEqualTo(new ServiceNowTableSweep.Position("2026-01-01 10:00:02", "g"));
    }

    @Test
    void refusalMidSweepSaysWhatWasReadBeforeAndResumingFromThereLosesNothing() {
        put("a", "2026-01-01 10:00:00");
        put("b", "2026-01-01 10:00:01");
        put("c", "2026-01-01 10:00:01");
        put("d", "2026-01-01 10:00:02");
        put("e", "2026-01-01 10:00:03");
        List<String> seen = new ArrayList<>();
        int[] calls = {0};
        ServiceNowTableSweep.PageSource refusingTheSecondPage = (query, limit, offset) -> {
            if (++calls[0] == 2) {
                throw new ServiceNowRateLimitedException("incident", "answered 429", null, null);
            }
            return page(query, limit, offset);
        };
        ServiceNowTableSweep.Position start = new ServiceNowTableSweep.Position("2026-01-01 00:00:00", null);

        var refused = org.assertj.core.api.Assertions.catchThrowableOfType(ServiceNowRateLimitedException.class,
                () -> ServiceNowTableSweep.run(refusingTheSecondPage, "", start, 2,
                        r -> seen.add(r.get("sys_id").asText()), (p, n, last) -> { }));

        assertThat(refused.table()).isEqualTo("incident");
        assertThat(refused.readBefore().pages()).isEqualTo(1);
        assertThat(refused.readBefore().records()).isEqualTo(2);
        assertThat(refused.readBefore().last()).isEqualTo(new ServiceNowTableSweep.Position(
                "2026-01-01 10:00:01", "b"));
        ServiceNowTableSweep.run(this::page, "", refused.readBefore().last(), 2,
                r -> seen.add(r.get("sys_id").asText()), (p, n, last) -> { });
        assertThat(seen).as("only the boundary second is read twice").containsExactly("a", "b", "b", "c", "d", "e");
    }

    @Test
    void losesNothingWhenARecordAlreadyReadIsUpdatedDuringTheSweep() {
        for (String id : List.of("a", "b", "c", "d", "e", "f")) {
            put(id, "2026-01-01 10:00:01");
        }
        List<String> seen = new ArrayList<>();
        ServiceNowTableSweep.run(this::page, "", new ServiceNowTableSweep.Position("2026-01-01 00:00:00", null), 2, r -> {
            seen.add(r.get("sys_id").asText());
            if (seen.size() == 2) {
                put("a", "2026-01-01 10:05:00");
            }
        }, (p, n, last) -> { });

        assertThat(seen).containsExactlyInAnyOrder("a", "b", "c", "d", "e", "f", "a");
    }

    @Test
    void readsTheBoundarySecondAgainOnTheNextSweep() {
        put("a", "2026-01-01 10:00:00");
        put("b", "2026-01-01 10:00:01");
        var first = ServiceNowTableSweep.run(this::page, "", new ServiceNowTableSweep.Position("2026-01-01 00:00:00", null),
                10, r -> { }, (p, n, last) -> { });
        List<String> again = new ArrayList<>();

        ServiceNowTableSweep.run(this::page, "", first.last(), 10, r -> again.add(r.get("sys_id").asText()), (p, n, last) -> { });

        assertThat(again).containsExactly("b");
    }

    @Test
    void putsTheFilterBeforeTheWatermarkAndOrdersStably() {
        ServiceNowTableSweep.run(this::page, "assignment_group=ops", new ServiceNowTableSweep.Position("2026-01-01 00:00:00", null),
                5, r -> { }, (p, n, last) -> { });

        assertThat(queries).containsExactly(
                "assignment_group=ops^sys_updated_on>=2026-01-01 00:00:00^ORDERBYsys_updated_on^ORDERBYsys_id @0");
    }
}
