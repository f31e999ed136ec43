package io.scrumops.bridge.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scrumops.bridge.metrics.DoraRepository.Item;
import io.scrumops.bridge.store.TestDatabase;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The links the lead-time queries read instead of searching history: each deployment commit row's previous successful
 * row of its (scope, repo, environment) (V63), and each change's first production deployment (V64). Deployments
 * arrive out of order here; every write must leave both exactly as if the history had arrived in order.
 */
class DoraKeptLinksTest {

    private static final String REPO = "https://git.example/app";

    private final MetricsImportRepository imports = new MetricsImportRepository(TestDatabase.dataSource());
    private final DoraMetrics dora = new DoraMetrics(new DoraRepository(TestDatabase.dataSource()));
    private final JdbcClient jdbc = JdbcClient.create(TestDatabase.dataSource());

    @BeforeEach
    void emptyStore() {
        TestDatabase.truncate("metric_scope", "deployment", "deployment_commit", "deployment_change", "scm_change",
                "work_item", "incident_cause");
    }

    private static MetricsFilter march(String profile, String team) {
        return MetricsFilter.of(null, team, "2024-03-01", "2024-03-31", profile, Instant.now());
    }

    @Test
    void aLateDeploymentBecomesThePreviousOfTheNextOneAndDevLakeLeadTimeFollows() throws Exception {
        store("{'deployments': [" + deployment("d1", "2024-03-01T10:00:00Z", "SUCCESS") + ","
                + deployment("d3", "2024-03-05T10:00:00Z", "SUCCESS") + "],"
                + " 'changes': [" + pullRequest("pr1", "2024-02-29T12:00:00Z", "d1") + ","
                + pullRequest("pr3", "2024-03-03T00:00:00Z", "d3") + "]}");

        assertThat(previous()).containsExactly(Map.entry("d1", "-"), Map.entry("d3", "d1"));
        // pr1 went out with the first deployment of its group, which DevLake leaves out
        assertThat(devlakeLeadTimes()).containsExactly(Map.entry("pr3", 3480.0));

        // d2 arrives late, between d1 and d3
        store("{'deployments': [" + deployment("d2", "2024-03-03T10:00:00Z", "SUCCESS") + "],"
                + " 'changes': [" + pullRequest("pr2", "2024-03-02T00:00:00Z", "d2") + "]}");

        assertThat(previous()).containsExactly(Map.entry("d1", "-"), Map.entry("d2", "d1"), Map.entry("d3", "d2"));
        assertThat(devlakeLeadTimes()).containsExactly(Map.entry("pr2", 2040.0), Map.entry("pr3", 3480.0));

        // d0 arrives late, before every other: d1 is no longer the first of its group
        store("{'deployments': [" + deployment("d0", "2024-02-28T10:00:00Z", "SUCCESS") + "]}");

        assertThat(previous()).containsExactly(Map.entry("d0", "-"), Map.entry("d1", "d0"), Map.entry("d2", "d1"),
                Map.entry("d3", "d2"));
        assertThat(devlakeLeadTimes()).containsExactly(Map.entry("pr1", 1320.0), Map.entry("pr2", 2040.0),
                Map.entry("pr3", 3480.0));
    }

    @Test
    void aDeploymentThatFailsOrIsDeletedIsNoLongerAnyonesPrevious() throws Exception {
        store("{'deployments': [" + deployment("d0", "2024-02-28T10:00:00Z", "SUCCESS") + ","
                + deployment("d1", "2024-03-01T10:00:00Z", "SUCCESS") + ","
                + deployment("d2", "2024-03-03T10:00:00Z", "SUCCESS") + ","
                + deployment("d3", "2024-03-05T10:00:00Z", "SUCCESS") + "],"
                + " 'changes': [" + pullRequest("pr1", "2024-02-29T12:00:00Z", "d1") + ","
                + pullRequest("pr2", "2024-03-02T00:00:00Z", "d2") + "]}");

        store("{'deployments': [" + deployment("d2", "2024-03-03T10:00:00Z", "FAILURE") + "]}");

        assertThat(previous()).containsExactly(Map.entry("d0", "-"), Map.entry("d1", "d0"), Map.entry("d2", "d1"),
                Map.entry("d3", "d1"));
        assertThat(devlakeLeadTimes()).containsExactly(Map.entry("pr1", 1320.0));

        jdbc.sql("delete from deployment where id = 'd1'").update();

        assertThat(previous()).containsExactly(Map.entry("d0", "-"), Map.entry("d2", "d0"), Map.entry("d3", "d0"));
        assertThat(devlakeLeadTimes()).isEmpty();
        assertThat(jdbc.sql("select count(*) from scm_change where deployed_at is not null or devlake_deployed_at is not null")
                .query(Long.class).single()).isZero();
    }

