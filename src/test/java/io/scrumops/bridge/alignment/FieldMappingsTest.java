package io.scrumops.bridge.alignment;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.scrumops.bridge.alignment.MappedField.Direction;
import io.scrumops.bridge.mapping.MappingFileException;
import io.scrumops.bridge.model.SourceSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FieldMappingsTest {

    @TempDir
    Path dir;

    private FieldMappings load(String yaml) throws IOException {
        Path file = dir.resolve("fields.yaml");
        Files.writeString(file, yaml);
        return FieldMappings.load(file, true, null, Map.of());
    }

    @Test
    void theShippedFileIsValidAndAlignsTheDescriptionBothWays() {
        FieldMappings shipped = FieldMappings.load(Path.of("mappings/fields.yaml"), true, null, Map.of());

        assertThat(shipped.fields()).extracting(MappedField::key).containsExactly("field.description");
        MappedField description = shipped.fields().get(0);
        assertThat(description.direction()).isEqualTo(Direction.BOTH);
        assertThat(description.policy().conflict()).isEqualTo(SourceSystem.SERVICENOW);
    }

    @Test
    void withoutTheFileTheDescriptionIsStillAligned() {
        FieldMappings none = FieldMappings.load(dir.resolve("absent.yaml"), true, null, Map.of());

        assertThat(none.fields()).extracting(MappedField::jiraField, MappedField::serviceNowField)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("description", "description"));
    }

    @Test
    void readsAValueTableADirectionAndTheTablesAPairAppliesTo() throws IOException {
        FieldMappings mappings = load("""
                fields:
                  category:
                    jira: customfield_10050
                    servicenow: category
                    transform: table
                    direction: to-servicenow
                    owner: jira
                    tables: [incident, problem]
                    values:
                      software: { jira: Software, servicenow: software }
                """);

        MappedField category = mappings.fields().get(0);
        assertThat(category.direction()).isEqualTo(Direction.TO_SERVICENOW);
        assertThat(category.policy().owner()).isEqualTo(SourceSystem.JIRA);
        assertThat(category.transform().fromJira(JsonNodeFactory.instance.objectNode().put("value", "Software")))
                .isEqualTo("software");
        assertThat(mappings.fieldsFor("incident")).hasSize(1);
        assertThat(mappings.fieldsFor("sc_req_item")).isEmpty();
        assertThat(mappings.serviceNowTables()).containsExactly("incident", "problem");
    }

    @Test
    void anUnknownTransformIsNamedWithFileKeyAndValue() {
        assertThatThrownBy(() -> load("""
                fields:
                  due:
                    jira: duedate
                    servicenow: due_date
                    transform: calendar
                """)).isInstanceOf(MappingFileException.class)
                .hasMessageContaining("fields.yaml").hasMessageContaining("fields.due.transform = 'calendar'");
    }

    @Test
    void aFieldIdThatIsNoFieldIdIsRefused() {
        assertThatThrownBy(() -> load("""
                fields:
                  team:
                    jira: "Team Name"
                    servicenow: u_team
                """)).isInstanceOf(MappingFileException.class).hasMessageContaining("fields.team.jira = 'Team Name'");
    }

    @Test
    void aBuiltInFieldCannotBeMappedTwice() {
        assertThatThrownBy(() -> load("""
                fields:
                  title:
                    jira: summary
                    servicenow: short_description
                """)).isInstanceOf(MappingFileException.class).hasMessageContaining("fields.title.jira = 'summary'");
    }

    @Test
    void aDirectionOutsideTheThreeIsRefused() {
        assertThatThrownBy(() -> load("""
                fields:
                  due:
                    jira: duedate
                    servicenow: due_date
                    direction: sideways
                """)).isInstanceOf(MappingFileException.class).hasMessageContaining("fields.due.direction = 'sideways'");
    }

    @Test
    void aValueTableEntryWithoutBothSidesIsRefused() {
        assertThatThrownBy(() -> load("""
                fields:
                  category:
                    jira: components
                    servicenow: category
                    transform: table
                    values:
                      software: { jira: Software }
                """)).isInstanceOf(MappingFileException.class).hasMessageContaining("fields.category.values.software");
    }

    @Test
    void aServiceNowFieldPairedTwiceIsRefused() {
        assertThatThrownBy(() -> load("""
                fields:
                  a: { jira: customfield_1, servicenow: u_x }
                  b: { jira: customfield_2, servicenow: u_x }
                """)).isInstanceOf(MappingFileException.class).hasMessageContaining("fields.b.servicenow = 'u_x'");
    }

    @Test
    void aReferenceNeedsItsTable() {
        assertThatThrownBy(() -> load("""
                fields:
                  ci: { jira: customfield_3, servicenow: cmdb_ci, transform: reference }
                """)).isInstanceOf(MappingFileException.class).hasMessageContaining("fields.ci.reference.table");
    }

    @Test
    void anUnknownEntryKeyIsRefused() {
        assertThatThrownBy(() -> load("""
                fields:
                  ci: { jira: customfield_3, servicenow: cmdb_ci, transfrom: value }
                """)).isInstanceOf(MappingFileException.class).hasMessageContaining("fields.ci.transfrom");
    }
}
