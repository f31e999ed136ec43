package io.scrumops.bridge.alignment.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.scrumops.bridge.adapter.PayloadFixtures;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValueTransformsTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private static ValueTableTransform categories() {
        ValueTableTransform table = new ValueTableTransform(JiraShape.NAME);
        table.put("software", "Web Shop", "software");
        table.put("hardware", "Devices", "hardware");
        return table;
    }

    @Test
    void aValueTableCarriesAComponentAsACategoryAndBack() {
        JsonNode components = PayloadFixtures.json("jira/rest-v2-server-get-issue.json").path("fields").path("components");
        ValueTableTransform table = new ValueTableTransform(JiraShape.NAME);
        table.put("software", components.get(0).path("name").asText(), "software");

        assertThat(table.fromJira(components.get(0))).isEqualTo("software");
        assertThat(table.toServiceNow("software")).isEqualTo("software");
        assertThat(table.toJira(table.fromServiceNow("software")).toString())
                .isEqualTo("{\"name\":\"" + components.get(0).path("name").asText() + "\"}");
    }

    @Test
    void aValueTableReadsTheStoredCategoryOfARecordedIncident() {
        String category = PayloadFixtures.json("servicenow/table-get-incident-single.json").path("result").path("category").asText();
        ValueTableTransform table = new ValueTableTransform(JiraShape.OPTION);
        table.put("question", "Question", category);

        assertThat(table.fromServiceNow(category)).isEqualTo("question");
        assertThat(table.toJira("question").toString()).isEqualTo("{\"value\":\"Question\"}");
    }

    @Test
    void aValueOutsideTheTableIsNotCarried() {
        assertThatThrownBy(() -> categories().fromServiceNow("network"))
                .isInstanceOf(UnresolvedValueException.class).hasMessageContaining("'network'");
    }

    @Test
    void aValueTakenTwiceIsReported() {
        ValueTableTransform table = categories();

        assertThat(table.put("other", "web shop", "other")).contains("software");
    }

    @Test
    void dateTimesKeepTheirInstantAcrossZones() {
        DateTransform dates = new DateTransform(true);
        String jiraCreated = PayloadFixtures.json("jira/rest-v2-server-get-issue.json").path("fields").path("created").asText();

        assertThat(jiraCreated).isEqualTo("2011-12-14T10:26:06.030+1300");
        assertThat(dates.fromJira(TextNode.valueOf(jiraCreated))).isEqualTo("2011-12-13T21:26:06Z");
        assertThat(dates.toServiceNow("2011-12-13T21:26:06Z")).isEqualTo("2011-12-13 21:26:06");
        String openedAt = PayloadFixtures.json("servicenow/table-get-incident-single.json").path("result").path("opened_at").asText();
        assertThat(dates.fromServiceNow(openedAt)).isEqualTo("2019-09-26T23:01:45Z");
        assertThat(dates.toJira("2019-09-26T23:01:45Z").asText()).isEqualTo("2019-09-26T23:01:45.000+0000");
        assertThat(dates.fromJira(dates.toJira("2019-09-26T23:01:45Z"))).isEqualTo("2019-09-26T23:01:45Z");
    }

    @Test
    void datesStayDates() {
        DateTransform dates = new DateTransform(false);

        assertThat(dates.fromJira(TextNode.valueOf("2026-03-01"))).isEqualTo("2026-03-01");
        assertThat(dates.fromServiceNow("2026-03-01")).isEqualTo("2026-03-01");
        assertThat(dates.toJira("2026-03-01").asText()).isEqualTo("2026-03-01");
        assertThatThrownBy(() -> dates.fromServiceNow("01/03/2026")).isInstanceOf(UnresolvedValueException.class);
    }

    @Test
    void numbersCompareByValue() {
        NumberTransform numbers = new NumberTransform();

        assertThat(numbers.fromJira(JSON.numberNode(3.0))).isEqualTo("3");
        assertThat(numbers.fromServiceNow("3")).isEqualTo("3");
        assertThat(numbers.fromServiceNow("2.50")).isEqualTo("2.5");
        assertThat(numbers.toJira("3").toString()).isEqualTo("3");
        assertThat(numbers.toJira("2.5").toString()).isEqualTo("2.5");
        assertThat(numbers.fromServiceNow("1200")).isEqualTo("1200");
    }

    @Test
    void labelsBecomeACommaListInAnyOrder() {
        MultiValueTransform labels = new MultiValueTransform(JiraShape.TEXT, null);
        JsonNode jira = JSON.arrayNode().add("payments").add("checkout");

        assertThat(labels.fromJira(jira)).isEqualTo("checkout, payments");
        assertThat(labels.toServiceNow("checkout, payments")).isEqualTo("checkout,payments");
        assertThat(labels.fromServiceNow("payments , checkout")).isEqualTo("checkout, payments");
        assertThat(labels.toJira("checkout, payments").toString()).isEqualTo("[\"checkout\",\"payments\"]");
        assertThat(labels.fromJira(JSON.arrayNode())).isNull();
    }

    @Test
    void fixVersionsOfARecordedIssueBecomeAList() {
        JsonNode versions = PayloadFixtures.json("jira/rest-v2-get-issue-fixversions-issuelinks.json")
                .path("fields").path("fixVersions");
        MultiValueTransform transform = new MultiValueTransform(JiraShape.NAME, null);
        List<String> names = new ArrayList<>();
        versions.forEach(v -> names.add(v.path("name").asText()));

        assertThat(transform.fromJira(versions)).isEqualTo(String.join(", ", names.stream().sorted().toList()));
        assertThat(transform.toJira(transform.fromJira(versions)).get(0).has("name")).isTrue();
    }

    @Test
    void componentsThroughAValueTable() {
        MultiValueTransform transform = new MultiValueTransform(JiraShape.NAME, categories());
        JsonNode components = JSON.arrayNode().add(JSON.objectNode().put("name", "Devices"))
                .add(JSON.objectNode().put("name", "Web Shop"));

        assertThat(transform.fromJira(components)).isEqualTo("hardware, software");
        assertThat(transform.toServiceNow("hardware, software")).isEqualTo("hardware,software");
    }

    @Test
    void aReferenceByDisplayValueIsLookedUpOnceAndCached() {
        List<String> asked = new ArrayList<>();
        Directory remote = new MapDirectory(Map.of("cmdb_ci:name:9c5e", "mail-server-01"), asked);
        MutableClock clock = new MutableClock();
        ReferenceTransform reference = new ReferenceTransform("cmdb_ci", "name", JiraShape.TEXT,
                new CachedDirectory(remote, Duration.ofMinutes(10), clock));

        assertThat(reference.fromServiceNow("9c5e")).isEqualTo("mail-server-01");
        assertThat(reference.fromServiceNow("9c5e")).isEqualTo("mail-server-01");
        assertThat(reference.toServiceNow("mail-server-01")).isEqualTo("9c5e");
        assertThat(asked).containsExactly("display cmdb_ci 9c5e", "sys_id cmdb_ci mail-server-01");
        clock.now = clock.now.plus(Duration.ofMinutes(11));
        reference.fromServiceNow("9c5e");
        assertThat(asked).hasSize(3);
    }

    @Test
    void aReferenceBySysIdIsCarriedAsItIs() {
        JsonNode openedBy = PayloadFixtures.json("servicenow/table-get-incident-single.json").path("result").path("opened_by");
        ReferenceTransform reference = new ReferenceTransform("sys_user", "sys_id", JiraShape.TEXT, null);

        assertThat(reference.fromServiceNow(openedBy.path("value").asText())).isEqualTo("6816f79cc0a8016401c5a33be04be441");
    }

    @Test
    void aUserIsMatchedByEmailAcrossBothSides() {
        JsonNode assignee = PayloadFixtures.json("jira/rest-v2-server-get-issue.json").path("fields").path("assignee");
        Directory remote = new MapDirectory(Map.of("sn-email:6816f79c", "Admin@Example.com",
                "sn-user:admin@example.com", "6816f79c"), new ArrayList<>());
        UserTransform users = new UserTransform(false, remote);

        assertThat(users.fromJira(assignee)).isEqualTo("admin@example.com");
        assertThat(users.toServiceNow("admin@example.com")).isEqualTo("6816f79c");
        assertThat(users.fromServiceNow("6816f79c")).isEqualTo("admin@example.com");
    }

    @Test
    void aCloudUserWithHiddenEmailIsFoundThroughTheDirectoryOrTheMappingTable() {
        JsonNode cloudUser = JSON.objectNode().put("accountId", "5b10a2844c20165700ede21g");
        Directory remote = new MapDirectory(Map.of("jira-user:ops@example.com", "5b10ac8d82e05b22cc7d4ef5"), new ArrayList<>());
        UserTransform users = new UserTransform(true, remote).person("5b10a2844c20165700ede21g", "46d44a23", "mia@example.com");

        assertThat(users.fromJira(cloudUser)).isEqualTo("mia@example.com");
        assertThat(users.toServiceNow("mia@example.com")).isEqualTo("46d44a23");
        assertThat(users.toJira("ops@example.com").toString()).isEqualTo("{\"accountId\":\"5b10ac8d82e05b22cc7d4ef5\"}");
    }

    @Test
    void aPersonWithoutCounterpartIsNeverGuessed() {
        UserTransform users = new UserTransform(true, new MapDirectory(Map.of(), new ArrayList<>()));

        assertThatThrownBy(() -> users.toServiceNow("nobody@example.com"))
                .isInstanceOf(UnresolvedValueException.class).hasMessageContaining("nobody@example.com");
        assertThatThrownBy(() -> users.fromJira(JSON.objectNode().put("accountId", "557058:x")))
                .isInstanceOf(UnresolvedValueException.class);
    }

    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-03-01T08:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Answers from a map; records what it was asked. */
    record MapDirectory(Map<String, String> answers, List<String> asked) implements Directory {

        @Override
        public Optional<String> jiraUserEmail(String user) {
            asked.add("jira-email " + user);
            return Optional.ofNullable(answers.get("jira-email:" + user));
        }

        @Override
        public Optional<String> jiraUserByEmail(String email) {
            asked.add("jira-user " + email);
            return Optional.ofNullable(answers.get("jira-user:" + email));
        }

        @Override
        public Optional<String> serviceNowUserEmail(String sysId) {
            asked.add("sn-email " + sysId);
            return Optional.ofNullable(answers.get("sn-email:" + sysId));
        }

        @Override
        public Optional<String> serviceNowUserByEmail(String email) {
            asked.add("sn-user " + email);
            return Optional.ofNullable(answers.get("sn-user:" + email));
        }

        @Override
        public Optional<String> serviceNowDisplay(String table, String field, String sysId) {
            asked.add("display " + table + " " + sysId);
            return Optional.ofNullable(answers.get(table + ":" + field + ":" + sysId));
        }

        @Override
        public Optional<String> serviceNowSysId(String table, String field, String value) {
            asked.add("sys_id " + table + " " + value);
            return answers.entrySet().stream().filter(e -> e.getKey().startsWith(table + ":" + field + ":")
                    && e.getValue().equals(value)).map(e -> e.getKey().substring(e.getKey().lastIndexOf(':') + 1)).findFirst();
        }
    }
}
