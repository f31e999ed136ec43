package io.scrumops.bridge.store;

import java.util.Map;

/**
 * What is waiting in the bridge's own queues, read in one statement.
 *
 * @param inboxUnpublished      records stored in the inbox that have not reached Kafka yet
 * @param inboxUnprocessed      records in Kafka that are not stored in the model yet
 * @param inboxOldestWaitingAge seconds the oldest of both has waited; 0 when none waits
 * @param outboxOpen            write commands not applied yet (pending, in flight, failed and to be retried)
 * @param outboxOldestOpenAge   seconds the oldest open command has waited; 0 when none is open
 * @param outboxDead            commands that failed for good (the dead letters)
 * @param quarantineOpen        inbound records quarantined and not replayed or discarded
 * @param sourceReadAges        per watermark (one per polled table and reconciled system), seconds since it last
 *                              moved, i.e. since the last read of that source that got through
 */
public record PipelineBacklog(long inboxUnpublished, long inboxUnprocessed, double inboxOldestWaitingAge,
                              long outboxOpen, double outboxOldestOpenAge, long outboxDead, long quarantineOpen,
                              Map<String, Double> sourceReadAges) {

    public static final PipelineBacklog EMPTY = new PipelineBacklog(0, 0, 0, 0, 0, 0, 0, Map.of());
}
