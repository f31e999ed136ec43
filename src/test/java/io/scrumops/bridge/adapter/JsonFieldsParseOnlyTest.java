package io.scrumops.bridge.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonFieldsParseOnlyTest {

    private static final String[] PATHS = {"webhookEvent", "issue.id", "issue.fields.updated", "comment.self"};

    private static JsonNode only(String json) {
        return JsonFields.parseOnly("jira webhook", json, PATHS);
    }

    @Test
    void keepsOnlyTheFieldsOnThePathsWithTheirValuesAsTheWholeTreeHasThem() {
        JsonNode kept = only("""
                {"timestamp": 1, "webhookEvent": "jira:issue_updated", "user": {"name": "x", "id": 9},
                 "issue": {"id": 10001, "key": "OPS-1", "fields": {"summary": "s", "updated": "2026-11-01T10:00:00.000+0000",
                   "labels": ["a", {"b": [1, 2]}]}, "self": "https://jira/rest/api/2/issue/10001"},
                 "changelog": {"items": [{"field": "status"}]}}""");

        assertThat(kept.toString()).isEqualTo("{\"webhookEvent\":\"jira:issue_updated\",\"issue\":{\"id\":10001,"
                + "\"fields\":{\"updated\":\"2026-11-01T10:00:00.000+0000\"}}}");
        assertThat(JsonFields.text(kept, "issue.id")).isEqualTo("10001");
        assertThat(JsonFields.text(kept, "comment.self")).isNull();
    }

    @Test
    void aValueAtAPathsEndOrAFieldOnAPathThatIsNotAnObjectIsKeptWhole() {
        assertThat(only("{\"webhookEvent\": {\"name\": \"x\"}, \"issue\": [1, {\"id\": 2}], \"comment\": null}")
                .toString()).isEqualTo("{\"webhookEvent\":{\"name\":\"x\"},\"issue\":[1,{\"id\":2}],\"comment\":null}");
        assertThat(only("{\"issue\": \"10001\"}").toString()).isEqualTo("{\"issue\":\"10001\"}");
    }

    @Test
    void aRepeatedFieldTakesItsLastValueAsTheWholeTreeDoes() {
        assertThat(only("{\"issue\": {\"id\": 1, \"key\": \"A-1\"}, \"issue\": {\"key\": \"B-2\"}, \"webhookEvent\": \"a\","
                + " \"webhookEvent\": \"b\"}").toString()).isEqualTo("{\"issue\":{},\"webhookEvent\":\"b\"}");
    }

    @Test
    void aBodyThatIsNotJsonIsRefusedWithTheParsersReasonEvenInFieldsThatAreNotKept() {
        assertThatThrownBy(() -> only("{\"webhookEvent\": \"a\", \"user\": {\"name\": tru}}"))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessageStartingWith("jira webhook: body is not valid JSON (line 1): Unrecognized token 'tru'");
        assertThatThrownBy(() -> only("{\"webhookEvent\": \"a\", \"changelog\": [1, 2"))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessageStartingWith("jira webhook: body is not valid JSON (line 1): Unexpected end-of-input");
        assertThatThrownBy(() -> only("\"just text\""))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("jira webhook: body is not a JSON object");
        assertThatThrownBy(() -> only("  "))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("jira webhook: empty body");
    }

    @Test
    void aListAtTheTopIsKeptWholeAsParseKeepsIt() {
        assertThat(only("[{\"issue\": {\"id\": 1}}]").toString()).isEqualTo("[{\"issue\":{\"id\":1}}]");
    }
}
