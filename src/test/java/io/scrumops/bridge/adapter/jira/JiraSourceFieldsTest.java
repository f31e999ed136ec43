package io.scrumops.bridge.adapter.jira;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JiraSourceFieldsTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void readsIssueTypeProjectAndResolutionAndKeepsEachFieldsJsonBeside() throws Exception {
        Map<String, String> fields = JiraSourceFields.of(json.readTree("""
                {"key": "APP-7", "fields": {"issuetype": {"name": "Bug"}, "project": {"key": "APP"},
                 "resolution": {"name": "Won't Do"}}}"""));

        assertThat(fields).isEqualTo(Map.of("issuetype", "Bug", "project", "APP", "resolution", "Won't Do",
                "json:issuetype", "{\"name\":\"Bug\"}", "json:project", "{\"key\":\"APP\"}",
                "json:resolution", "{\"name\":\"Won't Do\"}"));
    }

    @Test
    void customFieldsAreReadAsTextByTheirId() throws Exception {
        Map<String, String> fields = JiraSourceFields.of(json.readTree("""
                {"key": "APP-7", "fields": {"customfield_10210": "INC0010001", "customfield_10001": {"value": "Web"},
                 "customfield_10300": null}}"""));

        assertThat(fields).containsEntry("customfield_10210", "INC0010001").containsEntry("customfield_10001", "Web")
                .containsEntry("customfield_10300", null);
    }

    @Test
    void unresolvedIssueWithoutProjectObjectTakesTheProjectFromItsKey() throws Exception {
        Map<String, String> fields = JiraSourceFields.of(json.readTree("""
                {"key": "OPS-APP-12", "fields": {"issuetype": {"name": "Task"}, "resolution": null}}"""));

        Map<String, String> expected = new HashMap<>();
        expected.put("issuetype", "Task");
        expected.put("project", "OPS-APP");
        expected.put("resolution", null);
        expected.put("json:issuetype", "{\"name\":\"Task\"}");
        expected.put("json:resolution", "null");
        assertThat(fields).isEqualTo(expected);
    }
}
