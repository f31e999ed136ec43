package io.scrumops.bridge.store;

import static io.scrumops.bridge.store.ModelFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.scrumops.bridge.model.Deployment;
import io.scrumops.bridge.model.DeploymentStatus;
import io.scrumops.bridge.model.Release;
import io.scrumops.bridge.model.SourceRef;
import io.scrumops.bridge.model.Sprint;
import io.scrumops.bridge.model.SprintState;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sprints, deployments and releases carry a SourceRef and get the same guard as work items. */
class VersionGuardTest {

    private final DataSource dataSource = TestDatabase.dataSource();
    private final SprintRepository sprints = new SprintRepository(dataSource);
    private final DeploymentRepository deployments = new DeploymentRepository(dataSource);
    private final ReleaseRepository releases = new ReleaseRepository(dataSource);

    @BeforeEach
    void emptyTables() {
        TestDatabase.truncate("sprint", "deployment", "release");
    }

    @Test
    void olderSprintEventNeverReopensAClosedSprint() {
        Sprint active = ModelFixtures.sprint();
        Sprint closed = new Sprint(active.id(), newer(active.source()), active.team(), active.name(), active.start(),
                active.end(), SprintState.CLOSED);
        sprints.upsert(closed);

        assertThat(sprints.upsert(active)).isEqualTo(UpsertOutcome.STALE);
        assertThat(sprints.upsert(closed)).isEqualTo(UpsertOutcome.UNCHANGED);

        assertThat(sprints.findById(active.id())).contains(closed);
        assertThat(sprints.findByTeamAndState("team-a", SprintState.CLOSED)).containsExactly(closed);
    }

    @Test
    void olderDeploymentStatusNeverOverwritesFinalOne() {
        Deployment success = ModelFixtures.deployment();
        Deployment inProgress = new Deployment(success.id(), older(success.source()), success.service(),
                success.environment(), success.environmentType(), DeploymentStatus.IN_PROGRESS, success.startedAt(),
                null, success.ref(), success.commits(), success.linkedItemKeys());
        deployments.upsert(success);

        assertThat(deployments.upsert(inProgress)).isEqualTo(UpsertOutcome.STALE);
        assertThat(deployments.upsert(success)).isEqualTo(UpsertOutcome.UNCHANGED);

        assertThat(deployments.findById(success.id())).contains(success);
    }

    @Test
    void olderReleaseEventNeverMovesThePhaseBack() {
        Release sit = ModelFixtures.release();
        Release build = new Release(sit.id(), older(sit.source()), sit.name(), sit.product(), "BUILD", sit.phases(),
                sit.releaseDate());
        releases.upsert(sit);

        assertThat(releases.upsert(build)).isEqualTo(UpsertOutcome.STALE);
        assertThat(releases.upsert(sit)).isEqualTo(UpsertOutcome.UNCHANGED);

        assertThat(releases.findById(sit.id())).contains(sit);
        assertThat(releases.findByProduct("Product A")).containsExactly(sit);
    }

    @Test
    void productionDeploymentsAreFoundByFinishTimeAndLinkedKey() {
        Deployment deployment = ModelFixtures.deployment();
        deployments.upsert(deployment);

        assertThat(deployments.findFinishedBetween(deployment.environmentType(), T0, T0.plusSeconds(901)))
                .containsExactly(deployment);
        assertThat(deployments.findFinishedBetween(deployment.environmentType(), T0.plusSeconds(901),
                T0.plusSeconds(2000))).isEmpty();
        assertThat(deployments.findLinkedTo("INC0010001")).containsExactly(deployment);
        assertThat(deployments.findLinkedTo("OPS-999")).isEmpty();
    }

    private static SourceRef newer(SourceRef source) {
        return withTime(source, source.updatedAt().plusSeconds(60));
    }

    private static SourceRef older(SourceRef source) {
        return withTime(source, source.updatedAt().minusSeconds(60));
    }

    private static SourceRef withTime(SourceRef source, Instant updatedAt) {
        return new SourceRef(source.system(), source.entity(), source.nativeId(), source.key(), source.url(),
                source.version(), updatedAt);
    }
}
