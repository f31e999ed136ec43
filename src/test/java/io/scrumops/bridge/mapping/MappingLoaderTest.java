package io.scrumops.bridge.mapping;

import io.scrumops.bridge.model.CanonicalStatus;
import io.scrumops.bridge.model.CommentVisibility;
import io.scrumops.bridge.model.DeploymentStatus;
import io.scrumops.bridge.model.EnvironmentType;
import io.scrumops.bridge.model.FlowType;
import io.scrumops.bridge.model.Severity;
import io.scrumops.bridge.model.WorkItemKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MappingLoaderTest {

    static final Path SHIPPED = Path.of("mappings");

    @TempDir
    Path dir;

    @Test
    void shippedMappingFilesValidate() {
        MappingSet set = new MappingLoader(SHIPPED).load();

        assertThat(set.jira().status("Selected for Development", null)).isEqualTo(CanonicalStatus.NEW);
        assertThat(set.jira().status("won't do", null)).isEqualTo(CanonicalStatus.CANCELLED);
        assertThat(set.jira().status("On Hold", null)).isEqualTo(CanonicalStatus.ON_HOLD);
        assertThat(set.jira().status("Resolved", null)).isEqualTo(CanonicalStatus.RESOLVED);
        assertThat(set.jira().severityForPriority("Blocker")).isEqualTo(Severity.SEV1);
        assertThat(set.jira().severityForPriority("Lowest")).isEqualTo(Severity.SEV3);
        assertThat(set.jira().issueType("Work Package"))
                .isEqualTo(new JiraMapping.IssueType(WorkItemKind.WORK_PACKAGE, FlowType.DEFECT));
        assertThat(set.jira().issueType("Sub-task").kind()).isEqualTo(WorkItemKind.TASK);
        assertThat(set.jira().fields().sprint()).isEqualTo("customfield_10020");
        assertThat(set.jira().comments().visibility(true)).isEqualTo(CommentVisibility.INTERNAL);
        assertThat(set.serviceNow().table("incident").states().get("8")).isEqualTo(CanonicalStatus.CANCELLED);
        assertThat(set.serviceNow().table("change_request").states().get("-1")).isEqualTo(CanonicalStatus.IN_PROGRESS);
        assertThat(set.serviceNow().severityForPriority("5")).isEqualTo(Severity.SEV3);
        assertThat(set.serviceNow().changeDeployments().closeCodes().get("unsuccessful")).isEqualTo(DeploymentStatus.FAILURE);
        assertThat(set.deployments().environmentType("PRD")).isEqualTo(EnvironmentType.PRODUCTION);
        assertThat(set.deployments().environmentType("production-eu")).isEqualTo(EnvironmentType.PRODUCTION);
        assertThat(set.deployments().environmentType("uat")).isEqualTo(EnvironmentType.STAGING);
        assertThat(set.deployments().environmentType("review/feature-1")).isEqualTo(EnvironmentType.DEVELOPMENT);
        assertThat(set.deployments().environmentType("sandbox")).isEqualTo(EnvironmentType.OTHER);
        assertThat(set.deployments().githubStatuses().get("error")).isEqualTo(DeploymentStatus.FAILURE);
        assertThat(set.deployments().issueKeysIn(List.of("ABC-12 and INC0010019, CHG0030011; not abc-1 or UTF-0")))
                .containsExactly("ABC-12", "INC0010019", "CHG0030011");
    }

    @Test
    void jiraStatusCategoryIsTheFallbackForUnlistedStatuses() {
        JiraMapping jira = new MappingLoader(SHIPPED).loadJira();

        assertThat(jira.status("Ready", "new")).isEqualTo(CanonicalStatus.NEW);
        assertThat(jira.status("Deploying", "indeterminate")).isEqualTo(CanonicalStatus.IN_PROGRESS);
        assertThat(jira.status("Shipped", "done")).isEqualTo(CanonicalStatus.DONE);
        assertThatThrownBy(() -> jira.status("Foo Bar", null))
                .isInstanceOf(UnknownMappingValueException.class)
                .hasMessageStartingWith("mappings/jira.yaml: statuses: no mapping for 'Foo Bar' (known: To Do, Open,");
    }

    @Test
    void refusesUnknownCanonicalStatus() throws IOException {
        copyShipped();
        replace("jira.yaml", "  Done: DONE", "  Done: FINISHED");

        assertThatThrownBy(() -> new MappingLoader(dir).load())
                .isInstanceOf(MappingFileException.class)
                .hasMessage(file("jira.yaml") + ": statuses.Done = 'FINISHED': unknown canonical status "
                        + "(allowed: NEW, IN_PROGRESS, ON_HOLD, IN_REVIEW, REJECTED, RESOLVED, DONE, CANCELLED)")
                .satisfies(e -> {
                    MappingFileException error = (MappingFileException) e;
                    assertThat(error.file()).isEqualTo(file("jira.yaml"));
                    assertThat(error.key()).isEqualTo("statuses.Done");
                    assertThat(error.value()).isEqualTo("FINISHED");
                });
    }

    @Test
    void refusesUnknownSeverity() throws IOException {
        copyShipped();
        replace("servicenow.yaml", "  \"2\": SEV2", "  \"2\": SEV9");

        assertFails("servicenow.yaml", "priorities.2", "SEV9", "unknown severity");
    }

    @Test
    void refusesUnknownWorkItemKindAndFlowType() throws IOException {
        copyShipped();
        replace("jira.yaml", "Epic: { kind: EPIC,", "Epic: { kind: SAGA,");
        assertFails("jira.yaml", "issueTypes.Epic.kind", "SAGA", "unknown work item kind");

        copyShipped();
        replace("jira.yaml", "Bug: { kind: DEFECT, flowType: DEFECT }", "Bug: { kind: DEFECT, flowType: BUGFIX }");
        assertFails("jira.yaml", "issueTypes.Bug.flowType", "BUGFIX", "unknown flow type");
    }

    @Test
    void refusesUnknownEnvironmentTypeAndDeploymentStatus() throws IOException {
        copyShipped();
        replace("deployments.yaml", "type: STAGING", "type: PREPROD");
        assertFails("deployments.yaml", "environments.rules[2].type", "PREPROD", "unknown environment type");

        copyShipped();
        replace("deployments.yaml", "    failed: FAILURE\n    canceled", "    failed: BROKEN\n    canceled");
        assertFails("deployments.yaml", "statuses.gitlab.failed", "BROKEN", "unknown deployment status");
    }

    @Test
    void refusesBadRegularExpressions() throws IOException {
        copyShipped();
        replace("deployments.yaml", "\"\\\\b(?:INC|CHG|PRB)[0-9]{7}\\\\b\"", "\"(INC[0-9\"");

        assertFails("deployments.yaml", "issueKeys[1]", "(INC[0-9", "invalid regular expression");
    }

    @Test
    void refusesMissingRequiredSection() throws IOException {
        copyShipped();
        String jira = Files.readString(dir.resolve("jira.yaml"));
        Files.writeString(dir.resolve("jira.yaml"), jira.substring(0, jira.indexOf("priorities:"))
                + jira.substring(jira.indexOf("# Issue type name")));

        assertFails("jira.yaml", "priorities", "(missing)", "required section is missing");
    }

    @Test
    void refusesUnknownTopLevelAndNestedKeys() throws IOException {
        copyShipped();
        Files.writeString(dir.resolve("servicenow.yaml"), "statusses:\n  \"1\": NEW\n", java.nio.file.StandardOpenOption.APPEND);
        assertFails("servicenow.yaml", "statusses", "statusses", "unknown key (allowed: tables, priorities");

        copyShipped();
        replace("servicenow.yaml", "      category: software", "      categroy: software");
        assertFails("servicenow.yaml", "routing[1].when.categroy", "categroy", "unknown routing condition");
    }

    @Test
    void refusesMalformedYamlNamingTheLine() throws IOException {
        copyShipped();
        replace("jira.yaml", "  In Progress: IN_PROGRESS", "  In Progress: [IN_PROGRESS");

        assertThatThrownBy(() -> new MappingLoader(dir).load())
                .isInstanceOf(MappingFileException.class)
                .hasMessageContaining(file("jira.yaml") + ": line ")
                .hasMessageContaining("malformed YAML");
    }

    @Test
    void refusesDuplicateKeysAndNamesDifferingOnlyInCase() throws IOException {
        copyShipped();
        replace("jira.yaml", "  Done: DONE", "  Done: DONE\n  Done: CANCELLED");
        assertThatThrownBy(() -> new MappingLoader(dir).load())
                .isInstanceOf(MappingFileException.class)
                .hasMessageStartingWith(file("jira.yaml") + ": line 31 = 'Done: CANCELLED': malformed YAML: Duplicate field 'Done'");

        copyShipped();
        replace("jira.yaml", "  Done: DONE", "  Done: DONE\n  DONE: CANCELLED");
        assertFails("jira.yaml", "statuses.DONE", "DONE", "duplicate of 'Done'");
    }

    @Test
    void refusesMissingAndEmptyFiles() throws IOException {
        copyShipped();
        Files.delete(dir.resolve("deployments.yaml"));
        assertFails("deployments.yaml", "(file)", "(missing)", "mapping file not found");

        copyShipped();
        Files.writeString(dir.resolve("deployments.yaml"), "# nothing yet\n");
        assertFails("deployments.yaml", "(document)", "", "mapping file is empty");
    }

    @Test
    void refusesChangeClosedStateThatIsNotAState() throws IOException {
        copyShipped();
        replace("servicenow.yaml", "closedStates: [\"3\"]", "closedStates: [\"9\"]");

        assertFails("servicenow.yaml", "changeDeployments.closedStates[0]", "9", "not a state listed");
    }

    @Test
    void refusesStatusCategoryThatJiraDoesNotHave() throws IOException {
        copyShipped();
        replace("jira.yaml", "  indeterminate: IN_PROGRESS", "  started: IN_PROGRESS");

        assertFails("jira.yaml", "statusCategories.started", "started", "unknown Jira status category key");
    }

    private void assertFails(String fileName, String key, String value, String problem) {
        assertThatThrownBy(() -> new MappingLoader(dir).load())
                .isInstanceOf(MappingFileException.class)
                .hasMessageStartingWith(file(fileName) + ": " + key + " = '" + value + "': " + problem)
                .satisfies(e -> {
                    MappingFileException error = (MappingFileException) e;
                    assertThat(error.file()).isEqualTo(file(fileName));
                    assertThat(error.key()).isEqualTo(key);
                    assertThat(error.value()).isEqualTo(value);
                });
    }

    private String file(String name) {
        return dir.resolve(name).toString();
    }

    private void copyShipped() throws IOException {
        for (String name : List.of("jira.yaml", "servicenow.yaml", "deployments.yaml")) {
            Files.copy(SHIPPED.resolve(name), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private void replace(String name, String from, String to) throws IOException {
        String text = Files.readString(dir.resolve(name));
        assertThat(text).as("test setup: %s contains %s", name, from).contains(from);
        Files.writeString(dir.resolve(name), text.replace(from, to));
    }
}
