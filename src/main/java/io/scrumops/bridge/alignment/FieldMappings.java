package io.scrumops.bridge.alignment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.scrumops.bridge.alignment.MappedField.Direction;
import io.scrumops.bridge.alignment.transform.DateTransform;
import io.scrumops.bridge.alignment.transform.Directory;
import io.scrumops.bridge.alignment.transform.FieldTransform;
import io.scrumops.bridge.alignment.transform.IdentityTransform;
import io.scrumops.bridge.alignment.transform.JiraShape;
import io.scrumops.bridge.alignment.transform.MultiValueTransform;
import io.scrumops.bridge.alignment.transform.NumberTransform;
import io.scrumops.bridge.alignment.transform.ReferenceTransform;
import io.scrumops.bridge.alignment.transform.TextFormat;
import io.scrumops.bridge.alignment.transform.TextTransform;
import io.scrumops.bridge.alignment.transform.UserTransform;
import io.scrumops.bridge.alignment.transform.ValueTableTransform;
import io.scrumops.bridge.mapping.MappingFileException;
import io.scrumops.bridge.model.SourceSystem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The field pairs of {@code mappings/fields.yaml}, validated: every error names the file, the key and the value. When
 * the file is absent the description is still aligned both ways (Jira wiki markup, ServiceNow plain text).
 */
public final class FieldMappings {

    public static final String FILE = "fields.yaml";

    private static final Pattern FIELD_ID = Pattern.compile("[a-z][A-Za-z0-9_]*|customfield_[0-9]+");
    private static final Set<String> ENTRY_KEYS = Set.of("jira", "servicenow", "direction", "owner", "conflict",
            "transform", "jiraFormat", "servicenowFormat", "jiraShape", "values", "reference", "people", "tables");
    private static final List<String> TRANSFORMS = List.of("value", "text", "table", "date", "datetime", "number",
            "multi", "reference", "user");
    /** Fields the built-in alignment keeps already (status, severity, assignee, group, summary, resolution). */
    private static final Set<String> BUILT_IN_JIRA = Set.of("status", "priority", "summary", "resolution");
    private static final Set<String> BUILT_IN_SERVICENOW = Set.of("state", "impact", "urgency", "short_description",
            "close_code", "assigned_to", "assignment_group");

    private final String file;
    private final List<MappedField> fields;
    private final List<String> serviceNowTables;

    private FieldMappings(String file, List<MappedField> fields, List<String> serviceNowTables) {
        this.file = file;
        this.fields = List.copyOf(fields);
        this.serviceNowTables = List.copyOf(serviceNowTables);
    }