    @Test
    void aLateDeploymentThatShippedAChangeEarlierBecomesItsFirstDeployment() throws Exception {
        store("{'deployments': [" + deployment("d1", "2024-03-01T10:00:00Z", "SUCCESS") + ","
                + deployment("d3", "2024-03-05T10:00:00Z", "SUCCESS") + "],"
                + " 'changes': [" + pullRequest("pr3", "2024-03-03T00:00:00Z", "d3") + "]}");
        assertThat(defaultLeadTimes()).containsExactly(Map.entry("pr3", 3480.0));

        store("{'deployments': [" + deployment("d2", "2024-03-03T10:00:00Z", "SUCCESS") + "]}");
        jdbc.sql("""
                insert into deployment_change (deployment_commit_id, sha, rule)
                select id, 'merge-pr3', 'LISTED' from deployment_commit where deployment_id = 'd2'""").update();

        assertThat(defaultLeadTimes()).containsExactly(Map.entry("pr3", 600.0));
        assertThat(dora.items(march("default", null), "leadTime", 10, 0)).extracting(Item::ref).containsExactly("d2");
    }

    @Test
    void underATeamFilterAChangeDeployedInTwoScopesCountsFromItsFirstDeploymentInThatScope() throws Exception {
        store("{'deployments': [" + deployment("d1", "2024-03-01T10:00:00Z", "SUCCESS") + ","
                + deployment("d3", "2024-03-05T10:00:00Z", "SUCCESS") + "],"
                + " 'changes': [" + pullRequest("pr3", "2024-03-03T00:00:00Z", "d3") + "]}");
        store("{'deployments': [{'id': 'other', 'scope': 'svc-eu', 'environment': 'production', 'result': 'SUCCESS',"
                + " 'startedAt': '2024-03-03T09:50:00Z', 'finishedAt': '2024-03-03T10:00:00Z',"
                + " 'commits': [{'repoUrl': '" + REPO + "', 'sha': 'other'}]}]}");
        jdbc.sql("""
                insert into deployment_change (deployment_commit_id, sha, rule)
                select id, 'merge-pr3', 'LISTED' from deployment_commit where deployment_id = 'other'""").update();

        assertThat(leadTimes(march("default", null))).containsExactly(Map.entry("pr3", 600.0));
        assertThat(leadTimes(march("default", "svc-eu"))).containsExactly(Map.entry("pr3", 600.0));
        assertThat(leadTimes(march("default", "svc"))).containsExactly(Map.entry("pr3", 3480.0));
        assertThat(dora.report(march("default", "svc"), "week", 10).metrics().get("leadTime").value())
                .isEqualTo(3480.0);
    }

