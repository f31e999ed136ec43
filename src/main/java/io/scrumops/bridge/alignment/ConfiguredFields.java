package io.scrumops.bridge.alignment;

import io.scrumops.bridge.adapter.jira.JiraProperties;
import io.scrumops.bridge.adapter.jira.JiraUserLookup;
import io.scrumops.bridge.adapter.servicenow.ServiceNowLookup;
import io.scrumops.bridge.alignment.transform.CachedDirectory;
import io.scrumops.bridge.alignment.transform.Directory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The field pairs of {@code mappings/fields.yaml} (or {@code scrumops.alignment.fields-file}) in force, loaded at start-up (a broken file stops the application
 * with file, key and value named), with the look-ups their reference and user transforms make, cached for
 * {@code scrumops.alignment.lookup-expiry}.
 */
@Component
public class ConfiguredFields {

    private final FieldMappings mappings;

    public ConfiguredFields(@Value("${scrumops.mapping.directory:mappings}") String directory,
                            @Value("${scrumops.alignment.fields-file:}") String fieldsFile, JiraProperties jira,
                            JiraUserLookup jiraUsers, ServiceNowLookup serviceNow, AlignmentSettings settings,
                            @Value("${scrumops.alignment.lookup-expiry:PT15M}") Duration expiry, Clock clock) {
        Directory remote = new Directory() {
            @Override
            public Optional<String> jiraUserEmail(String user) {
                return jiraUsers.email(user);
            }

            @Override
            public Optional<String> jiraUserByEmail(String email) {
                return jiraUsers.byEmail(email);
            }

            @Override
            public Optional<String> serviceNowUserEmail(String sysId) {
                return serviceNow.field("sys_user", sysId, "email");
            }

            @Override
            public Optional<String> serviceNowUserByEmail(String email) {
                return serviceNow.sysIdWhere("sys_user", "email", email);
            }

            @Override
            public Optional<String> serviceNowDisplay(String table, String field, String sysId) {
                return serviceNow.field(table, sysId, field);
            }

            @Override
            public Optional<String> serviceNowSysId(String table, String field, String value) {
                return serviceNow.sysIdWhere(table, field, value);
            }
        };
        Path file = fieldsFile == null || fieldsFile.isBlank() ? Path.of(directory).resolve(FieldMappings.FILE) : Path.of(fieldsFile);
        this.mappings = FieldMappings.load(file, jira.isCloud(),
                new CachedDirectory(remote, expiry, clock), settings.people());
    }

    public List<MappedField> fieldsFor(String table) {
        return mappings.fieldsFor(table);
    }

    public Optional<MappedField> byKey(String key) {
        return mappings.byKey(key);
    }

    public FieldMappings mappings() {
        return mappings;
    }
}
