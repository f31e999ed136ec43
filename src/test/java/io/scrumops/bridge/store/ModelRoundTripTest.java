package io.scrumops.bridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrumops.bridge.model.Comment;
import io.scrumops.bridge.model.Deployment;
import io.scrumops.bridge.model.Release;
import io.scrumops.bridge.model.Sprint;
import io.scrumops.bridge.model.StatusChange;
import io.scrumops.bridge.model.WorkItem;
import io.scrumops.bridge.model.WorkItemKind;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.simple.JdbcClient;

class ModelRoundTripTest {

    private final DataSource dataSource = TestDatabase.dataSource();
    private final WorkItemRepository workItems = new WorkItemRepository(dataSource);

    @BeforeEach
    void emptyTables() {
        TestDatabase.truncate("work_item", "comment", "status_change", "sprint", "deployment", "release");
    }

    @ParameterizedTest
    @EnumSource(WorkItemKind.class)
    void workItemOfEveryKindComesBackEqual(WorkItemKind kind) {
        WorkItem item = ModelFixtures.workItem(kind, "1" + kind.ordinal(), "OPS-" + kind.ordinal());

        assertThat(workItems.upsert(item)).isEqualTo(UpsertOutcome.INSERTED);

        assertThat(workItems.findById(item.id())).contains(item);
    }

    @Test
    void storyKeepsItsStoryAttributes() {
        WorkItem story = ModelFixtures.story();

        workItems.upsert(story);

        assertThat(workItems.findById(story.id())).contains(story);
        assertThat(workItems.findById(story.id()).orElseThrow().story().escalationTargets())
                .containsEntry("*", "jira:issue:20002");
    }

    @Test
    void workPackageKeepsSlaClockAndEscalationLinks() {
        WorkItem workPackage = ModelFixtures.workPackage();

        workItems.upsert(workPackage);

        WorkItem stored = workItems.findById(workPackage.id()).orElseThrow();
        assertThat(stored).isEqualTo(workPackage);
        assertThat(stored.workPackage().slaTarget()).isEqualTo(workPackage.workPackage().slaTarget());
        assertThat(stored.workPackage().escalations()).hasSize(1);
    }

    @Test
    void storedPayloadHoldsTheRecordComponentsOnly() {
        WorkItem workPackage = ModelFixtures.workPackage();
        workItems.upsert(workPackage);

        String payload = JdbcClient.create(dataSource)
                .sql("select payload::text from work_item where id = :id").param("id", workPackage.id())
                .query(String.class).single();

        assertThat(payload).contains("\"slaTarget\": \"PT6H\"").doesNotContain("\"done\"");
    }

    @Test
    void commentComesBackEqual() {
        CommentRepository comments = new CommentRepository(dataSource);
        Comment comment = ModelFixtures.comment();

        comments.insertIfAbsent(comment);

        assertThat(comments.findById(comment.id())).contains(comment);
        assertThat(comments.findBySource(comment.source())).contains(comment);
        assertThat(comments.findByWorkItem(comment.workItemId())).containsExactly(comment);
    }

    @Test
    void statusChangeComesBackEqual() {
        StatusChangeRepository changes = new StatusChangeRepository(dataSource);
        StatusChange change = ModelFixtures.statusChange();

        changes.record(change);

        assertThat(changes.findByWorkItem(change.workItemId())).containsExactly(change);
    }

    @Test
    void sprintComesBackEqual() {
        SprintRepository sprints = new SprintRepository(dataSource);
        Sprint sprint = ModelFixtures.sprint();

        assertThat(sprints.upsert(sprint)).isEqualTo(UpsertOutcome.INSERTED);

        assertThat(sprints.findById(sprint.id())).contains(sprint);
    }

    @Test
    void deploymentWithCommitsComesBackEqual() {
        DeploymentRepository deployments = new DeploymentRepository(dataSource);
        Deployment deployment = ModelFixtures.deployment();

        assertThat(deployments.upsert(deployment)).isEqualTo(UpsertOutcome.INSERTED);

        assertThat(deployments.findById(deployment.id())).contains(deployment);
    }

    @Test
    void releaseWithPhasesAndGatesComesBackEqual() {
        ReleaseRepository releases = new ReleaseRepository(dataSource);
        Release release = ModelFixtures.release();

        assertThat(releases.upsert(release)).isEqualTo(UpsertOutcome.INSERTED);

        assertThat(releases.findById(release.id())).contains(release);
    }
}