    @Test
    void devlakeChangeFailuresCountAnIncidentCreatedAfterTheWindowBeforeTheNextDeployment() throws Exception {
        store("{'deployments': [" + deployment("d1", "2024-03-01T10:00:00Z", "SUCCESS") + ","
                + deployment("d3", "2024-03-05T10:00:00Z", "SUCCESS") + ","
                + deployment("d4", "2024-04-02T10:00:00Z", "SUCCESS") + "],"
                + " 'incidents': ["
                + "{'id': 'i1', 'scope': 'svc', 'severity': 'SEV1', 'createdAt': '2024-03-02T00:00:00Z',"
                + " 'resolvedAt': '2024-03-02T01:00:00Z'},"
                + "{'id': 'i2', 'scope': 'svc', 'severity': 'SEV1', 'createdAt': '2024-04-01T12:00:00Z',"
                + " 'resolvedAt': '2024-04-01T13:00:00Z'},"
                + "{'id': 'i3', 'scope': 'svc', 'severity': 'SEV1', 'createdAt': '2024-04-03T00:00:00Z',"
                + " 'resolvedAt': '2024-04-03T01:00:00Z'}]}");

        MetricsFilter march = march("devlake", null);
        assertThat(dora.items(march, "changeFailureRate", 10, 0))
                .extracting(Item::id, Item::value, Item::ref)
                .containsExactly(Tuple.tuple("d1", 1.0, "i1"),
                        Tuple.tuple("d3", 1.0, "i2"));
        assertThat(dora.report(march, "week", 10).metrics().get("changeFailureRate").value()).isEqualTo(1.0);
        // i1 resolved 15 hours after d1 finished; i2 is resolved after the window
        assertThat(valuesOf(march, "failedDeploymentRecoveryTime")).containsExactly(Map.entry("i1", 900.0));
    }

    @Test
    void afterRandomWritesInAnyOrderTheKeptLinksEqualARecomputationFromScratch() {
        java.util.Random random = new java.util.Random(20261204);
        for (int d = 0; d < 40; d++) {
            jdbc.sql("""
                    insert into deployment (id, source_system, native_id, scope, environment, environment_type, status,
                                            payload)
                    values (:id, 'GENERIC', :id, 's', 'production', 'PRODUCTION', 'SUCCESS', '{}')""")
                    .param("id", "r" + d).update();
        }
        for (int c = 0; c < 30; c++) {
            jdbc.sql("insert into scm_change (id, kind, sha, authored_at) values (:id, 'COMMIT', :sha, timestamptz '2024-01-01')")
                    .param("id", "c" + c).param("sha", "x" + c).update();
        }
        String[] scopes = {"a", "b", null};
        String[] environments = {"PRODUCTION", "PRODUCTION", "STAGING", null};
        for (int op = 0; op < 400; op++) {
            int kind = random.nextInt(10);
            java.time.OffsetDateTime finished = random.nextInt(12) == 0 ? null
                    : java.time.OffsetDateTime.parse("2024-03-01T00:00:00Z").plusMinutes(random.nextInt(60));
            if (kind < 5) {
                jdbc.sql("""
                                insert into deployment_commit (deployment_id, scope, repo_url, sha, environment_type, result,
                                                               started_at, finished_at)
                                values (:d, :scope, :repo, :sha, :env, :result, :finished, :finished)
                                on conflict do nothing""")
                        .param("d", "r" + random.nextInt(40)).param("scope", scopes[random.nextInt(3)])
                        .param("repo", "repo" + random.nextInt(2)).param("sha", "h" + op)
                        .param("env", environments[random.nextInt(4)])
                        .param("result", random.nextInt(4) == 0 ? "FAILURE" : "SUCCESS")
                        .param("finished", finished).update();
            } else if (kind < 7) {
                jdbc.sql("""
                                update deployment_commit set finished_at = :finished, started_at = :finished,
                                       result = case when :flip then (case when result = 'SUCCESS' then 'FAILURE' else 'SUCCESS' end) else result end,
                                       scope = case when :move then :scope else scope end
                                where id = (select id from deployment_commit order by id offset :n limit 1)""")
                        .param("finished", finished).param("flip", random.nextBoolean())
                        .param("move", random.nextInt(4) == 0).param("scope", scopes[random.nextInt(3)])
                        .param("n", random.nextInt(20)).update();
            } else if (kind < 9) {
                jdbc.sql("""
                                insert into deployment_change (deployment_commit_id, sha, rule)
                                select id, :sha, 'LISTED' from deployment_commit order by id offset :n limit 1
                                on conflict do nothing""")
                        .param("sha", "x" + random.nextInt(30)).param("n", random.nextInt(30)).update();
            } else {
                jdbc.sql("delete from deployment_commit where id = (select id from deployment_commit order by id offset :n limit 1)")
                        .param("n", random.nextInt(30)).update();
            }
        }
        long rows = jdbc.sql("select count(*) from deployment_commit").query(Long.class).single();
        long linked = jdbc.sql("select count(prev_success_id) from deployment_commit").query(Long.class).single();
        long deployedChanges = jdbc.sql("select count(deployed_at) from scm_change").query(Long.class).single();
        assertThat(rows).isGreaterThan(50);
        assertThat(linked).isGreaterThan(10);
        assertThat(deployedChanges).isGreaterThan(5);

        assertKeptLinksEqualARecomputation();
    }

