package io.scrumops.bridge.alignment;

import io.scrumops.bridge.writeback.JiraTransition;
import io.scrumops.bridge.writeback.JiraUpdateFields;
import io.scrumops.bridge.writeback.ServiceNowUpdate;
import io.scrumops.bridge.writeback.WriteCommand;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The writes one change of a pair causes, merged so that each side gets as few calls as possible: field updates of
 * one record become one PATCH / PUT, and a resolution rides on the transition into a done status (Jira sets it on the
 * transition screen) instead of a PUT of its own.
 */
final class WriteBatch {

    record Write(String idempotencyKey, WriteCommand command) {
    }

    private final List<Write> writes = new ArrayList<>();

    void add(String idempotencyKey, WriteCommand command) {
        writes.add(new Write(idempotencyKey, command));
    }

    boolean isEmpty() {
        return writes.isEmpty();
    }

    List<Write> merged() {
        List<Write> result = new ArrayList<>();
        for (Write write : writes) {
            WriteCommand command = withoutResolutionCarriedByTransition(write.command());
            if (command == null) {
                continue;
            }
            int same = indexOfSameRecord(result, command);
            if (same < 0) {
                result.add(new Write(write.idempotencyKey(), command));
            } else {
                Write earlier = result.get(same);
                result.set(same, new Write(earlier.idempotencyKey() + "+" + write.idempotencyKey(),
                        merge(earlier.command(), command)));
            }
        }
        return result;
    }

    private WriteCommand withoutResolutionCarriedByTransition(WriteCommand command) {
        if (!(command instanceof JiraUpdateFields update) || !update.fields().containsKey("resolution")) {
            return command;
        }
        boolean transitionSetsIt = writes.stream().map(Write::command).anyMatch(c -> c instanceof JiraTransition t
                && t.issueKey().equals(update.issueKey()) && t.fields().containsKey("resolution"));
        if (!transitionSetsIt) {
            return command;
        }
        Map<String, Object> rest = new LinkedHashMap<>(update.fields());
        rest.remove("resolution");
        return rest.isEmpty() ? null : new JiraUpdateFields(update.workItemId(), update.issueKey(), rest);
    }

    private static int indexOfSameRecord(List<Write> writes, WriteCommand command) {
        for (int i = 0; i < writes.size(); i++) {
            WriteCommand other = writes.get(i).command();
            if (command instanceof ServiceNowUpdate a && other instanceof ServiceNowUpdate b
                    && a.table().equals(b.table()) && a.sysId().equals(b.sysId())) {
                return i;
            }
            if (command instanceof JiraUpdateFields a && other instanceof JiraUpdateFields b
                    && Objects.equals(a.issueKey(), b.issueKey())) {
                return i;
            }
        }
        return -1;
    }

    private static WriteCommand merge(WriteCommand earlier, WriteCommand later) {
        if (earlier instanceof ServiceNowUpdate a && later instanceof ServiceNowUpdate b) {
            Map<String, String> fields = new LinkedHashMap<>(a.fields());
            fields.putAll(b.fields());
            return new ServiceNowUpdate(a.workItemId(), a.table(), a.sysId(), fields);
        }
        JiraUpdateFields a = (JiraUpdateFields) earlier;
        Map<String, Object> fields = new LinkedHashMap<>(a.fields());
        fields.putAll(((JiraUpdateFields) later).fields());
        return new JiraUpdateFields(a.workItemId(), a.issueKey(), fields);
    }
}
