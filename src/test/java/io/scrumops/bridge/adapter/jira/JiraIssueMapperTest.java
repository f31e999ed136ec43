package io.scrumops.bridge.adapter.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scrumops.bridge.adapter.MalformedPayloadException;
import io.scrumops.bridge.mapping.UnknownMappingValueException;
import io.scrumops.bridge.model.CanonicalStatus;
import io.scrumops.bridge.model.Comment;
import io.scrumops.bridge.model.CommentVisibility;
import io.scrumops.bridge.model.FlowType;
import io.scrumops.bridge.model.Recurrence;
import io.scrumops.bridge.model.Severity;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.model.StatusChange;
import io.scrumops.bridge.model.StoryAttributes;
import io.scrumops.bridge.model.TeamScope;
import io.scrumops.bridge.model.WorkItem;
import io.scrumops.bridge.model.WorkItemKind;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.scrumops.bridge.adapter.PayloadFixtures.json;
import static io.scrumops.bridge.adapter.PayloadFixtures.shippedMappings;
import static io.scrumops.bridge.adapter.PayloadFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JiraIssueMapperTest {

    private static final String ADMIN_CLOUD = "5c5f880629be9642ba529340";

    private final JiraIssueMapper mapper = new JiraIssueMapper(shippedMappings());


    @Test
    void mapsCloudIssueCreatedWithItsInitialStatus() {
        JiraEvent event = mapper.fromWebhook(text("jira/webhook-cloud-issue_created.json"));

        assertThat(event.type()).isEqualTo(JiraEventType.ISSUE_CREATED);
        assertThat(event.issueId()).isEqualTo("10040");
        assertThat(event.issueKey()).isEqualTo("TES-41");
        assertThat(event.partialIssue()).isFalse();
        assertThat(event.actor()).isEqualTo(ADMIN_CLOUD);
        assertThat(event.timestamp()).isEqualTo(Instant.ofEpochMilli(1550286113023L));
        WorkItem item = event.workItem();
        assertThat(item.id()).isEqualTo("jira:issue:10040");
        assertThat(item.kind()).isEqualTo(WorkItemKind.STORY);
        assertThat(item.flowType()).isEqualTo(FlowType.FEATURE);
        assertThat(item.title()).isEqualTo("Unit test summary");
        assertThat(item.description()).isEqualTo("Unit test description, not that long");
        assertThat(item.status()).isEqualTo(CanonicalStatus.NEW);
        assertThat(item.sourceStatus()).isEqualTo("To Do");
        assertThat(item.severity()).isEqualTo(Severity.SEV2);
        assertThat(item.sourcePriority()).isEqualTo("High");
        assertThat(item.assignee()).isNull();
        assertThat(item.labels()).containsExactly("test-label");
        assertThat(item.createdAt()).isEqualTo(Instant.parse("2019-02-16T03:01:52.971Z"));
        assertThat(item.updatedAt()).isEqualTo(Instant.parse("2019-02-16T03:01:52.971Z"));
        assertThat(item.resolvedAt()).isNull();
        assertThat(item.source().system()).isEqualTo(SourceSystem.JIRA);
        assertThat(item.source().key()).isEqualTo("TES-41");
        assertThat(item.source().url()).isEqualTo("https://some-instance-test.atlassian.net/rest/api/2/issue/10040");
        assertThat(item.source().version()).isEqualTo(Instant.parse("2019-02-16T03:01:52.971Z").toEpochMilli());
        assertThat(item.source().globalId()).isEqualTo("jira:issue:10040");
        assertThat(item.story()).isEqualTo(StoryAttributes.defaults());
        assertThat(event.statusChanges()).containsExactly(new StatusChange("jira:issue:10040", null, CanonicalStatus.NEW,
                null, "To Do", Instant.parse("2019-02-16T03:01:52.971Z"), ADMIN_CLOUD));
        assertThat(event.comments()).isEmpty();
    }

    @Test
    void mapsCloudStatusChangeToDoneMatchingOnFieldId() {
        JiraEvent event = mapper.fromWebhook(text("jira/webhook-cloud-issue_updated-status-done.json"));

        assertThat(event.type()).isEqualTo(JiraEventType.ISSUE_UPDATED);
        WorkItem item = event.workItem();
        assertThat(item.status()).isEqualTo(CanonicalStatus.DONE);
        assertThat(item.labels()).containsExactly("test-label");
        assertThat(item.resolvedAt()).isEqualTo(Instant.parse("2019-02-16T03:15:40.470Z"));
        assertThat(item.updatedAt()).isEqualTo(Instant.parse("2019-02-16T03:15:40.477Z"));
        assertThat(item.sprintId()).as("customfield_10020 holds no sprint on this site").isNull();
        assertThat(event.statusChanges()).containsExactly(new StatusChange("jira:issue:10040",
                CanonicalStatus.IN_PROGRESS, CanonicalStatus.DONE, "In Progress", "Done",
                Instant.parse("2019-02-16T03:15:40.477Z"), ADMIN_CLOUD));
    }

    @Test
    void mapsCloudAssigneeAndPriorityChangesWithoutStatusChanges() {
        JiraEvent assigned = mapper.fromWebhook(text("jira/webhook-cloud-issue_updated-assignee.json"));
        JiraEvent unassigned = mapper.fromWebhook(text("jira/webhook-cloud-issue_updated-unassigned.json"));
        JiraEvent priority = mapper.fromWebhook(text("jira/webhook-cloud-issue_updated-priority.json"));

        assertThat(assigned.workItem().assignee()).isEqualTo(ADMIN_CLOUD);
        assertThat(assigned.workItem().updatedAt()).isEqualTo(Instant.parse("2019-02-16T03:18:01.707Z"));
        assertThat(assigned.statusChanges()).isEmpty();
        assertThat(unassigned.workItem().assignee()).isNull();
        assertThat(unassigned.workItem().labels()).containsExactly("test-label");
        assertThat(unassigned.statusChanges()).isEmpty();
        assertThat(priority.workItem().severity()).isEqualTo(Severity.SEV2);
        assertThat(priority.workItem().sourcePriority()).isEqualTo("High");
        assertThat(priority.workItem().labels()).containsExactlyInAnyOrder("sad", "test-label");
        assertThat(priority.workItem().source().updatedAt()).isEqualTo(Instant.parse("2019-02-16T21:15:16.037Z"));
        assertThat(priority.statusChanges()).isEmpty();
    }

    @Test
    void mapsCloudIssueDeletedAsADelete() {
        JiraEvent event = mapper.fromWebhook(text("jira/webhook-cloud-issue_deleted.json"));

        assertThat(event.isIssueDeleted()).isTrue();
        assertThat(event.issueKey()).isEqualTo("IDT-19");
        assertThat(event.workItemId()).isEqualTo("jira:issue:10303");
        assertThat(event.workItem().kind()).isEqualTo(WorkItemKind.TASK);
        assertThat(event.workItem().title()).isEqualTo("hey");
        assertThat(event.workItem().severity()).isEqualTo(Severity.SEV3);
        assertThat(event.workItem().createdAt()).isEqualTo(Instant.parse("2019-07-01T05:13:46.091Z"));
        assertThat(event.workItem().updatedAt()).isEqualTo(Instant.parse("2019-07-03T18:04:43.020Z"));
        assertThat(event.comments()).isEmpty();
    }

    @Test
    void mapsCloudCommentEventsWithTheirTrimmedIssue() {
        JiraEvent created = mapper.fromWebhook(text("jira/webhook-cloud-comment_created.json"));

        assertThat(created.type()).isEqualTo(JiraEventType.COMMENT_CREATED);
        assertThat(created.partialIssue()).isTrue();
        assertThat(created.actor()).isNull();
        assertThat(created.workItem().status()).isEqualTo(CanonicalStatus.NEW);
        assertThat(created.workItem().severity()).isEqualTo(Severity.SEV2);
        assertThat(created.workItem().kind()).isEqualTo(WorkItemKind.STORY);
        assertThat(created.workItem().updatedAt()).isNull();
        assertThat(created.workItem().source().version()).isZero();
        assertThat(created.comments()).containsExactly(new Comment("jira:comment:10019", "jira:issue:10040",
                created.comments().get(0).source(), ADMIN_CLOUD, "Added a comment", CommentVisibility.INTERNAL,
                Instant.parse("2019-02-16T03:11:18.321Z")));
        assertThat(created.comments().get(0).source().url())
                .isEqualTo("https://some-instance-test.atlassian.net/rest/api/2/issue/10040/comment/10019");

        JiraEvent updated = mapper.fromWebhook(text("jira/webhook-cloud-comment_updated.json"));
        assertThat(updated.type()).isEqualTo(JiraEventType.COMMENT_UPDATED);
        assertThat(updated.comments()).singleElement().satisfies(comment -> {
            assertThat(comment.body()).isEqualTo("Added a comment, then edited it");
            assertThat(comment.createdAt()).isEqualTo(Instant.parse("2019-02-16T03:11:18.321Z"));
            assertThat(comment.source().updatedAt()).isEqualTo(Instant.parse("2019-02-16T03:12:08.432Z"));
        });

        JiraEvent deleted = mapper.fromWebhook(text("jira/webhook-cloud-comment_deleted.json"));
        assertThat(deleted.isCommentDeleted()).isTrue();
        assertThat(deleted.issueId()).as("issue.self is malformed here; issue.id is not").isEqualTo("10357");
        assertThat(deleted.issueKey()).isEqualTo("KT-7");
        assertThat(deleted.comments()).singleElement().satisfies(comment -> {
            assertThat(comment.id()).isEqualTo("jira:comment:10757");
            assertThat(comment.author()).isEqualTo("5cedcb4355a88a0fc86388ba");
            assertThat(comment.body()).isEqualTo("wd\n\ndwd");
        });

        JiraEvent old = mapper.fromWebhook(text("jira/webhook-cloud-comment_created-2018.json"));
        assertThat(old.issueKey()).isEqualTo("TEST-24");
        assertThat(old.workItem().kind()).isEqualTo(WorkItemKind.TASK);
        assertThat(old.workItem().severity()).isEqualTo(Severity.SEV3);
        assertThat(old.comments()).singleElement().satisfies(comment -> {
            assertThat(comment.author()).isEqualTo("557058:eb43b4a2-fad1-4ff6-a2d9-38eee0b088b9");
            assertThat(comment.createdAt()).isEqualTo(Instant.parse("2018-04-20T06:24:52.300Z"));
        });
    }


    @Test
    void derivesTheIssueFromTheCommentLinkOnServerCommentCreated() {
        JiraEvent event = mapper.fromWebhook(text("jira/webhook-server-comment_created.json"));

        assertThat(event.type()).isEqualTo(JiraEventType.COMMENT_CREATED);
        assertThat(event.issueId()).isEqualTo("10013");
        assertThat(event.workItem()).isNull();
        assertThat(event.issueKey()).isNull();
        assertThat(event.comments()).singleElement().satisfies(comment -> {
            assertThat(comment.id()).isEqualTo("jira:comment:10082");
            assertThat(comment.workItemId()).isEqualTo("jira:issue:10013");
            assertThat(comment.author()).isEqualTo("levbrouk");
            assertThat(comment.body()).isEqualTo("unik");
            assertThat(comment.createdAt()).isEqualTo(Instant.parse("2019-06-04T00:15:17.234Z"));
        });
    }

    @Test
    void mapsServerStatusChangeMatchingOnFieldName() {
        JiraEvent event = mapper.fromWebhook(text("jira/webhook-server-issue_updated-status-in-progress.json"));

        WorkItem item = event.workItem();
        assertThat(item.id()).isEqualTo("jira:issue:10300");
        assertThat(item.source().key()).isEqualTo("TES-4");
        assertThat(item.kind()).isEqualTo(WorkItemKind.DEFECT);
        assertThat(item.flowType()).isEqualTo(FlowType.DEFECT);
        assertThat(item.status()).isEqualTo(CanonicalStatus.IN_PROGRESS);
        assertThat(item.severity()).isEqualTo(Severity.SEV3);
        assertThat(item.assignee()).isEqualTo("admin");
        assertThat(item.createdAt()).isEqualTo(Instant.parse("2019-08-12T22:14:23.580Z"));
        assertThat(item.updatedAt()).isEqualTo(Instant.parse("2019-08-14T03:02:33.678Z"));
        assertThat(event.actor()).isEqualTo("admin");
        assertThat(event.statusChanges()).containsExactly(new StatusChange("jira:issue:10300", CanonicalStatus.NEW,
                CanonicalStatus.IN_PROGRESS, "Reopened", "In Progress", Instant.parse("2019-08-14T03:02:33.678Z"), "admin"));
    }

    @Test
    void mapsServerCommentedAndManyFieldsUpdates() {
        JiraEvent commented = mapper.fromWebhook(text("jira/webhook-server-issue_updated-commented.json"));

        assertThat(commented.workItem().source().key()).isEqualTo("PRJA-42");
        assertThat(commented.workItem().kind()).isEqualTo(WorkItemKind.STORY);
        assertThat(commented.workItem().sourceStatus()).isEqualTo("To Do");
        assertThat(commented.workItem().assignee()).isEqualTo("dylan");
        assertThat(commented.workItem().updatedAt()).isEqualTo(Instant.parse("2019-06-28T21:31:58.040Z"));
        assertThat(commented.statusChanges()).isEmpty();
        assertThat(commented.comments()).as("only the comment the event is about").singleElement().satisfies(comment -> {
            assertThat(comment.id()).isEqualTo("jira:comment:10118");
            assertThat(comment.author()).isEqualTo("TestUser");
            assertThat(comment.body()).isEqualTo("This is a test comment. We should act on it right away.");
            assertThat(comment.createdAt()).isEqualTo(Instant.parse("2019-06-28T21:32:16.057Z"));
        });

        JiraEvent manyFields = mapper.fromWebhook(text("jira/webhook-server-issue_updated-many-fields.json"));
        assertThat(manyFields.workItem().source().key()).isEqualTo("HEY-15");
        assertThat(manyFields.workItem().severity()).isEqualTo(Severity.SEV1);
        assertThat(manyFields.workItem().sourcePriority()).isEqualTo("Highest");
        assertThat(manyFields.workItem().labels()).containsExactlyInAnyOrder("\"oh", "dc", "ee", "h", "yeah\"");
        assertThat(manyFields.statusChanges()).isEmpty();
    }

    @Test
    void mapsLegacyServerStatusChangeAndTopLevelComment() {
        JiraEvent status = mapper.fromWebhook(text("jira/webhook-server-legacy-issue_updated-status.json"));

        assertThat(status.workItem().source().key()).isEqualTo("TEST-11");
        assertThat(status.workItem().status()).isEqualTo(CanonicalStatus.DONE);
        assertThat(status.workItem().severity()).isEqualTo(Severity.SEV1);
        assertThat(status.workItem().sourcePriority()).isEqualTo("Blocker");
        assertThat(status.workItem().resolvedAt()).isEqualTo(Instant.parse("2016-01-14T23:06:37.029Z"));
        assertThat(status.workItem().source().url()).isEqualTo("http://localhost:2990/jira/rest/api/2/issue/10010");
        assertThat(status.statusChanges()).containsExactly(new StatusChange("jira:issue:10010", CanonicalStatus.NEW,
                CanonicalStatus.DONE, "To Do", "Done", Instant.parse("2016-01-14T23:06:37.032Z"), "admin"));

        JiraEvent comment = mapper.fromWebhook(text("jira/webhook-server-legacy-issue_updated-with-comment.json"));
        assertThat(comment.type()).isEqualTo(JiraEventType.ISSUE_UPDATED);
        assertThat(comment.workItem().source().key()).isEqualTo("TEST-4");
        assertThat(comment.comments()).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo("jira:comment:10000");
            assertThat(c.workItemId()).isEqualTo("jira:issue:10003");
            assertThat(c.body()).isEqualTo("comment body");
            assertThat(c.author()).isEqualTo("admin");
            assertThat(c.createdAt()).isEqualTo(Instant.parse("2015-12-20T19:04:58.421Z"));
        });
    }


    @Test
    void readsSeverityTeamSprintAndStoryMarksFromMappedFields() {
        ObjectNode payload = (ObjectNode) json("jira/webhook-cloud-issue_created.json");
        ObjectNode fields = (ObjectNode) payload.path("issue").path("fields");
        fields.putObject("customfield_10200").put("value", "Sev 1");
        fields.putObject("customfield_10001").put("name", "Payments");
        fields.putArray("customfield_10020").addObject().put("id", 7).put("name", "Sprint 7").put("state", "active");
        fields.putArray("labels").add("Recurring").add("multi-team").add("escalation-allowed");
        fields.putObject("customfield_10202").put("value", "gold");

        WorkItem item = mapper.fromWebhook(payload).workItem();

        assertThat(item.severity()).as("the severity field wins over priority High").isEqualTo(Severity.SEV1);
        assertThat(item.team()).isEqualTo("Payments");
        assertThat(item.sprintId()).isEqualTo("jira:sprint:7");
        assertThat(item.story().recurrence()).isEqualTo(Recurrence.RECURRING);
        assertThat(item.story().teamScope()).isEqualTo(TeamScope.MULTI_TEAM);
        assertThat(item.story().escalationAllowed()).isTrue();
        assertThat(item.story().dormant()).isFalse();
        assertThat(item.story().slaPolicy()).isEqualTo("gold");
        assertThat(item.story().teams()).containsExactly("Payments");
    }

    @Test
    void mapsWorkPackageUnderItsStoryWithServerSprintStrings() {
        ObjectNode payload = (ObjectNode) json("jira/webhook-server-issue_updated-status-in-progress.json");
        ObjectNode fields = (ObjectNode) payload.path("issue").path("fields");
        fields.putObject("issuetype").put("name", "Work Package");
        fields.putObject("parent").put("id", "10299").put("key", "TES-3");
        fields.putObject("customfield_10203").put("value", "website");
        fields.putArray("customfield_10020")
                .add("com.atlassian.greenhopper.service.sprint.Sprint@1d5e[id=3,rapidViewId=1,state=CLOSED,name=S3]")
                .add("com.atlassian.greenhopper.service.sprint.Sprint@2e6f[id=4,rapidViewId=1,state=ACTIVE,name=S4]");

        WorkItem item = mapper.fromWebhook(payload).workItem();

        assertThat(item.kind()).isEqualTo(WorkItemKind.WORK_PACKAGE);
        assertThat(item.parentId()).isEqualTo("jira:issue:10299");
        assertThat(item.sprintId()).isEqualTo("jira:sprint:4");
        assertThat(item.workPackage().storyId()).isEqualTo("jira:issue:10299");
        assertThat(item.workPackage().severity()).isEqualTo(Severity.SEV3);
        assertThat(item.workPackage().category()).isEqualTo("website");
        assertThat(item.workPackage().escalationLevel()).isEqualTo(1);
        assertThat(item.story()).isNull();
    }

    @Test
    void failsLoudlyOnUnmappedValues() {
        ObjectNode payload = (ObjectNode) json("jira/webhook-cloud-issue_created.json");
        ObjectNode status = (ObjectNode) payload.path("issue").path("fields").path("status");
        status.put("name", "Foo Bar");
        status.remove("statusCategory");

        assertThatThrownBy(() -> mapper.fromWebhook(payload))
                .isInstanceOf(UnknownMappingValueException.class)
                .hasMessageStartingWith("mappings/jira.yaml: statuses: no mapping for 'Foo Bar' (known: To Do, Open,");

        ObjectNode typed = (ObjectNode) json("jira/webhook-cloud-issue_created.json");
        ((ObjectNode) typed.path("issue").path("fields").path("issuetype")).put("name", "Spike");
        assertThatThrownBy(() -> mapper.fromWebhook(typed))
                .isInstanceOf(UnknownMappingValueException.class)
                .hasMessageStartingWith("mappings/jira.yaml: issueTypes: no mapping for 'Spike' (known: Epic, Story,");
    }


    @Test
    void mapsServerRestIssueWithoutStatusCategory() {
        JiraEvent event = mapper.fromRestIssue(text("jira/rest-v2-server-get-issue.json"));

        assertThat(event.type()).isEqualTo(JiraEventType.SNAPSHOT);
        WorkItem item = event.workItem();
        assertThat(item.id()).isEqualTo("jira:issue:10002");
        assertThat(item.source().key()).isEqualTo("SAMPLEPROJECT-1");
        assertThat(item.title()).isEqualTo("Sample Issue");
        assertThat(item.description()).isNull();
        assertThat(item.status()).isEqualTo(CanonicalStatus.NEW);
        assertThat(item.sourceStatus()).isEqualTo("Open");
        assertThat(item.severity()).isEqualTo(Severity.SEV2);
        assertThat(item.kind()).isEqualTo(WorkItemKind.TASK);
        assertThat(item.assignee()).isEqualTo("admin");
        assertThat(item.updatedAt()).isEqualTo(Instant.parse("2011-12-13T21:26:06.030Z"));
        assertThat(event.comments()).isEmpty();
        assertThat(event.statusChanges()).isEmpty();
    }

    @Test
    void mapsAgileSearchPageUsingTheStatusCategoryFallback() {
        List<JiraEvent> events = mapper.fromSearchPage(text("jira/rest-agile-issues-with-changelog.json"));

        assertThat(events).singleElement().satisfies(event -> {
            WorkItem item = event.workItem();
            assertThat(item.source().key()).isEqualTo("AR-86");
            assertThat(item.sourceStatus()).isEqualTo("Ready");
            assertThat(item.status()).as("'Ready' is not listed; its category 'new' is").isEqualTo(CanonicalStatus.NEW);
            assertThat(item.severity()).isEqualTo(Severity.SEV2);
            assertThat(item.sourcePriority()).isEqualTo("Major");
            assertThat(item.assignee()).isEqualTo("mister.morris");
            assertThat(item.updatedAt()).isEqualTo(Instant.parse("2016-02-01T16:17:04Z"));
            assertThat(item.resolvedAt()).as("not done, whatever resolutiondate says").isNull();
            assertThat(event.statusChanges()).as("history holds only summary and priority changes").isEmpty();
        });
    }

    @Test
    void mapsEmptySearchPageToNoIssues() {
        assertThat(mapper.fromSearchPage(text("jira/rest-v2-search-empty-page.json"))).isEmpty();
    }

    @Test
    void refusesDocumentationIssuesThatLackTypeAndStatus() {
        assertThatThrownBy(() -> mapper.fromRestIssue(text("jira/rest-v3-get-issue.json")))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("jira issue: missing field 'fields.issuetype.name'");
        assertThatThrownBy(() -> mapper.fromSearchPage(text("jira/rest-v3-search-jql.json")))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("jira issue: missing field 'issues[0].fields.issuetype.name'");
        assertThatThrownBy(() -> mapper.fromSearchPage(text("jira/rest-v3-search-legacy-offset.json")))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("jira issue: missing field 'issues[0].fields.issuetype.name'");
    }

    @Test
    void convertsAtlassianDocumentFormatToPlainText() {
        JsonNode issue = json("jira/rest-v3-get-issue.json");

        assertThat(AdfText.toPlainText(issue.path("fields").path("description"))).isEqualTo("Main order flow broken");
        assertThat(AdfText.toPlainText(issue.path("fields").path("comment").get(0).path("body")))
                .startsWith("Lorem ipsum dolor sit amet").endsWith("posuere augue semper.");
        assertThat(AdfText.toPlainText(json("jira/rest-v3-search-jql.json").path("issues").get(0)
                .path("fields").path("description"))).as("a v2 string stays as it is").isEqualTo("Main order flow broken");
    }

    @Test
    void mapsCommentPagesInBothBodyFormats() {
        List<Comment> server = mapper.fromCommentsPage("10002", json("jira/rest-v2-server-get-comments.json"));

        assertThat(server).extracting(Comment::id).containsExactly("jira:comment:10000", "jira:comment:10001");
        assertThat(server.get(0).author()).isEqualTo("admin");
        assertThat(server.get(0).body()).isEqualTo("This is a comment. Creative.");
        assertThat(server.get(0).createdAt()).isEqualTo(Instant.parse("2012-01-10T21:02:14.430Z"));
        assertThat(server.get(0).source().updatedAt()).isEqualTo(Instant.parse("2012-01-12T02:15:13.074Z"));
        assertThat(server.get(0).workItemId()).isEqualTo("jira:issue:10002");

        assertThat(mapper.fromCommentsPage(json("jira/rest-v2-server-get-comments.json")))
                .as("issue id from the comment links").isEqualTo(server);

        List<Comment> cloud = mapper.fromCommentsPage("10010", json("jira/rest-v3-get-comments.json"));
        assertThat(cloud).singleElement().satisfies(comment -> {
            assertThat(comment.id()).isEqualTo("jira:comment:10000");
            assertThat(comment.author()).isEqualTo("5b10a2844c20165700ede21g");
            assertThat(comment.body()).startsWith("Lorem ipsum dolor sit amet, consectetur adipiscing elit.");
            assertThat(comment.visibility()).as("restricted to a role").isEqualTo(CommentVisibility.INTERNAL);
            assertThat(comment.createdAt()).isEqualTo(Instant.parse("2021-01-17T12:34:00Z"));
        });
    }

    @Test
    void findsNoStatusChangesInAChangelogPageOfLabelEdits() {
        assertThat(mapper.fromChangelogPage("10001", json("jira/rest-v3-get-changelog-paged.json"))).isEmpty();
    }

    @Test
    void readsTheCreatedIssueReferenceButRefusesItAsAnIssue() {
        JsonNode created = json("jira/rest-v3-create-issue-201.json");

        assertThat(mapper.createdIssueRef(created).key()).isEqualTo("ED-24");
        assertThat(mapper.createdIssueRef(created).globalId()).isEqualTo("jira:issue:10000");
        assertThatThrownBy(() -> mapper.fromRestIssue(created))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("jira issue: missing field 'fields'");
    }

    @Test
    void refusesTransitionListsAsIssues() {
        assertThatThrownBy(() -> mapper.fromRestIssue(text("jira/rest-v2-server-get-transitions.json")))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("jira issue: missing field 'fields'");
        assertThatThrownBy(() -> mapper.fromRestIssue(text("jira/rest-v3-get-transitions.json")))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("jira issue: missing field 'fields'");
    }

    @Test
    void refusesErrorBodiesNamingJirasMessages() {
        assertThatThrownBy(() -> mapper.fromRestIssue(text("jira/error-400-create-issue.json")))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("jira issue: payload is a Jira error response: Field 'priority' is required");
        assertThatThrownBy(() -> mapper.fromRestIssue(text("jira/error-400-field-error.json")))
                .hasMessage("jira issue: payload is a Jira error response: title: 'title' is required.");
        assertThatThrownBy(() -> mapper.fromRestIssue(text("jira/error-400-invalid-field-put.json")))
                .hasMessage("jira issue: payload is a Jira error response: invalid: Field 'invalid' is not valid for this operation.");
        assertThatThrownBy(() -> mapper.fromRestIssue(text("jira/error-400-missing-fields-put.json")))
                .hasMessage("jira issue: payload is a Jira error response: one of 'fields' or 'update' required");
        assertThatThrownBy(() -> mapper.fromRestIssue(json("jira/error-404-issue-not-found.json").path("body")))
                .hasMessage("jira issue: payload is a Jira error response: "
                        + "Issue does not exist or you do not have permission to see it.");
        assertThatThrownBy(() -> mapper.fromWebhook(text("jira/error-400-create-issue.json")))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessageStartingWith("jira webhook: payload is a Jira error response");
    }

    @Test
    void refusesMalformedWebhooksWithTheMissingFieldNamed() {
        assertThatThrownBy(() -> mapper.fromWebhook("{\"webhookEvent\":\"jira:issue_updated\",\"issue\":{\"key\":\"A-1\"}}"))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("jira webhook: missing field 'issue.id'");
        assertThatThrownBy(() -> mapper.fromWebhook("{\"webhookEvent\":\"jira:issue_updated\"}"))
                .hasMessage("jira webhook: missing field 'issue'");
        assertThatThrownBy(() -> mapper.fromWebhook("{\"issue\":{}}"))
                .hasMessage("jira webhook: missing field 'webhookEvent'");
        assertThatThrownBy(() -> mapper.fromWebhook("{\"webhookEvent\":\"sprint_started\"}"))
                .hasMessageStartingWith("jira webhook: unsupported webhookEvent 'sprint_started'");
        assertThatThrownBy(() -> mapper.fromWebhook("{\"webhookEvent\":\"comment_created\",\"comment\":{\"id\":\"1\"}}"))
                .hasMessage("jira webhook: missing field 'issue.id'");
        assertThatThrownBy(() -> mapper.fromWebhook("not json"))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessageStartingWith("jira webhook: body is not valid JSON");
        assertThatThrownBy(() -> mapper.fromWebhook(""))
                .hasMessage("jira webhook: empty body");
        assertThatThrownBy(() -> mapper.fromWebhook("[".repeat(5_000) + "]".repeat(5_000)))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessageStartingWith("jira webhook: body is not valid JSON: Document nesting depth (1001) exceeds");
        ObjectNode badDate = (ObjectNode) json("jira/webhook-cloud-issue_created.json");
        ((ObjectNode) badDate.path("issue").path("fields")).put("updated", "15/Feb/19 7:01 PM");
        assertThatThrownBy(() -> mapper.fromWebhook(badDate))
                .hasMessageStartingWith("jira webhook: field 'issue.fields.updated' = '15/Feb/19 7:01 PM': not a Jira date");
    }

    @Test
    void dedupKeyPrefersTheDeliveryIdentifierHeader() {
        String payload = text("jira/webhook-cloud-issue_updated-status-done.json");

        assertThat(mapper.webhookDedupKey(Map.of("x-atlassian-webhook-identifier", "6a3b-11"), payload))
                .isEqualTo("jira:webhook:6a3b-11");
        assertThat(mapper.webhookDedupKey(Map.of(), payload))
                .isEqualTo("jira:webhook:jira:issue_updated:10040:1550286940507:-");
        assertThat(mapper.webhookDedupKey(null, text("jira/webhook-server-comment_created.json")))
                .isEqualTo("jira:webhook:comment_created:10013:1559607317234:10082");
    }
}
