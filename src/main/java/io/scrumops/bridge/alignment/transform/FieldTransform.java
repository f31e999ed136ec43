package io.scrumops.bridge.alignment.transform;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns a field value of either side into canonical text and back. {@code fromJira(toJira(c))} and
 * {@code fromServiceNow(toServiceNow(c))} give {@code c} again for every canonical value {@code c} a transform
 * produces: the echo of the bridge's own write reads as no change.
 */
public interface FieldTransform {

    /**
     * @param value the field's JSON as a Jira webhook or REST read gives it; null or JSON null for an empty field
     * @return the canonical text, or null when the field is empty
     * @throws UnresolvedValueException when the value stands for nothing this mapping knows
     */
    String fromJira(JsonNode value);

    /** The JSON to put into the Jira field (REST {@code fields}); JSON null clears it. */
    JsonNode toJira(String canonical);

    /**
     * @param stored the field's stored value ({@code sysparm_display_value=false}); null when empty
     * @return the canonical text, or null when the field is empty
     */
    String fromServiceNow(String stored);

    /** The stored value to write into the ServiceNow field; {@code ""} clears it. */
    String toServiceNow(String canonical);
}