    /**
     * @param directory answers the reference and user look-ups
     * @param people    the people table of alignment.yaml (Jira user -> sys_user), used by user transforms first
     */
    public static FieldMappings load(Path path, boolean jiraCloud, Directory directory, Map<String, String> people) {
        String file = path.toString();
        if (!Files.exists(path)) {
            return new FieldMappings(file, List.of(defaultDescription()), List.of());
        }
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(path));
        } catch (IOException e) {
            throw new MappingFileException(file, "(file)", file, "cannot be read: " + e.getMessage());
        }
        return new Reader(file, jiraCloud, directory, people).read(root == null ? new ObjectMapper().createObjectNode() : root);
    }

    static MappedField defaultDescription() {
        return new MappedField("description", "description", "description", Direction.BOTH,
                new FieldPolicy(null, SourceSystem.SERVICENOW), new TextTransform(TextFormat.WIKI, TextFormat.PLAIN), Set.of());
    }

    public String file() {
        return file;
    }

    public List<MappedField> fields() {
        return fields;
    }

    /** The mapped fields that apply to a record of {@code table}. */
    public List<MappedField> fieldsFor(String table) {
        return fields.stream().filter(f -> f.appliesTo(table)).toList();
    }

    public java.util.Optional<MappedField> byKey(String key) {
        return fields.stream().filter(f -> f.key().equals(key)).findFirst();
    }

    /** Every ServiceNow table some entry names. */
    public List<String> serviceNowTables() {
        return serviceNowTables;
    }

    private static final class Reader {
        private final String file;
        private final boolean jiraCloud;
        private final Directory directory;
        private final Map<String, String> people;
        private final Set<String> tables = new LinkedHashSet<>();

        Reader(String file, boolean jiraCloud, Directory directory, Map<String, String> people) {
            this.file = file;
            this.jiraCloud = jiraCloud;
            this.directory = directory;
            this.people = people;
        }

        FieldMappings read(JsonNode root) {
            root.fieldNames().forEachRemaining(name -> {
                if (!name.equals("fields")) {
                    throw new MappingFileException(file, name, name, "unknown key (known: fields)");
                }
            });
            JsonNode entries = root.path("fields");
            if (!entries.isMissingNode() && !entries.isNull() && !entries.isObject()) {
                throw new MappingFileException(file, "fields", entries.toString(), "expected a map of field pairs by name");
            }
            List<MappedField> fields = new ArrayList<>();
            Set<String> jiraSeen = new LinkedHashSet<>();
            Set<String> serviceNowSeen = new LinkedHashSet<>();
            entries.fields().forEachRemaining(entry -> {
                MappedField field = entry(entry.getKey(), entry.getValue());
                String prefix = "fields." + entry.getKey();
                if (!jiraSeen.add(field.jiraField() + "@" + field.tables())) {
                    throw new MappingFileException(file, prefix + ".jira", field.jiraField(), "already paired by another entry");
                }
                if (!serviceNowSeen.add(field.serviceNowField() + "@" + field.tables())) {
                    throw new MappingFileException(file, prefix + ".servicenow", field.serviceNowField(),
                            "already paired by another entry");
                }
                fields.add(field);
            });
            return new FieldMappings(file, fields, new ArrayList<>(tables));
        }

        private MappedField entry(String name, JsonNode node) {
            String prefix = "fields." + name;
            if (!node.isObject()) {
                throw new MappingFileException(file, prefix, node.toString(), "expected a map (jira, servicenow, transform ...)");
            }
            node.fieldNames().forEachRemaining(key -> {
                if (!ENTRY_KEYS.contains(key)) {
                    throw new MappingFileException(file, prefix + "." + key, key, "unknown key (known: "
                            + String.join(", ", ENTRY_KEYS.stream().sorted().toList()) + ")");
                }
            });
            String jira = fieldId(node, prefix + ".jira", "jira");
            String serviceNow = fieldId(node, prefix + ".servicenow", "servicenow");
            if (BUILT_IN_JIRA.contains(jira)) {
                throw new MappingFileException(file, prefix + ".jira", jira, "aligned already by alignment.yaml fields");
            }
            if (BUILT_IN_SERVICENOW.contains(serviceNow)) {
                throw new MappingFileException(file, prefix + ".servicenow", serviceNow, "aligned already by alignment.yaml fields");
            }
            Direction direction = choice(node, prefix + ".direction", "both", Direction::valueOf,
                    "both", "to-jira", "to-servicenow");
            SourceSystem owner = system(node.path("owner").asText("newest"), prefix + ".owner");
            SourceSystem conflict = system(node.path("conflict").asText("newest"), prefix + ".conflict");
            Set<String> applies = new LinkedHashSet<>();
            JsonNode tableNode = node.path("tables");
            if (tableNode.isArray()) {
                tableNode.forEach(t -> applies.add(t.asText()));
            } else if (tableNode.isTextual()) {
                applies.add(tableNode.asText());
            } else if (!tableNode.isMissingNode()) {
                throw new MappingFileException(file, prefix + ".tables", tableNode.toString(), "expected a table name or a list");
            }
            for (String table : applies) {
                if (!table.matches("[a-z][a-z0-9_]*")) {
                    throw new MappingFileException(file, prefix + ".tables", table, "not a ServiceNow table name");
                }
            }
            tables.addAll(applies);
            FieldTransform transform = transform(node, prefix);
            return new MappedField(name, jira, serviceNow, direction, new FieldPolicy(owner, conflict), transform, applies);
        }

        private FieldTransform transform(JsonNode node, String prefix) {
            String kind = node.path("transform").asText("value");
            if (!TRANSFORMS.contains(kind)) {
                throw new MappingFileException(file, prefix + ".transform", kind, "not one of " + String.join(", ", TRANSFORMS));
            }
            JiraShape shape = choice(node, prefix + ".jiraShape", switch (kind) {
                case "multi" -> "text";
                case "table" -> "option";
                default -> "text";
            }, JiraShape::valueOf, "text", "option", "name", "id");
            return switch (kind) {
                case "value" -> new IdentityTransform(shape);
                case "text" -> {
                    TextFormat jira = choice(node, prefix + ".jiraFormat", "wiki", TextFormat::valueOf, "wiki", "adf", "plain");
                    TextFormat serviceNow = choice(node, prefix + ".servicenowFormat", "plain", TextFormat::valueOf, "plain", "html");
                    yield new TextTransform(jira, serviceNow);
                }
                case "table" -> table(node.path("values"), prefix + ".values", shape, true);
                case "date" -> new DateTransform(false);
                case "datetime" -> new DateTransform(true);
                case "number" -> new NumberTransform();
                case "multi" -> new MultiValueTransform(shape, node.has("values")
                        ? table(node.path("values"), prefix + ".values", shape, true) : null);
                case "reference" -> {
                    JsonNode reference = node.path("reference");
                    String table = reference.path("table").asText(null);
                    if (table == null || !table.matches("[a-z][a-z0-9_]*")) {
                        throw new MappingFileException(file, prefix + ".reference.table", String.valueOf(table),
                                "a reference needs the referenced table (e.g. cmdb_ci, sys_user_group)");
                    }
                    String by = reference.path("by").asText("name");
                    if (!by.matches("[a-z][a-z0-9_]*")) {
                        throw new MappingFileException(file, prefix + ".reference.by", by, "not a field name");
                    }
                    yield new ReferenceTransform(table, by, shape, directory);
                }
                case "user" -> {
                    UserTransform users = new UserTransform(jiraCloud, directory);
                    people.forEach((jiraUser, sysId) -> users.person(jiraUser, sysId, "person:" + jiraUser));
                    JsonNode table = node.path("people");
                    for (int i = 0; i < table.size(); i++) {
                        JsonNode person = table.get(i);
                        String email = person.path("email").asText(null);
                        if (email == null || !email.contains("@")) {
                            throw new MappingFileException(file, prefix + ".people[" + i + "].email", String.valueOf(email),
                                    "every person needs an e-mail address");
                        }
                        users.person(person.path("jira").asText(null), person.path("servicenow").asText(null), email);
                    }
                    yield users;
                }
                default -> throw new IllegalStateException(kind);
            };
        }

        private ValueTableTransform table(JsonNode values, String key, JiraShape shape, boolean required) {
            if (!values.isObject() || values.isEmpty()) {
                if (required) {
                    throw new MappingFileException(file, key, values.toString(),
                            "a value table needs entries {canonical: {jira: ..., servicenow: ...}}");
                }
                return null;
            }
            ValueTableTransform table = new ValueTableTransform(shape);
            values.fields().forEachRemaining(e -> {
                String jira = e.getValue().path("jira").asText(null);
                String serviceNow = e.getValue().path("servicenow").asText(null);
                if (jira == null || serviceNow == null || jira.isBlank() || serviceNow.isBlank()) {
                    throw new MappingFileException(file, key + "." + e.getKey(), e.getValue().toString(),
                            "every entry needs a jira and a servicenow value");
                }
                table.put(e.getKey(), jira, serviceNow).ifPresent(other -> {
                    throw new MappingFileException(file, key + "." + e.getKey(), jira + " / " + serviceNow,
                            "already stands for " + other);
                });
            });
            return table;
        }

        private String fieldId(JsonNode node, String key, String name) {
            JsonNode value = node.get(name);
            if (value == null || !value.isTextual() || !FIELD_ID.matcher(value.asText()).matches()) {
                throw new MappingFileException(file, key, value == null ? "" : value.asText(),
                        "not a field id (a system field like description, or customfield_<n>)");
            }
            return value.asText();
        }

        private <T> T choice(JsonNode node, String key, String fallback, Function<String, T> parse, String... allowed) {
            String field = key.substring(key.lastIndexOf('.') + 1);
            String value = node.path(field).asText(fallback);
            if (!Arrays.asList(allowed).contains(value)) {
                throw new MappingFileException(file, key, value, "not one of " + String.join(", ", allowed));
            }
            return parse.apply(value.replace('-', '_').toUpperCase(Locale.ROOT));
        }

        private SourceSystem system(String value, String key) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "newest" -> null;
                case "jira" -> SourceSystem.JIRA;
                case "servicenow" -> SourceSystem.SERVICENOW;
                default -> throw new MappingFileException(file, key, value, "not one of jira, servicenow, newest");
            };
        }
    }
}