    @Test
    void afterRandomBulkStatementsTheKeptLinksEqualARecomputationFromScratch() {
        java.util.Random random = new java.util.Random(20261205);
        jdbc.sql("""
                insert into deployment (id, source_system, native_id, scope, environment, environment_type, status,
                                        payload)
                select 'r' || g, 'GENERIC', 'r' || g, 's', 'production', 'PRODUCTION', 'SUCCESS', '{}'
                from generate_series(0, 39) g""").update();
        jdbc.sql("""
                insert into scm_change (id, kind, sha, authored_at)
                select 'c' || g, 'COMMIT', 'x' || g, timestamptz '2024-01-01' from generate_series(0, 59) g""").update();
        String[] scopes = {"'a'", "'b'", "null"};
        String[] environments = {"'PRODUCTION'", "'PRODUCTION'", "'STAGING'", "null"};
        for (int op = 0; op < 60; op++) {
            int kind = random.nextInt(10);
            List<String> values = new java.util.ArrayList<>();
            // each statement writes many rows at once, in an order unrelated to their finish
            if (kind < 4) {
                for (int r = 5 + random.nextInt(40); r > 0; r--) {
                    String finished = finishedAt(random);
                    values.add("('r%d', %s, 'repo%d', 'h%d-%d', %s, '%s', %s::timestamptz, %s::timestamptz)".formatted(
                            random.nextInt(40), scopes[random.nextInt(3)], random.nextInt(2), op, r,
                            environments[random.nextInt(4)], random.nextInt(4) == 0 ? "FAILURE" : "SUCCESS", finished,
                            finished));
                }
                jdbc.sql("""
                        insert into deployment_commit (deployment_id, scope, repo_url, sha, environment_type, result,
                                                       started_at, finished_at)
                        values %s on conflict do nothing""".formatted(String.join(", ", values))).update();
            } else if (kind < 6) {
                for (long id : ids("select id from deployment_commit", random, 0.1 + random.nextDouble() * 0.5)) {
                    String finished = random.nextBoolean() ? "null" : finishedAt(random);
                    values.add("(%d, %b, %s::timestamptz, %b, %s)".formatted(id, random.nextBoolean(), finished,
                            random.nextInt(5) == 0, scopes[random.nextInt(3)]));
                }
                if (!values.isEmpty()) {
                    jdbc.sql("""
                            update deployment_commit d
                            set result = case when not v.flip then d.result
                                              when d.result = 'SUCCESS' then 'FAILURE' else 'SUCCESS' end,
                                finished_at = coalesce(v.finished, d.finished_at),
                                started_at = coalesce(v.finished, d.started_at),
                                scope = case when v.move then v.scope else d.scope end
                            from (values %s) v(id, flip, finished, move, scope)
                            where d.id = v.id""".formatted(String.join(", ", values))).update();
                }
            } else if (kind < 8) {
                for (long id : ids("select id from deployment_commit", random, 0.3)) {
                    values.add("(%d, 'x%d', 'LISTED')".formatted(id, random.nextInt(60)));
                }
                if (!values.isEmpty()) {
                    jdbc.sql("insert into deployment_change (deployment_commit_id, sha, rule) values %s on conflict do nothing"
                            .formatted(String.join(", ", values))).update();
                }
            } else if (kind < 9) {
                // one shipped commit per row moves to another commit or another row
                for (long id : ids("select distinct deployment_commit_id from deployment_change", random, 0.3)) {
                    values.add("(%d, 'x%d')".formatted(id, random.nextInt(60)));
                }
                if (!values.isEmpty()) {
                    jdbc.sql("""
                            update deployment_change d set sha = v.sha
                            from (values %s) v(id, sha)
                            where d.deployment_commit_id = v.id
                              and d.sha = (select min(o.sha) from deployment_change o where o.deployment_commit_id = v.id)
                              and not exists (select 1 from deployment_change o
                                              where o.deployment_commit_id = v.id and o.sha = v.sha)"""
                            .formatted(String.join(", ", values))).update();
                }
            } else {
                List<Long> gone = ids("select id from deployment_commit", random, 0.05 + random.nextDouble() * 0.2);
                if (!gone.isEmpty()) {
                    jdbc.sql("delete from deployment_commit where id in (%s)".formatted(
                            String.join(", ", gone.stream().map(String::valueOf).toList()))).update();
                }
            }
        }
        // changes written after their deployments (one statement), shipping the merge commits of other changes
        jdbc.sql("""
                insert into scm_change (id, kind, sha, merge_commit_sha, authored_at)
                select 'late' || g, 'PULL_REQUEST', 'late-head' || g, 'x' || g, timestamptz '2024-01-01'
                from generate_series(0, 59, 3) g""").update();
        long rows = jdbc.sql("select count(*) from deployment_commit").query(Long.class).single();
        long linked = jdbc.sql("select count(prev_success_id) from deployment_commit").query(Long.class).single();
        long deployedChanges = jdbc.sql("select count(deployed_at) from scm_change").query(Long.class).single();
        assertThat(rows).isGreaterThan(100);
        assertThat(linked).isGreaterThan(50);
        assertThat(deployedChanges).isGreaterThan(20);
        assertKeptLinksEqualARecomputation();
    }

