package io.scrumops.bridge.writeback;

import io.scrumops.bridge.store.OutboxRepository;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * Puts write commands in the outbox. The idempotency key says what the command is for (e.g.
 * {@code sla-breached:<wp>}), so deciding the same thing twice queues it once.
 */
@Component
public class WriteCommandQueue {

    private final OutboxRepository outbox;

    public WriteCommandQueue(OutboxRepository outbox) {
        this.outbox = outbox;
    }

    /** @return true when queued, false when a command with that key was queued before */
    public boolean enqueue(String idempotencyKey, WriteCommand command) {
        return outbox.enqueue(idempotencyKey, command.target(), command.type(), command.workItemId(), command)
                .isPresent();
    }

    /**
     * Queues the command unless one with that key was queued before, without asking which: inside a consumer's
     * store batch it is written with the batch ({@link OutboxRepository#add}).
     */
    public void add(String idempotencyKey, WriteCommand command) {
        outbox.add(idempotencyKey, command.target(), command.type(), command.workItemId(), command);
    }

    /**
     * Queues each command (by idempotency key, in this order) unless one with its key was queued before, in one
     * statement; inside a consumer's store batch they are written with the batch, as {@link #add} does.
     */
    public void addAll(Map<String, WriteCommand> commands) {
        outbox.addAll(commands.entrySet().stream().map(e -> new OutboxRepository.Command(e.getKey(),
                e.getValue().target(), e.getValue().type(), e.getValue().workItemId(), e.getValue())).toList());
    }
}
