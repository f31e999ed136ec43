package io.scrumops.bridge.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.scrumops.bridge.mapping.MappingRegistry;
import io.scrumops.bridge.metrics.FlowMetrics.FlowFigures;
import io.scrumops.bridge.metrics.FlowMetrics.FlowReport;
import io.scrumops.bridge.metrics.FlowMetrics.Stage;
import io.scrumops.bridge.store.TestDatabase;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Story A: To Do 1 Jan, In Progress 2 Jan, Code Review 4 Jan, Blocked 5 Jan, Done 6 Jan (all 00:00 UTC 2024).
 * Defect B: To Do 10 Jan 00:00, In Progress 10 Jan 12:00, still open. Window: January 2024; now: 10 Feb 2024.
 */
class FlowMetricsTest {

    private static final Instant NOW = Instant.parse("2024-02-10T00:00:00Z");
    private final JdbcClient jdbc = JdbcClient.create(TestDatabase.dataSource());
    private final FlowAggregates aggregates = new FlowAggregates(TestDatabase.dataSource(), new MappingRegistry("mappings"));
    private final FlowMetrics flow = new FlowMetrics(new FlowRepository(TestDatabase.dataSource()),
            Clock.fixed(NOW, ZoneOffset.UTC));

    @BeforeEach
    void twoItems() {
        TestDatabase.truncate("work_item", "status_change", "status_span", "work_item_flow", "flow_day", "stage_day",
                "stage_reentry", "status_stage", "watermark",
                "metric_scope");
        item("A", "STORY", "FEATURE", "DONE", "2024-01-01T00:00:00Z", "2024-01-06T00:00:00Z");
        change("A", "NEW", "To Do", "2024-01-01T00:00:00Z");
        change("A", "IN_PROGRESS", "In Progress", "2024-01-02T00:00:00Z");
        change("A", "IN_REVIEW", "Code Review", "2024-01-04T00:00:00Z");
        change("A", "ON_HOLD", "Blocked", "2024-01-05T00:00:00Z");
        change("A", "DONE", "Done", "2024-01-06T00:00:00Z");
        item("B", "DEFECT", "DEFECT", "IN_PROGRESS", "2024-01-10T00:00:00Z", null);
        change("B", "NEW", "To Do", "2024-01-10T00:00:00Z");
        change("B", "IN_PROGRESS", "In Progress", "2024-01-10T12:00:00Z");
        jdbc.sql("insert into metric_scope values ('shop', 'team-a')").update();
        aggregates.refresh();
    }

    private static MetricsFilter january() {
        return MetricsFilter.of("shop", null, "2024-01-01", "2024-01-31", null, NOW);
    }

