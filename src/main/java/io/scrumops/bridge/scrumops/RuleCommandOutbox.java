package io.scrumops.bridge.scrumops;

import io.scrumops.bridge.rules.RuleCommand;
import io.scrumops.bridge.writeback.WriteCommandQueue;
import org.springframework.stereotype.Component;

import java.util.List;

/** Queues what the rules decided in the outbox, translated into write commands. */
@Component
public class RuleCommandOutbox {

    private final RuleCommandTranslator translator;
    private final WriteCommandQueue queue;

    public RuleCommandOutbox(ItemDirectory directory, ScrumOpsRulesProperties properties, WriteCommandQueue queue) {
        this.translator = new RuleCommandTranslator(directory, properties);
        this.queue = queue;
    }

    /** @return the writes newly queued (those queued before under the same key are left out) */
    public List<QueuedWrite> enqueue(List<? extends RuleCommand> commands) {
        return translator.translate(commands).stream()
                .filter(write -> queue.enqueue(write.idempotencyKey(), write.command()))
                .toList();
    }
}
