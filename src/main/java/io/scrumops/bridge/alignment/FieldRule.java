package io.scrumops.bridge.alignment;

import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.model.WorkItem;
import io.scrumops.bridge.writeback.WriteCommand;

import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One field as alignment handles it: a built-in field of {@code alignment.yaml} or a configured pair of
 * {@code fields.yaml}. The same decisions (echo, owner, conflict) apply to both.
 */
interface FieldRule {

    /** Key of the agreed value and of the fingerprints. */
    String key();

    FieldPolicy policy();

    /** An empty value on one side is no change. */
    boolean emptyIsNoChange();

    /** Whether the change carried the field at all. */
    boolean present(SourceSystem side, Map<String, String> sourceFields);

    String canonical(SourceSystem side, WorkItem item, Map<String, String> sourceFields);

    /** What {@code target} shows once the bridge wrote {@code value} there. */
    String reported(SourceSystem target, String value);

    /**
     * The write that sets {@code value} on {@code target}; empty when it cannot be carried there, after telling
     * {@code refusal} why (null reason: nothing worth an audit row).
     */
    Optional<WriteCommand> command(SourceSystem target, String value, Pair pair, Consumer<String> refusal);

    /** A built-in field. */
    record BuiltIn(AlignedField field, FieldWrites writes, AlignmentSettings settings, String table) implements FieldRule {

        @Override
        public String key() {
            return field.key();
        }

        @Override
        public FieldPolicy policy() {
            return settings.policy(field);
        }

        @Override
        public boolean emptyIsNoChange() {
            return field.emptyIsNoChange();
        }

        @Override
        public boolean present(SourceSystem side, Map<String, String> sourceFields) {
            return true;
        }

        @Override
        public String canonical(SourceSystem side, WorkItem item, Map<String, String> sourceFields) {
            return writes.canonical(field, side, item, sourceFields);
        }

        @Override
        public String reported(SourceSystem target, String value) {
            return writes.reported(field, target, value, table);
        }

        @Override
        public Optional<WriteCommand> command(SourceSystem target, String value, Pair pair, Consumer<String> refusal) {
            Optional<WriteCommand> command = writes.command(field, target, value, pair);
            if (command.isEmpty()) {
                refusal.accept("no value for it on " + target.code());
            }
            return command;
        }
    }
}