    @Test
    void velocityFlowTimeCycleTimeAndEfficiencyOfDoneItems() {
        FlowReport report = flow.flow(january(), "month");

        FlowFigures all = report.window().get(0);
        assertThat(all.flowType()).isEqualTo("ALL");
        assertThat(all.velocity()).isEqualTo(1);
        assertThat(all.flowTimeDaysMedian()).isEqualTo(5.0);
        assertThat(all.cycleTimeDaysMedian()).isEqualTo(4.0);
        // active: In Progress 48 h + Code Review 24 h; waiting: Blocked 24 h (To Do is before the start)
        assertThat(all.efficiency()).isEqualTo(0.75);
        assertThat(all.loadAtEnd()).isEqualTo(1);
        assertThat(report.window()).extracting(FlowFigures::flowType, FlowFigures::velocity, FlowFigures::distribution,
                        FlowFigures::loadAtEnd)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ALL", 1L, 1.0, 1L),
                        org.assertj.core.groups.Tuple.tuple("DEFECT", 0L, 0.0, 1L),
                        org.assertj.core.groups.Tuple.tuple("FEATURE", 1L, 1.0, 0L));
    }

    @Test
    void stageMapShowsTimeAndWaitingSharePerStage() {
        List<Stage> stages = flow.stages(january()).stages();

        assertThat(stages).extracting(Stage::stage).containsExactly("plan", "develop", "build-test");
        Stage plan = stages.get(0);
        assertThat(plan.items()).isEqualTo(2);
        assertThat(plan.waitingHours()).isEqualTo(36.0);
        assertThat(plan.waitingShare()).isEqualTo(1.0);
        Stage develop = stages.get(1);
        // A: 48 h active, 24 h blocked; B: in progress from 10 Jan 12:00 to the window's end, 516 h
        assertThat(develop.activeHours()).isEqualTo(48.0 + 516.0);
        assertThat(develop.waitingHours()).isEqualTo(24.0);
        assertThat(develop.waitingShare()).isCloseTo(24.0 / 588.0, within(1e-9));
        assertThat(stages.get(2).activeHours()).isEqualTo(24.0);
    }

    @Test
    void refreshRecomputesOnlyItemsChangedSinceTheLastRun() {
        assertThat(aggregates.refresh()).isZero();

        change("B", "DONE", "Done", "2024-01-20T12:00:00Z");
        jdbc.sql("update work_item set status = 'DONE', status_category = 'DONE', resolved_at = '2024-01-20T12:00:00Z', "
                + "stored_at = now() where id = 'B'").update();

        assertThat(aggregates.refresh()).isEqualTo(1);
        FlowFigures defects = flow.flow(january(), "month").window().get(1);
        assertThat(defects.flowType()).isEqualTo("DEFECT");
        assertThat(defects.velocity()).isEqualTo(1);
        assertThat(defects.cycleTimeDaysMedian()).isEqualTo(10.0);
        assertThat(defects.loadAtEnd()).isZero();
    }

    @Test
    void anItemMovedAfterARefreshIsCountedOnceInEachStageAfterTheNextRefresh() {
        // B, already aggregated as in progress from 10 Jan 12:00, is blocked on 15 Jan and back in progress on 20 Jan
        change("B", "ON_HOLD", "Blocked", "2024-01-15T00:00:00Z");
        change("B", "IN_PROGRESS", "In Progress", "2024-01-20T00:00:00Z");

        assertThat(aggregates.refresh()).isEqualTo(1);
        Stage develop = flow.stages(january()).stages().get(1);
        assertThat(develop.stage()).isEqualTo("develop");
        // A and B, B's two stays in progress counted once
        assertThat(develop.items()).isEqualTo(2);
        // A: 48 h; B: 10 Jan 12:00 to 15 Jan (108 h) and 20 Jan to the window's end (288 h)
        assertThat(develop.activeHours()).isEqualTo(48.0 + 108.0 + 288.0);
        // A: 24 h blocked; B: 15 to 20 Jan (120 h)
        assertThat(develop.waitingHours()).isEqualTo(24.0 + 120.0);
        FlowFigures defects = flow.flow(january(), "month").window().get(1);
        assertThat(defects.flowType()).isEqualTo("DEFECT");
        assertThat(defects.velocity()).isZero();
        assertThat(defects.loadAtEnd()).isEqualTo(1);
    }

    @Test
    void anItemWhoseTwoStaysInAStageOverlapTheWindowIsOneItemAndOneWhoseFirstStayEndedBeforeItIsOneToo() {
        change("B", "ON_HOLD", "Blocked", "2024-01-15T00:00:00Z");
        change("B", "IN_PROGRESS", "In Progress", "2024-01-20T00:00:00Z");
        aggregates.refresh();

        // from 14 Jan: B's first stay in progress (14 to 15 Jan, 24 h) and its second (20 Jan on, 288 h) both count
        Stage develop = flow.stages(MetricsFilter.of("shop", null, "2024-01-14", "2024-01-31", null, NOW))
                .stages().get(0);
        assertThat(develop.stage()).isEqualTo("develop");
        assertThat(develop.items()).isEqualTo(1);
        assertThat(develop.activeHours()).isEqualTo(24.0 + 288.0);
        assertThat(develop.waitingHours()).isEqualTo(120.0);
        // from 16 Jan: only the second stay in progress and four days of the blocked stay are in the window
        Stage later = flow.stages(MetricsFilter.of("shop", null, "2024-01-16", "2024-01-31", null, NOW))
                .stages().get(0);
        assertThat(later.stage()).isEqualTo("develop");
        assertThat(later.items()).isEqualTo(1);
        assertThat(later.activeHours()).isEqualTo(288.0);
        assertThat(later.waitingHours()).isEqualTo(96.0);
    }

    @Test
    void anItemDoneAfterARefreshMovesFromLoadToVelocityWithItsFlowAndCycleTimeAfterTheNextRefresh() {
        FlowFigures before = flow.flow(january(), "week").window().get(1);
        assertThat(before.flowType()).isEqualTo("DEFECT");
        assertThat(before.velocity()).isZero();
        assertThat(before.loadAtEnd()).isEqualTo(1);

        change("B", "DONE", "Done", "2024-01-25T06:00:00Z");
        jdbc.sql("update work_item set status = 'DONE', status_category = 'DONE', resolved_at = '2024-01-25T06:00:00Z', "
                + "stored_at = now() where id = 'B'").update();
        assertThat(flow.flow(january(), "week").window().get(1).velocity()).isZero();
        aggregates.refresh();

        FlowReport report = flow.flow(january(), "week");
        FlowFigures defects = report.window().get(1);
        assertThat(defects.velocity()).isEqualTo(1);
        // created 10 Jan 00:00, started 10 Jan 12:00, done 25 Jan 06:00
        assertThat(defects.flowTimeDaysMedian()).isEqualTo(15.25);
        assertThat(defects.cycleTimeDaysMedian()).isEqualTo(14.75);
        assertThat(defects.efficiency()).isEqualTo(1.0);
        assertThat(defects.loadAtEnd()).isZero();
        // the week of Monday 22 Jan has B done
        assertThat(report.trend()).filteredOn(p -> p.period().toString().equals("2024-01-22")).singleElement()
                .satisfies(p -> assertThat(p.byFlowType()).filteredOn(t -> t.flowType().equals("DEFECT"))
                        .singleElement().extracting(FlowFigures::velocity).isEqualTo(1L));
    }

    @Test
    void aStayEndingAtMidnightIsNotInAWindowBeginningThen() {
        // A's To Do ends 2 Jan 00:00; its In Progress begins then
        List<Stage> stages = flow.stages(MetricsFilter.of("shop", null, "2024-01-02", "2024-01-31", null, NOW)).stages();

        assertThat(stages).extracting(Stage::stage).containsExactly("plan", "develop", "build-test");
        assertThat(stages.get(0).items()).isEqualTo(1);
        assertThat(stages.get(0).waitingHours()).isEqualTo(12.0);
        assertThat(stages.get(1).items()).isEqualTo(2);
        assertThat(stages.get(1).activeHours()).isEqualTo(48.0 + 516.0);
        assertThat(stages.get(1).waitingHours()).isEqualTo(24.0);
    }

    @Test
    void aWindowNotBeginningAtMidnightIsReadFromTheStaysThemselvesWithTheSameRules() {
        change("B", "ON_HOLD", "Blocked", "2024-01-15T00:00:00Z");
        change("B", "IN_PROGRESS", "In Progress", "2024-01-20T00:00:00Z");
        aggregates.refresh();

        MetricsFilter noon = MetricsFilter.of("shop", null, "2024-01-14T12:00:00Z", "2024-01-31T12:00:00Z", null, NOW);
        Stage develop = flow.stages(noon).stages().get(0);
        assertThat(develop.stage()).isEqualTo("develop");
        assertThat(develop.items()).isEqualTo(1);
        // B: 14 Jan 12:00 to 15 Jan (12 h) and 20 Jan to 31 Jan 12:00 (276 h) in progress, 15 to 20 Jan blocked
        assertThat(develop.activeHours()).isEqualTo(12.0 + 276.0);
        assertThat(develop.waitingHours()).isEqualTo(120.0);
        FlowReport report = flow.flow(MetricsFilter.of("shop", null, "2024-01-01T06:00:00Z", "2024-02-01T00:00:00Z",
                null, NOW), "month");
        assertThat(report.window()).extracting(FlowFigures::flowType, FlowFigures::velocity, FlowFigures::loadAtEnd)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ALL", 1L, 1L),
                        org.assertj.core.groups.Tuple.tuple("DEFECT", 0L, 1L),
                        org.assertj.core.groups.Tuple.tuple("FEATURE", 1L, 0L));
    }

    @Test
    void anotherProjectSeesNoneOfTheseItems() {
        MetricsFilter other = MetricsFilter.of("other", null, "2024-01-01", "2024-01-31", null, NOW);

        assertThat(flow.flow(other, "week").window().get(0).velocity()).isZero();
        assertThat(flow.stages(other).stages()).isEmpty();
    }

    private void item(String id, String kind, String flowType, String status, String created, String resolved) {
        jdbc.sql("""
                        insert into work_item (id, kind, source_system, status, status_category, flow_type, team,
                                               created_at, resolved_at, payload)
                        values (:id, :kind, 'JIRA', :status, :category, :flowType, 'team-a', cast(:created as timestamptz),
                                cast(:resolved as timestamptz), '{}')""")
                .param("id", id).param("kind", kind).param("status", status)
                .param("category", status.equals("DONE") ? "DONE" : "IN_PROGRESS").param("flowType", flowType)
                .param("created", created).param("resolved", resolved).update();
    }

    private void change(String item, String to, String sourceTo, String at) {
        jdbc.sql("""
                        insert into status_change (work_item_id, to_status, source_to, changed_at, payload)
                        values (:item, :to, :sourceTo, cast(:at as timestamptz), '{}')""")
                .param("item", item).param("to", to).param("sourceTo", sourceTo).param("at", at).update();
    }
}
