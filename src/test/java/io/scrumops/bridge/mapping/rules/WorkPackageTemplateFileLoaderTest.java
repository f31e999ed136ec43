package io.scrumops.bridge.mapping.rules;

import io.scrumops.bridge.mapping.MappingFileException;
import io.scrumops.bridge.model.Severity;
import io.scrumops.bridge.rules.TaskTemplate;
import io.scrumops.bridge.rules.WorkPackageTemplate;
import io.scrumops.bridge.rules.WorkPackageTemplates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class WorkPackageTemplateFileLoaderTest {

    private final WorkPackageTemplateFileLoader loader = new WorkPackageTemplateFileLoader();

    @Test
    void loadsTheShippedFile() {
        WorkPackageTemplates templates = loader.load(Path.of("mappings/templates.yaml"));

        assertThat(templates.select(Severity.SEV1, null)).get().extracting(WorkPackageTemplate::id)
                .isEqualTo("sev1-incident");
        assertThat(templates.select(Severity.SEV1, "website")).get().extracting(WorkPackageTemplate::id)
                .isEqualTo("website");
        assertThat(templates.select(null, "anything-else")).get().extracting(WorkPackageTemplate::id)
                .isEqualTo("general");
        assertThat(templates.byId("customer-address").orElseThrow().tasks()).extracting(TaskTemplate::title)
                .contains("Inform customer that address has been updated");
    }

    @Test
    void readsEveryPartOfATemplate() {
        WorkPackageTemplate template = loader.load("templates.yaml", """
                templates:
                  - id: web-sev1
                    severity: sev1
                    category: Website
                    issue-type: Incident Work
                    labels: [urgent]
                    components: [web]
                    tasks:
                      - key: triage
                        title: Triage
                        estimate: 1.5
                        issue-type: Sub-task
                        labels: [first]
                        components: [frontend]
                      - key: fix
                        title: Fix
                """).templates().get(0);

        assertThat(template.severity()).isEqualTo(Severity.SEV1);
        assertThat(template.category()).isEqualTo("website");
        assertThat(template.issueType()).isEqualTo("Incident Work");
        assertThat(template.labels()).containsExactly("urgent");
        assertThat(template.components()).containsExactly("web");
        assertThat(template.tasks()).containsExactly(
                new TaskTemplate("triage", "Triage", 1.5, "Sub-task", java.util.Set.of("first"),
                        java.util.List.of("frontend")),
                new TaskTemplate("fix", "Fix", null, null, null, null));
    }

    @ParameterizedTest(name = "[{1}] {3}")
    @MethodSource("badFiles")
    void namesTheFileKeyAndValueOfABadEntry(String yaml, String key, String value, String problem) {
        assertThatThrownBy(() -> loader.load("mappings/templates.yaml", yaml))
                .isInstanceOfSatisfying(MappingFileException.class, e -> {
                    assertThat(e.file()).isEqualTo("mappings/templates.yaml");
                    assertThat(e.key()).isEqualTo(key);
                    assertThat(e.value()).isEqualTo(value);
                    assertThat(e.getMessage()).contains(problem);
                });
    }

    static Stream<Arguments> badFiles() {
        String task = "    tasks:\n      - { key: do, title: Do }\n";
        return Stream.of(
                arguments("templates: {}\n", "templates", "{}", "list"),
                arguments("template: []\n", "template", "[]", "unknown key"),
                arguments("templates:\n  - severity: SEV1\n" + task, "templates[0].id", "", "required"),
                arguments("templates:\n  - id: Bad Id\n" + task, "templates[0].id", "Bad Id", "lower-case"),
                arguments("templates:\n  - id: a\n    severity: SEV9\n" + task, "templates[0].severity", "SEV9",
                        "unknown severity"),
                arguments("templates:\n  - id: a\n    colour: red\n" + task, "templates[0].colour", "red",
                        "unknown key"),
                arguments("templates:\n  - id: a\n    tasks: []\n", "templates[0].tasks", "[]", "at least one task"),
                arguments("templates:\n  - id: a\n", "templates[0].tasks", "", "list"),
                arguments("templates:\n  - id: a\n    tasks:\n      - { key: do }\n", "templates[0].tasks[0].title",
                        "", "required"),
                arguments("templates:\n  - id: a\n    tasks:\n      - { key: do, title: Do, estimate: lots }\n",
                        "templates[0].tasks[0].estimate", "lots", "number"),
                arguments("templates:\n  - id: a\n    tasks:\n      - { key: do, title: Do, estimate: -2 }\n",
                        "templates[0].tasks[0].estimate", "-2", "negative"),
                arguments("templates:\n  - id: a\n    tasks:\n      - { key: do, title: Do }\n"
                        + "      - { key: do, title: Again }\n", "templates[0].tasks[1].key", "do", "already used"),
                arguments("templates:\n  - id: a\n    labels: urgent\n" + task, "templates[0].labels", "urgent",
                        "list"),
                arguments("templates:\n  - id: a\n" + task + "  - id: a\n" + task, "templates[1].id", "a",
                        "already used by templates[0]"),
                arguments("templates:\n  - id: a\n    category: web\n" + task + "  - id: b\n    category: WEB\n" + task,
                        "templates[1].id", "b", "template a already applies"));
    }
}