    private static String finishedAt(java.util.Random random) {
        return random.nextInt(12) == 0 ? "null"
                : "'" + Instant.parse("2024-03-01T00:00:00Z").plusSeconds(60L * random.nextInt(60)) + "'";
    }

    /** A random share of the ids a query lists, in random order. */
    private List<Long> ids(String query, java.util.Random random, double share) {
        List<Long> all = new java.util.ArrayList<>(jdbc.sql(query + " order by 1").query(Long.class).list());
        java.util.Collections.shuffle(all, random);
        return all.subList(0, (int) Math.round(all.size() * share));
    }

    /** Every kept link equals the one recomputed from scratch by plain queries, with no trigger or kept column. */
    private void assertKeptLinksEqualARecomputation() {
        assertThat(jdbc.sql("""
                select count(*) from deployment_commit d
                where d.prev_success_id is distinct from (
                    select p.id from deployment_commit p
                    where p.scope is not distinct from d.scope and p.repo_url = d.repo_url
                      and p.environment_type = d.environment_type and p.result = 'SUCCESS'
                      and p.finished_at < d.finished_at
                    order by p.finished_at desc, p.id desc limit 1)""").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("""
                select count(*) from scm_change c
                left join lateral (select dc.finished_at, dc.deployment_id from deployment_change x
                                   join deployment_commit dc on dc.id = x.deployment_commit_id
                                   where x.sha = c.ship_sha and dc.environment_type = 'PRODUCTION'
                                     and dc.result = 'SUCCESS' and dc.finished_at is not null
                                   order by dc.finished_at, dc.id limit 1) first on true
                left join lateral (select dc.finished_at, dc.deployment_id from deployment_change x
                                   join deployment_commit dc on dc.id = x.deployment_commit_id
                                   where x.sha = c.ship_sha and dc.environment_type = 'PRODUCTION'
                                     and dc.result = 'SUCCESS' and dc.finished_at is not null and dc.repo_url <> ''
                                     and exists (select 1 from deployment_commit p
                                                 where p.scope is not distinct from dc.scope
                                                   and p.repo_url = dc.repo_url
                                                   and p.environment_type = dc.environment_type
                                                   and p.result = 'SUCCESS' and p.finished_at < dc.finished_at)
                                   order by dc.started_at, dc.id limit 1) devlake on true
                where (c.deployed_at, c.deployed_deployment_id, c.devlake_deployed_at, c.devlake_deployment_id)
                      is distinct from (first.finished_at, first.deployment_id, devlake.finished_at, devlake.deployment_id)
                """).query(Long.class).single()).isZero();
        // the kept lead times (V75) follow their first deployments, spans recomputed here without the V21 function
        assertThat(jdbc.sql("""
                select count(*) from scm_change c
                where c.lead_minutes is distinct from cast(
                          extract(epoch from (c.deployed_at - coalesce(c.authored_at, c.committed_at, c.pr_created_at,
                                                                      c.merged_at))) / 60.0 as double precision)
                   or c.devlake_lead_minutes is distinct from cast(
                          coalesce(case when ceil(extract(epoch from (c.pr_created_at - c.authored_at)) / 60) >= 0
                                        then ceil(extract(epoch from (c.pr_created_at - c.authored_at)) / 60) end, 0)
                          + coalesce(case when ceil(extract(epoch from (c.merged_at - c.pr_created_at)) / 60) >= 0
                                          then ceil(extract(epoch from (c.merged_at - c.pr_created_at)) / 60) end, 0)
                          + coalesce(case when ceil(extract(epoch from (c.devlake_deployed_at - c.merged_at)) / 60) >= 0
                                          then ceil(extract(epoch from (c.devlake_deployed_at - c.merged_at)) / 60)
                                     end, 0) as double precision)
                """).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from scm_change where deployed_at is not null").query(Long.class).single())
                .as("changes deployed, whose kept lead times were compared").isPositive();
    }

    private Map<String, Double> devlakeLeadTimes() {
        return leadTimes(march("devlake", null));
    }

    private Map<String, Double> defaultLeadTimes() {
        return leadTimes(march("default", null));
    }

    private Map<String, Double> leadTimes(MetricsFilter filter) {
        return valuesOf(filter, "leadTime");
    }

    private Map<String, Double> valuesOf(MetricsFilter filter, String metric) {
        Map<String, Double> values = new LinkedHashMap<>();
        List<Item> items = dora.items(filter, metric, 100, 0);
        items.stream().sorted((a, b) -> a.id().compareTo(b.id())).forEach(i -> values.put(i.id(), i.value()));
        return values;
    }

    /** deployment -> the deployment of its commit row's previous successful row ("-" for none). */
    private Map<String, String> previous() {
        Map<String, String> links = new LinkedHashMap<>();
        jdbc.sql("""
                        select d.deployment_id, coalesce(p.deployment_id, '-') as previous
                        from deployment_commit d left join deployment_commit p on p.id = d.prev_success_id
                        order by d.deployment_id""")
                .query((rs, i) -> links.put(rs.getString(1), rs.getString(2))).list();
        return links;
    }

    private static String deployment(String id, String finishedAt, String result) {
        String started = Instant.parse(finishedAt).minusSeconds(600).toString();
        return "{'id': '%s', 'scope': 'svc', 'environment': 'production', 'result': '%s', 'startedAt': '%s',"
                .formatted(id, result, started)
                + " 'finishedAt': '%s', 'commits': [{'repoUrl': '%s', 'sha': 'sha-%s'}]}".formatted(finishedAt, REPO, id);
    }

    /** Created an hour after its first commit, merged an hour later; merge commit merge-{id}. */
    private static String pullRequest(String id, String authoredAt, String deployedBy) {
        Instant authored = Instant.parse(authoredAt);
        return ("{'id': '%s', 'repoUrl': '%s', 'sha': 'head-%s', 'authoredAt': '%s', 'prCreatedAt': '%s',"
                + " 'mergedAt': '%s', 'mergeCommitSha': 'merge-%s', 'deployedBy': '%s'}").formatted(id, REPO, id,
                authoredAt, authored.plusSeconds(3600), authored.plusSeconds(7200), id, deployedBy);
    }

    private void store(String text) throws Exception {
        JsonNode doc = DoraFixtures.JSON.readTree(text.replace('\'', '"'));
        MetricsImportDocument.Reading reading = MetricsImportDocument.read(doc, id -> false);
        assertThat(reading.errors()).isEmpty();
        imports.store(reading.contents());
    }
}
