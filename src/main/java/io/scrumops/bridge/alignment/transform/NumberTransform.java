package io.scrumops.bridge.alignment.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;

import java.math.BigDecimal;

/** Numbers: a Jira number field and a ServiceNow integer, decimal or string; {@code 3}, {@code 3.0} and {@code "3"} are one value. */
public final class NumberTransform implements FieldTransform {

    @Override
    public String fromJira(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        return canonical(value.isNumber() ? value.decimalValue().toPlainString() : value.asText());
    }

    @Override
    public JsonNode toJira(String canonical) {
        if (canonical == null) {
            return NullNode.getInstance();
        }
        BigDecimal number = new BigDecimal(canonical);
        return number.scale() <= 0 ? LongNode.valueOf(number.longValueExact()) : DecimalNode.valueOf(number);
    }

    @Override
    public String fromServiceNow(String stored) {
        return canonical(stored);
    }

    @Override
    public String toServiceNow(String canonical) {
        return canonical == null ? "" : canonical;
    }

    private static String canonical(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            BigDecimal number = new BigDecimal(text.strip().replace(",", "")).stripTrailingZeros();
            return number.scale() < 0 ? number.setScale(0).toPlainString() : number.toPlainString();
        } catch (NumberFormatException e) {
            throw new UnresolvedValueException(text, "not a number");
        }
    }
}
