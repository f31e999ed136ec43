package io.scrumops.bridge.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StorableTextTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void nulEscapeInAStringIsKeptAsVisibleText() throws Exception {
        String stored = StorableText.escapeNul("jira", "{\"summary\": \"a\\u0000b\"}");

        assertThat(stored).isEqualTo("{\"summary\": \"a\\\\u0000b\"}");
        assertThat(json.readTree(stored).get("summary").asText()).isEqualTo("a\\u0000b").doesNotContain("\0");
    }

    @Test
    void escapedBackslashBeforeU0000IsAlreadyTextAndStaysAsItIs() {
        String text = "{\"path\": \"C:\\\\u0000\"}";

        assertThat(StorableText.escapeNul("jira", text)).isEqualTo(text);
    }

    @Test
    void nulEscapesInKeysAndSeveralValuesAreAllTurned() throws Exception {
        String stored = StorableText.escapeNul("servicenow",
                "{\"sys_id\\u0000\": \"\\u0000\", \"n\": [\"x\\u0000\\u0000\"]}");

        var tree = json.readTree(stored);
        assertThat(tree.get("sys_id\\u0000").asText()).isEqualTo("\\u0000");
        assertThat(tree.get("n").get(0).asText()).isEqualTo("x\\u0000\\u0000");
    }

    @Test
    void payloadWithoutNulIsReturnedUntouched() {
        String text = "{\"a\": \"\\u00e9\\n\"}";

        assertThat(StorableText.escapeNul("jira", text)).isSameAs(text);
    }

    @Test
    void rawNulCharacterRefusesThePayload() {
        assertThatThrownBy(() -> StorableText.escapeNul("deployment", "{\"a\": 1}\0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("deployment").hasMessageContaining("NUL");
    }
}
