package io.scrumops.bridge.gates;

import io.scrumops.bridge.model.BlockingItem;

import java.time.Instant;
import java.util.List;

/**
 * The last answer of a remote query criterion: the items it returned, or the failure that kept it from answering.
 */
public record RemoteQueryResult(List<BlockingItem> items, String failure, Instant at) {

    public RemoteQueryResult {
        items = items == null ? List.of() : List.copyOf(items);
    }

    public static RemoteQueryResult answered(List<BlockingItem> items, Instant at) {
        return new RemoteQueryResult(items, null, at);
    }

    public static RemoteQueryResult failed(String failure, Instant at) {
        return new RemoteQueryResult(List.of(), failure, at);
    }
}
