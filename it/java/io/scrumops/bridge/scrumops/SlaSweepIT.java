package io.scrumops.bridge.scrumops;

import com.fasterxml.jackson.databind.JsonNode;
import io.scrumops.bridge.model.Severity;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.store.SprintRepository;
import io.scrumops.bridge.store.SyncLink;
import io.scrumops.bridge.store.SyncLinkRepository;
import io.scrumops.bridge.store.WorkItemRepository;
import io.scrumops.bridge.support.BridgeIt;
import io.scrumops.bridge.support.RouteRuns;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.annotation.DirtiesContext;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.scrumops.bridge.scrumops.RulesItSupport.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The scheduled SLA sweep: each crossing is written back and published once, and the SLA API lists the clocks. */
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "scrumops.inbox.relay-grace=PT1S",
        "scrumops.inbox.relay-period-ms=1000",
        "scrumops.rules.notify-transition=IN_PROGRESS",
        "scrumops.rules.sla-sweep.period-ms=1000",
        "scrumops.rules.sla-sweep.delay-ms=1000"})
class SlaSweepIT {

    @DynamicPropertySource
    static void mappingDirectory(DynamicPropertyRegistry registry) {
        BridgeIt.wire(registry, BridgeIt.mappings(), null, null);
    }

    @Autowired
    TestRestTemplate http;
    @Autowired
    WorkItemRepository workItems;
    @Autowired
    SprintRepository sprints;
    @Autowired
    SyncLinkRepository links;
    @Autowired
    DataSource dataSource;
    @Autowired
    CamelContext camel;
    @Autowired
    SlaSweepService sweepService;
    @Value("${scrumops.rules.sla-sweep.topic}")
    String slaTopic;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    @Test
    void packagePastItsWarningThresholdIsAnnouncedOnceAndListedAsAtRisk() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        sprints.upsert(RulesItSupport.activeSprint("7", "ops-l1", now));
        sprints.upsert(RulesItSupport.activeSprint("21", "app-l2", now));
        workItems.upsert(RulesItSupport.story("1", "OPS-1", "ops-l1", "jira:sprint:7", true, "default", now));
        workItems.upsert(RulesItSupport.story("2", "APP-1", "app-l2", "jira:sprint:21", false, "default", now));
        try (KafkaConsumer<String, String> consumer = consumer()) {
            workItems.upsert(RulesItSupport.workPackage("41", "OPS-41", "jira:issue:1", "ops-l1", "jira:sprint:7",
                    Severity.SEV2, now.minus(Duration.ofHours(13))));
            links.save(SyncLink.of("jira:issue:41", SourceSystem.SERVICENOW, "d4e5f6", "INC0010041", null));
            workItems.upsert(RulesItSupport.workPackage("42", "APP-42", "jira:issue:2", "app-l2", "jira:sprint:21",
                    Severity.SEV1, now.minus(Duration.ofHours(7))));
            workItems.upsert(RulesItSupport.workPackage("43", "OPS-43", "jira:issue:1", "ops-l1", "jira:sprint:7",
                    Severity.SEV2, now.minus(Duration.ofHours(1))));

            List<ConsumerRecord<String, String>> events = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(events::add);
                return events.stream().anyMatch(e -> e.key().equals("jira:issue:41"))
                        && events.stream().anyMatch(e -> e.key().equals("jira:issue:42"));
            });
            List<String> writtenBack = outboxKeys();
            assertThat(writtenBack).containsExactlyInAnyOrder(
                    "sla-warning:jira:issue:41:0.5|JiraUpdateFields", "sla-warning:jira:issue:41:0.5|JiraComment",
                    "sla-warning:jira:issue:41:0.5|ServiceNowJournalEntry",
                    "sla-breached:jira:issue:42|JiraUpdateFields", "sla-breached:jira:issue:42|JiraComment");
            assertThat(labelsWritten("sla-warning:jira:issue:41:0.5|JiraUpdateFields")).contains("sla-at-risk");

            // three more sweeps announce nothing new
            long until = System.currentTimeMillis() + 3_500;
            while (System.currentTimeMillis() < until) {
                consumer.poll(Duration.ofMillis(200)).forEach(events::add);
            }
            assertThat(outboxKeys()).isEqualTo(writtenBack);
            List<ConsumerRecord<String, String>> mine = events.stream()
                    .filter(e -> e.key().equals("jira:issue:41") || e.key().equals("jira:issue:42")).toList();
            assertThat(mine).hasSize(2);
            JsonNode warning = tree(mine.stream().filter(e -> e.key().equals("jira:issue:41")).findFirst().orElseThrow().value());
            assertThat(warning.path("event").asText()).isEqualTo("WARNING");
            assertThat(warning.path("threshold").asDouble()).isEqualTo(0.5);
            assertThat(warning.path("team").asText()).isEqualTo("ops-l1");
            assertThat(warning.path("severity").asText()).isEqualTo("SEV2");
        }

        assertThat(ids("/api/sla?state=at-risk")).containsExactly("jira:issue:41");
        assertThat(ids("/api/sla?state=breached")).containsExactly("jira:issue:42");
        assertThat(ids("/api/sla?team=app-l2&state=breached")).containsExactly("jira:issue:42");
        assertThat(ids("/api/sla?team=ops-l1&state=breached")).isEmpty();
        assertThat(ids("/api/sla?team=ops-l1")).contains("jira:issue:41", "jira:issue:43").doesNotContain("jira:issue:42");
        assertThat(admin().getForEntity("/api/sla?state=late", String.class).getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);
    }

    @Test
    void scheduledSweepIsLeftToTheInstanceHoldingItsLeaseAndTakenOverWhenItIsReleased() throws Exception {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        jdbc.sql("""
                insert into job_lease (name, owner, until) values ('sla-sweep', 'another-instance', now() + interval '1 hour')
                on conflict (name) do update set owner = excluded.owner, until = excluded.until""").update();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        sprints.upsert(RulesItSupport.activeSprint("31", "app-l2", now));
        workItems.upsert(RulesItSupport.story("3", "APP-3", "app-l2", "jira:sprint:31", false, "default", now));
        workItems.upsert(RulesItSupport.workPackage("61", "APP-61", "jira:issue:3", "app-l2", "jira:sprint:31",
                Severity.SEV1, now.minus(Duration.ofHours(7))));

        RouteRuns.of(camel).awaitMore("sla-sweep", 3, Duration.ofSeconds(30));
        String breachKeys = "select count(*) from outbox where idempotency_key like 'sla-breached:jira:issue:61|%'";
        assertThat(jdbc.sql(breachKeys).query(Long.class).single()).as("three sweep periods, none run here").isZero();

        jdbc.sql("delete from job_lease where name = 'sla-sweep'").update();

        await().atMost(Duration.ofSeconds(15)).until(() -> jdbc.sql(breachKeys).query(Long.class).single() > 0);

        // the other tests list every breached package: the package goes, then (after a sweep that may have read it
        // before) its clock
        jdbc.sql("delete from work_item where id = 'jira:issue:61'").update();
        RouteRuns.of(camel).awaitMore("sla-sweep", 1, Duration.ofSeconds(30));
        jdbc.sql("delete from sla_status where work_package_id = 'jira:issue:61'").update();
    }

    @Test
    void slaEventCommittedButNeverPublishedIsSentByTheNextSweepOnceUnderItsStableEventId() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        sprints.upsert(RulesItSupport.activeSprint("21", "app-l2", now));
        workItems.upsert(RulesItSupport.story("2", "APP-1", "app-l2", "jira:sprint:21", false, "default", now));
        try (KafkaConsumer<String, String> consumer = consumer()) {
            camel.getRouteController().stopRoute("sla-sweep");
            try {
                workItems.upsert(RulesItSupport.workPackage("51", "APP-51", "jira:issue:2", "app-l2",
                        "jira:sprint:21", Severity.SEV1, now.minus(Duration.ofHours(7))));
                // the sweep's transaction commits the breach mark and its event; the process dies before publishing
                assertThat(sweepService.sweep()).extracting(SlaEvent::eventId).contains("sla-breached:jira:issue:51");
                assertThat(unpublished()).contains("sla-breached:jira:issue:51");
                assertThat(received(consumer, "jira:issue:51", Duration.ofSeconds(2))).isEmpty();
                assertThat(sweepService.sweep()).extracting(SlaEvent::workPackageId).doesNotContain("jira:issue:51");
            } finally {
                camel.getRouteController().startRoute("sla-sweep");
            }

            List<ConsumerRecord<String, String>> events = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                events.addAll(received(consumer, "jira:issue:51", Duration.ofMillis(200)));
                return !events.isEmpty();
            });
            events.addAll(received(consumer, "jira:issue:51", Duration.ofMillis(3_500)));
            assertThat(events).hasSize(1);
            JsonNode breach = tree(events.get(0).value());
            assertThat(breach.path("eventId").asText()).isEqualTo("sla-breached:jira:issue:51");
            assertThat(breach.path("event").asText()).isEqualTo("BREACHED");
            assertThat(new String(events.get(0).headers().lastHeader("scrumopsEventId").value(),
                    java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("sla-breached:jira:issue:51");
            assertThat(unpublished()).doesNotContain("sla-breached:jira:issue:51");
        } finally {
            // closes the package, so the other test's listing of open packages does not see it
            JdbcClient.create(dataSource)
                    .sql("update work_item set status_category = 'DONE' where id = 'jira:issue:51'").update();
        }
    }

    private List<ConsumerRecord<String, String>> received(KafkaConsumer<String, String> consumer, String key,
                                                          Duration during) {
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        long until = System.currentTimeMillis() + during.toMillis();
        do {
            consumer.poll(Duration.ofMillis(100)).forEach(r -> {
                if (key.equals(r.key())) {
                    found.add(r);
                }
            });
        } while (System.currentTimeMillis() < until);
        return found;
    }

    private List<String> unpublished() {
        return JdbcClient.create(dataSource).sql("select event_id from sla_announcement where published_at is null")
                .query(String.class).list();
    }

    private List<String> ids(String path) {
        var response = admin().getForEntity(path, String.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        List<String> ids = new ArrayList<>();
        tree(response.getBody()).forEach(row -> ids.add(row.path("workPackageId").asText()));
        return ids;
    }

    private List<String> outboxKeys() {
        return JdbcClient.create(dataSource).sql("""
                        select idempotency_key from outbox
                        where aggregate_id in ('jira:issue:41', 'jira:issue:42', 'jira:issue:43') order by id""")
                .query(String.class).list();
    }

    private String labelsWritten(String key) {
        return JdbcClient.create(dataSource).sql("select payload::text from outbox where idempotency_key = :key")
                .param("key", key).query(String.class).single();
    }

    private KafkaConsumer<String, String> consumer() {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "sla-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()));
        consumer.subscribe(List.of(slaTopic));
        consumer.poll(Duration.ofMillis(500));
        return consumer;
    }

    private TestRestTemplate admin() {
        return http.withBasicAuth("admin", "test-admin-password");
    }
}
