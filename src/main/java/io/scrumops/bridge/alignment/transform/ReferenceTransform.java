package io.scrumops.bridge.alignment.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * A ServiceNow reference field ({@code cmdb_ci}, {@code business_service}, {@code assignment_group},
 * {@code caller_id} ...) and a Jira field holding the same thing as text or an option. With {@code by: sys_id} the
 * canonical value is the sys_id itself; otherwise it is the referenced record's {@code displayField} (e.g. its
 * name), looked up in {@code table}. A name that names no record, or several, is not carried.
 */
public record ReferenceTransform(String table, String displayField, JiraShape shape, Directory directory)
        implements FieldTransform {

    public boolean bySysId() {
        return displayField == null || displayField.equals("sys_id");
    }

    @Override
    public String fromJira(JsonNode value) {
        return JiraShape.read(value);
    }

    @Override
    public JsonNode toJira(String canonical) {
        return canonical == null ? NullNode.getInstance() : shape.write(canonical);
    }

    @Override
    public String fromServiceNow(String stored) {
        if (stored == null || stored.isBlank()) {
            return null;
        }
        if (bySysId()) {
            return stored.strip();
        }
        return directory.serviceNowDisplay(table, displayField, stored.strip()).orElseThrow(() ->
                new UnresolvedValueException(stored, "no " + table + " record with this sys_id"));
    }

    @Override
    public String toServiceNow(String canonical) {
        if (canonical == null) {
            return "";
        }
        if (bySysId()) {
            return canonical;
        }
        return directory.serviceNowSysId(table, displayField, canonical).orElseThrow(() ->
                new UnresolvedValueException(canonical, "no single " + table + " record whose " + displayField + " is this"));
    }
}
