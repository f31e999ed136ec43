package io.scrumops.bridge.alignment.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

/** The same single value on both sides (a text field, a select option's value). */
public record IdentityTransform(JiraShape shape) implements FieldTransform {

    @Override
    public String fromJira(JsonNode value) {
        String text = JiraShape.read(value);
        return text == null ? null : text.strip();
    }

    @Override
    public JsonNode toJira(String canonical) {
        return canonical == null ? NullNode.getInstance() : shape.write(canonical);
    }

    @Override
    public String fromServiceNow(String stored) {
        return stored == null || stored.isBlank() ? null : stored.strip();
    }

    @Override
    public String toServiceNow(String canonical) {
        return canonical == null ? "" : canonical;
    }
}
