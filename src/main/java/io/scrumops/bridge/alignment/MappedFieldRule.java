package io.scrumops.bridge.alignment;

import io.scrumops.bridge.alignment.transform.UnresolvedValueException;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.model.WorkItem;
import io.scrumops.bridge.writeback.JiraUpdateFields;
import io.scrumops.bridge.writeback.ServiceNowUpdate;
import io.scrumops.bridge.writeback.WriteCommand;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** A configured field pair as a {@link FieldRule}, for a record of {@code table}. */
record MappedFieldRule(MappedField field, String table) implements FieldRule {

    @Override
    public String key() {
        return field.key();
    }

    @Override
    public FieldPolicy policy() {
        return field.policy();
    }

    @Override
    public boolean emptyIsNoChange() {
        return false;
    }

    @Override
    public boolean present(SourceSystem side, Map<String, String> sourceFields) {
        return field.present(side, sourceFields);
    }

    @Override
    public String canonical(SourceSystem side, WorkItem item, Map<String, String> sourceFields) {
        return field.canonical(side, sourceFields);
    }

    @Override
    public String reported(SourceSystem target, String value) {
        return field.reported(target, value);
    }

    @Override
    public Optional<WriteCommand> command(SourceSystem target, String value, Pair pair, Consumer<String> refusal) {
        if (!field.direction().carriesTo(target)) {
            refusal.accept(null);
            return Optional.empty();
        }
        Object written;
        try {
            written = field.written(target, value);
        } catch (UnresolvedValueException e) {
            refusal.accept(e.getMessage());
            return Optional.empty();
        }
        if (target == SourceSystem.JIRA) {
            Map<String, Object> fields = new HashMap<>();
            fields.put(field.jiraField(), written);
            return Optional.of(new JiraUpdateFields(pair.id(), pair.jira().nativeKey(), fields));
        }
        return Optional.of(new ServiceNowUpdate(pair.id(), table, pair.serviceNow().nativeId(),
                Map.of(field.serviceNowField(), written == null ? "" : written.toString())));
    }
}
