package io.scrumops.bridge.scrumops;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.scrumops.bridge.model.CanonicalStatus;
import io.scrumops.bridge.model.Severity;
import io.scrumops.bridge.model.SourceRef;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.model.SprintState;
import io.scrumops.bridge.model.StoryAttributes;
import io.scrumops.bridge.model.WorkItem;
import io.scrumops.bridge.model.WorkItemKind;
import io.scrumops.bridge.store.SprintRepository;
import io.scrumops.bridge.store.WorkItemRepository;
import io.scrumops.bridge.support.BridgeIt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.annotation.DirtiesContext;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Sprints read page by page from Jira Agile (WireMock); a closing sprint moves the recurring story's open work on. */
@DirtiesContext
@SpringBootTest(properties = {
        BridgeIt.JIRA_USER, BridgeIt.JIRA_TOKEN,
        "scrumops.rules.sprint-sync.period-ms=1000",
        "scrumops.rules.sprint-sync.delay-ms=500",
        "scrumops.rules.sprint-sync.page-size=1",
        "scrumops.rules.sla-sweep.enabled=false"})
class SprintRolloverIT {

    static final String SPRINTS = "/rest/agile/1.0/board/11/sprint";
    static final String SCENARIO = "ops sprint";

    static WireMockServer jira = BridgeIt.startedFake();

    @BeforeAll
    static void start() {
        stubPage(STARTED, 0, false, sprint(7, "active"));
        stubPage(STARTED, 1, true, sprint(8, "future"));
        stubPage("closed", 0, false, sprint(7, "closed"));
        stubPage("closed", 1, true, sprint(8, "active"));
        jira.stubFor(get(urlPathEqualTo("/rest/agile/1.0/board/12/sprint"))
                .willReturn(okJson("{\"startAt\":0,\"isLast\":true,\"values\":[]}")));
    }

    @AfterAll
    static void stop() {
        jira.stop();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        BridgeIt.wire(registry, BridgeIt.mappings(), jira, null);
    }

    @Autowired
    WorkItemRepository workItems;
    @Autowired
    SprintRepository sprints;
    @Autowired
    DataSource dataSource;

    @Test
    void closingSprintMovesTheRecurringStoryAndItsOpenPackagesButNotTheFiniteStory() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        workItems.upsert(RulesItSupport.story("1", "OPS-1", "ops-l1", "jira:sprint:7", true, "default", now));
        workItems.upsert(RulesItSupport.workPackage("51", "OPS-51", "jira:issue:1", "ops-l1", "jira:sprint:7",
                Severity.SEV3, now));
        workItems.upsert(RulesItSupport.workPackage("52", "OPS-52", "jira:issue:1", "ops-l1", "jira:sprint:7",
                Severity.SEV3, now).withStatus(CanonicalStatus.DONE, now));
        workItems.upsert(new WorkItem("jira:issue:60", WorkItemKind.STORY,
                new SourceRef(SourceSystem.JIRA, "issue", "60", "OPS-60", null, 1, now), "New report", null,
                CanonicalStatus.IN_PROGRESS, "In Progress", null, null, null, null, null, "ops-l1", null,
                "jira:sprint:7", Set.of(), now, now, null, StoryAttributes.defaults(), null));

        await().atMost(Duration.ofSeconds(30)).until(() -> sprints.findById("jira:sprint:7")
                .filter(s -> s.state() == SprintState.ACTIVE).isPresent());
        assertThat(rolloverKeys()).isEmpty();

        jira.setScenarioState(SCENARIO, "closed");

        await().atMost(Duration.ofSeconds(30)).until(() -> rolloverKeys().size() >= 2);
        assertThat(rolloverKeys()).containsExactly(
                "rollover:jira:issue:1:jira:sprint:8|JiraMoveToSprint",
                "rollover:jira:issue:51:jira:sprint:8|JiraMoveToSprint");
        String move = JdbcClient.create(dataSource).sql("""
                        select payload::text from outbox
                        where idempotency_key = 'rollover:jira:issue:51:jira:sprint:8|JiraMoveToSprint'""")
                .query(String.class).single();
        assertThat(RulesItSupport.tree(move).path("issueKey").asText()).isEqualTo("OPS-51");
        assertThat(RulesItSupport.tree(move).path("sprintNativeId").asText()).isEqualTo("8");
        assertThat(sprints.findById("jira:sprint:7").map(s -> s.state())).contains(SprintState.CLOSED);
        jira.verify(getRequestedFor(urlPathEqualTo(SPRINTS)).withQueryParam("startAt", equalTo("1"))
                .withQueryParam("state", equalTo("active,future,closed"))
                .withHeader("Authorization", matching("Basic .+")));

        int requests = jira.findAll(getRequestedFor(urlPathEqualTo(SPRINTS))).size();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                jira.findAll(getRequestedFor(urlPathEqualTo(SPRINTS))).size() >= requests + 4);
        assertThat(rolloverKeys()).hasSize(2);
    }

    private List<String> rolloverKeys() {
        return JdbcClient.create(dataSource)
                .sql("select idempotency_key from outbox where idempotency_key like 'rollover:%' order by id")
                .query(String.class).list();
    }

    private static void stubPage(String state, int startAt, boolean last, String sprint) {
        String next = STARTED.equals(state) ? STARTED : "closed";
        jira.stubFor(get(urlPathEqualTo(SPRINTS)).inScenario(SCENARIO).whenScenarioStateIs(state)
                .withQueryParam("startAt", equalTo(String.valueOf(startAt)))
                .willReturn(okJson("{\"maxResults\":1,\"startAt\":" + startAt + ",\"isLast\":" + last
                        + ",\"values\":[" + sprint + "]}"))
                .willSetStateTo(next));
    }

    private static String sprint(int id, String state) {
        Instant start = Instant.now().minus(Duration.ofDays(state.equals("future") ? -12 : 2));
        return "{\"id\":" + id + ",\"self\":\"http://jira/rest/agile/1.0/sprint/" + id + "\",\"state\":\"" + state
                + "\",\"name\":\"OPS " + id + "\",\"startDate\":\"" + start + "\",\"endDate\":\""
                + start.plus(Duration.ofDays(14)) + "\",\"originBoardId\":11}";
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder okJson(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }
}
