package io.scrumops.bridge.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ServiceNow's Table API as far as the bridge uses it: {@code incident} and {@code change_request} (read by encoded
 * query with paging, created, patched), journal entries in {@code sys_journal_field} (a PATCH of {@code work_notes}
 * or {@code comments} adds a row; the field itself reads back empty, as on a real instance), the correlation fields,
 * and the change state model (a change passes Review before Closed).
 */
final class ServiceNowStandIn extends StandInServer {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    static final String REVIEW = "0";
    static final String CLOSED = "3";

    private final Clock clock;
    private final String botUser;
    private final Map<String, Map<String, ObjectNode>> tables = new LinkedHashMap<>();
    private final List<ObjectNode> journal = new ArrayList<>();
    private int incidents = 10000;
    private int changes = 30000;

    ServiceNowStandIn(int port, Clock clock, String botUser) {
        super(port, "servicenow");
        this.clock = clock;
        this.botUser = botUser;
        tables.put("incident", new LinkedHashMap<>());
        tables.put("change_request", new LinkedHashMap<>());
        // read by the bridge's pollers (problems, attachments); the generated day files none
        tables.put("problem", new LinkedHashMap<>());
        tables.put("sys_attachment", new LinkedHashMap<>());
    }

    @Override
    synchronized Reply answer(String method, String path, Map<String, String> query, String body) {
        Matcher m = Pattern.compile("/api/now(?:/v\\d)?/table/([a-z_]+)(?:/([^/]+))?").matcher(path);
        if (!m.matches()) {
            return Reply.error(400, "Requested URI does not represent any resource: " + path);
        }
        String table = m.group(1);
        String sysId = m.group(2);
        if (table.equals("sys_journal_field") && method.equals("GET")) {
            return Reply.ok(result(select(journal, query)));
        }
        Map<String, ObjectNode> records = tables.get(table);
        if (records == null) {
            return Reply.error(400, "Invalid table " + table);
        }
        if (sysId == null && method.equals("GET")) {
            List<ObjectNode> all = records.values().stream().map(this::withJournal).toList();
            return Reply.ok(result(select(all, query)));
        }
        if (sysId == null && method.equals("POST")) {
            ObjectNode created = insert(table, (ObjectNode) parse(body), botUser, clock.instant());
            return Reply.created(single(created));
        }
        ObjectNode record = records.get(sysId);
        if (record == null) {
            return Reply.error(404, "No Record found");
        }
        if (method.equals("GET")) {
            return Reply.ok(single(withJournal(record)));
        }
        if (method.equals("PATCH") || method.equals("PUT")) {
            String refusal = patch(table, record, (ObjectNode) parse(body), botUser);
            return refusal == null ? Reply.ok(single(record)) : Reply.error(403, refusal);
        }
        return Reply.error(405, "Method not supported");
    }

    // ---------------------------------------------------------------- state changes

    synchronized ObjectNode insert(String table, ObjectNode fields, String user, Instant at) {
        ObjectNode record = object();
        String sysId = UUID.randomUUID().toString().replace("-", "");
        record.put("sys_id", sysId);
        if (table.equals("incident")) {
            record.put("number", "INC00" + (++incidents));
            record.put("state", "1");
        } else {
            record.put("number", "CHG00" + (++changes));
            record.put("state", "-5");
        }
        for (String field : List.of("short_description", "priority", "impact", "urgency", "assignment_group",
                "assigned_to", "category", "correlation_id", "correlation_display", "close_code", "close_notes",
                "cmdb_ci", "business_service", "caused_by", "rfc", "type", "start_date", "end_date")) {
            record.put(field, "");
        }
        String when = TIME.format(at);
        record.put("opened_at", when);
        record.put("sys_created_on", when);
        record.put("sys_created_by", user);
        record.put("sys_mod_count", "0");
        record.put("sys_updated_on", when);
        record.put("sys_updated_by", user);
        tables.get(table).put(sysId, record);
        fields.fields().forEachRemaining(f -> {
            if (!f.getKey().equals("work_notes") && !f.getKey().equals("comments")) {
                record.put(f.getKey(), f.getValue().asText());
            }
        });
        addJournal(table, record, fields, user, at);
        return record;
    }

    /** Applies a change; returns why the state model refuses it, or null. */
    synchronized String patch(String table, ObjectNode record, ObjectNode fields, String user) {
        return patch(table, record, fields, user, clock.instant());
    }

