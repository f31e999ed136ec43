package io.scrumops.bridge.adapter.servicenow;

import com.fasterxml.jackson.databind.JsonNode;
import io.scrumops.bridge.adapter.JsonFields;
import io.scrumops.bridge.model.Comment;
import io.scrumops.bridge.model.CommentVisibility;
import io.scrumops.bridge.model.SourceRef;
import io.scrumops.bridge.model.SourceSystem;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who last updated a record ({@code sys_updated_by}) and the journal entries delivered with it. A record's journal
 * fields read back empty through the Table API, so entries arrive as {@code sys_journal_field} rows beside the record
 * (an outbound REST message or the poller attaches them under that name).
 *
 * @param updatedBy the user name of the last update
 * @param journal   work notes (INTERNAL) and additional comments (PUBLIC), one comment per journal row
 * @param sourceFields the record's values alignment reads beside the canonical item ({@link #SOURCE_FIELDS}),
 *                     those that are set, and every field's stored value under {@code value:<field>}
 */
public record ServiceNowActivity(String updatedBy, List<Comment> journal, Map<String, String> sourceFields) {

    public static final List<String> SOURCE_FIELDS = List.of("correlation_id", "close_code", "close_notes");

    private static final String CONTEXT = "servicenow record";
    /** Prefix of every field's stored value, for the configured field pairs (mappings/fields.yaml). */
    public static final String VALUE_PREFIX = "value:";

    public static ServiceNowActivity fromResponse(String json, String workItemId) {
        JsonNode body = JsonFields.parse(CONTEXT, json);
        JsonNode record = body.has("result") ? body.get("result") : body;
        ServiceNowFields fields = new ServiceNowFields(CONTEXT, record);
        List<Comment> journal = new ArrayList<>();
        JsonNode rows = record.get("sys_journal_field");
        if (rows != null && rows.isArray()) {
            for (int i = 0; i < rows.size(); i++) {
                ServiceNowFields row = new ServiceNowFields(CONTEXT + " sys_journal_field[" + i + "]", rows.get(i));
                String element = row.value("element");
                if (!"work_notes".equals(element) && !"comments".equals(element)) {
                    continue;
                }
                String sysId = row.required("sys_id");
                Instant created = row.date("sys_created_on");
                SourceRef source = new SourceRef(SourceSystem.SERVICENOW, "journal", sysId, null, null,
                        created == null ? 0 : created.toEpochMilli(), created);
                journal.add(new Comment(SourceSystem.SERVICENOW.code() + ":journal:" + sysId, workItemId, source,
                        row.value("sys_created_by"), row.value("value"),
                        "comments".equals(element) ? CommentVisibility.PUBLIC : CommentVisibility.INTERNAL, created));
            }
        }
        Map<String, String> sourceFields = new HashMap<>();
        for (String name : SOURCE_FIELDS) {
            String value = fields.value(name);
            if (value != null && !value.isBlank()) {
                sourceFields.put(name, value);
            }
        }
        record.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            if (value.isObject() && value.has("value")) {
                value = value.get("value");
            }
            if (value != null && value.isValueNode() && !value.isNull()) {
                sourceFields.put(VALUE_PREFIX + field.getKey(), fields.value(field.getKey()) == null ? "" : fields.value(field.getKey()));
            } else if (value != null && value.isNull()) {
                sourceFields.put(VALUE_PREFIX + field.getKey(), "");
            }
        });
        return new ServiceNowActivity(fields.value("sys_updated_by"), journal, Map.copyOf(sourceFields));
    }
}
