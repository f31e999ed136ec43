package io.scrumops.bridge.adapter.jira;

import com.fasterxml.jackson.databind.JsonNode;
import io.scrumops.bridge.adapter.JsonFields;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Jira versions: from an issue's {@code fields.fixVersions} and from {@code GET /project/{key}/versions}. */
public final class JiraVersions {

    /** A Jira version as the bridge reads it; {@code projectId} is absent on an issue's fixVersions. */
    public record Version(String id, String name, String description, LocalDate releaseDate, boolean released,
                          boolean archived, String projectId, String self) {
    }

    private JiraVersions() {
    }

    /** The issue's fix versions, or empty when the issue does not carry the field (a trimmed comment event). */
    public static Optional<List<Version>> fixVersions(JsonNode issue) {
        JsonNode list = issue == null ? null : JsonFields.node(issue, "fields.fixVersions");
        if (list == null || !list.isArray()) {
            return Optional.empty();
        }
        return Optional.of(fromList(list));
    }

    public static List<Version> fromList(JsonNode list) {
        List<Version> versions = new ArrayList<>();
        if (list == null || !list.isArray()) {
            return versions;
        }
        for (JsonNode v : list) {
            String id = JsonFields.text(v, "id");
            if (id == null) {
                continue;
            }
            versions.add(new Version(id, JsonFields.text(v, "name"), JsonFields.text(v, "description"),
                    date(JsonFields.text(v, "releaseDate")), v.path("released").asBoolean(false),
                    v.path("archived").asBoolean(false), JsonFields.text(v, "projectId"), JsonFields.text(v, "self")));
        }
        return versions;
    }

    private static LocalDate date(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
