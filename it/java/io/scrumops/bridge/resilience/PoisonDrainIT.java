package io.scrumops.bridge.resilience;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Records that fail for a reason of their own are quarantined at once and do not hold up the good records behind
 * them. Poison here: a Jira issue key of 10,000 random characters, which the store's source-key index cannot hold
 * (PostgreSQL refuses it every time it is tried). Before, each such record was redelivered five times with backoff
 * (about 15 s) while its batch and partition waited.
 */
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "scrumops.admin.username=admin", "scrumops.admin.password=poison-admin",
        "scrumops.rules.sprint-sync.enabled=false", "scrumops.rules.sla-sweep.enabled=false"})
class PoisonDrainIT {

    private static final int RECORDS = Integer.getInteger("scrumops.proof.poison-records", 1_000);
    private static final int POISON_EVERY = 10;
    private static final int FIRST_ID = 930_000;

    @Autowired
    TestRestTemplate http;
    @Autowired
    DataSource dataSource;

    @Test
    void poisonRecordsAreQuarantinedAtOnceAndTheGoodOnesDrainAtTheNormalRate() throws Exception {
        String template = new ClassPathResource("fixtures/payloads/jira/webhook-cloud-issue_created.json")
                .getContentAsString(StandardCharsets.UTF_8);
        ObjectMapper json = new ObjectMapper();
        Random random = new Random(14);
        int poison = 0;
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<Integer>> answers = new java.util.ArrayList<>();
        long start = System.nanoTime();
        for (int n = 0; n < RECORDS; n++) {
            ObjectNode root = (ObjectNode) json.readTree(template);
            ObjectNode issue = (ObjectNode) root.get("issue");
            issue.put("id", Integer.toString(FIRST_ID + n));
            // 3 in 10 are poison, spread through the stream so that nearly every batch holds some.
            boolean bad = n % POISON_EVERY < 3;
            issue.put("key", bad ? "PX-" + randomText(random, 10_000) : "PD-" + n);
            poison += bad ? 1 : 0;
            String body = json.writeValueAsString(root);
            answers.add(clients.submit(() -> post(body)));
        }
        for (Future<Integer> answer : answers) {
            assertThat(answer.get()).isEqualTo(202);
        }
        clients.shutdown();
        long acknowledged = System.nanoTime();
        int good = RECORDS - poison;
        JdbcClient db = JdbcClient.create(dataSource);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() ->
                db.sql("select count(*) from inbox where status in ('PROCESSED', 'QUARANTINED')")
                        .query(Long.class).single() == RECORDS);
        long drained = System.nanoTime();

        assertThat(db.sql("select count(*) from work_item where source_key like 'PD-%'").query(Long.class).single())
                .isEqualTo(good);
        assertThat(db.sql("select count(*) from work_item where source_key like 'PX-%'").query(Long.class).single())
                .isZero();
        assertThat(db.sql("select count(*) from quarantine where payload like '%\"key\":\"PX-%'")
                .query(Long.class).single()).isEqualTo(poison);
        assertThat(db.sql("select count(*) from quarantine where payload like '%\"key\":\"PX-%' "
                        + "and reason like 'record could not be stored:%'").query(Long.class).single())
                .isEqualTo(poison);
        double seconds = (drained - acknowledged) / 1e9;
        System.out.printf("poison drain: %d records (%d poison) acknowledged in %.1f s, all stored or quarantined "
                + "%.1f s after the last acknowledgement (%.0f records/s end to end)%n", RECORDS, poison,
                (acknowledged - start) / 1e9, seconds, RECORDS / ((drained - start) / 1e9));
        // Five redeliveries with backoff cost a poison record 15 s; at once, 1,000 records drain in a few seconds.
        assertThat(seconds).isLessThan(30);
    }

    private int post(String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.withBasicAuth("admin", "poison-admin")
                .postForEntity("/webhooks/jira", new HttpEntity<>(body, headers), String.class)
                .getStatusCode().value();
    }

    private static String randomText(Random random, int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }
}