    synchronized String patch(String table, ObjectNode record, ObjectNode fields, String user, Instant at) {
        String state = fields.path("state").asText(null);
        if (state != null && table.equals("change_request") && state.equals(CLOSED)
                && !record.path("state").asText().equals(REVIEW) && !record.path("state").asText().equals(CLOSED)) {
            return "State model: a change request moves to Closed only from Review (state " + REVIEW + ")";
        }
        fields.fields().forEachRemaining(f -> {
            if (!f.getKey().equals("work_notes") && !f.getKey().equals("comments")) {
                record.put(f.getKey(), f.getValue().isNull() ? "" : f.getValue().asText());
            }
        });
        if (state != null && (state.equals("6") || state.equals("7")) && record.path("resolved_at").asText("").isBlank()) {
            record.put("resolved_at", TIME.format(at));
        }
        addJournal(table, record, fields, user, at);
        record.put("sys_mod_count", String.valueOf(record.path("sys_mod_count").asInt() + 1));
        record.put("sys_updated_on", TIME.format(at));
        record.put("sys_updated_by", user);
        return null;
    }

    private void addJournal(String table, ObjectNode record, ObjectNode fields, String user, Instant at) {
        for (String element : List.of("work_notes", "comments")) {
            String text = fields.path(element).asText("");
            if (!text.isBlank()) {
                ObjectNode row = object();
                row.put("sys_id", UUID.randomUUID().toString().replace("-", ""));
                row.put("name", table);
                row.put("element_id", record.path("sys_id").asText());
                row.put("element", element);
                row.put("value", text.strip());
                row.put("sys_created_by", user);
                row.put("sys_created_on", TIME.format(at));
                journal.add(row);
            }
        }
    }

    // ---------------------------------------------------------------- reads

    synchronized List<ObjectNode> records(String table) {
        return tables.get(table).values().stream().map(ObjectNode::deepCopy).toList();
    }

    synchronized Optional<ObjectNode> record(String table, String sysId) {
        return Optional.ofNullable(tables.get(table).get(sysId));
    }

    synchronized List<ObjectNode> journal(String sysId) {
        return journal.stream().filter(row -> row.path("element_id").asText().equals(sysId))
                .map(ObjectNode::deepCopy).toList();
    }

    private ObjectNode withJournal(ObjectNode record) {
        ObjectNode copy = record.deepCopy();
        ArrayNode rows = copy.putArray("sys_journal_field");
        journal.stream().filter(row -> row.path("element_id").asText().equals(record.path("sys_id").asText()))
                .forEach(rows::add);
        return copy;
    }

    /** Encoded query ({@code a=b^c>=d^ORDERBYx^ORDERBYDESCy}), then offset and limit. */
    private static List<ObjectNode> select(List<ObjectNode> rows, Map<String, String> query) {
        String encoded = query.getOrDefault("sysparm_query", "");
        List<ObjectNode> found = new ArrayList<>();
        Comparator<ObjectNode> order = null;
        List<String[]> conditions = new ArrayList<>();
        for (String term : encoded.split("\\^")) {
            if (term.isBlank()) {
                continue;
            }
            if (term.startsWith("ORDERBYDESC")) {
                Comparator<ObjectNode> c = Comparator.comparing((ObjectNode r) -> r.path(term.substring(11)).asText());
                order = order == null ? c.reversed() : order.thenComparing(c.reversed());
            } else if (term.startsWith("ORDERBY")) {
                Comparator<ObjectNode> c = Comparator.comparing((ObjectNode r) -> r.path(term.substring(7)).asText());
                order = order == null ? c : order.thenComparing(c);
            } else {
                Matcher m = Pattern.compile("([a-z_.]+)(>=|<=|!=|>|<|=|IN)(.*)").matcher(term);
                if (m.matches()) {
                    conditions.add(new String[]{m.group(1), m.group(2), m.group(3)});
                }
            }
        }
        for (ObjectNode row : rows) {
            if (conditions.stream().allMatch(c -> holds(row.path(c[0]).asText(""), c[1], c[2]))) {
                found.add(row);
            }
        }
        if (order != null) {
            found.sort(order);
        }
        int offset = Integer.parseInt(query.getOrDefault("sysparm_offset", "0"));
        int limit = Integer.parseInt(query.getOrDefault("sysparm_limit", "10000"));
        return found.subList(Math.min(offset, found.size()), Math.min(found.size(), offset + limit));
    }

    private static boolean holds(String value, String operator, String operand) {
        return switch (operator) {
            case "=" -> value.equals(operand);
            case "!=" -> !value.equals(operand);
            case ">=" -> value.compareTo(operand) >= 0;
            case ">" -> value.compareTo(operand) > 0;
            case "<=" -> value.compareTo(operand) <= 0;
            case "<" -> value.compareTo(operand) < 0;
            case "IN" -> List.of(operand.split(",")).contains(value);
            default -> false;
        };
    }

    private static ObjectNode result(List<ObjectNode> rows) {
        ObjectNode body = object();
        ArrayNode list = body.putArray("result");
        rows.forEach(list::add);
        return body;
    }

    private static ObjectNode single(JsonNode record) {
        ObjectNode body = object();
        body.set("result", record);
        return body;
    }
}
