package io.scrumops.bridge.ingest;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the records of one page read back from a system and feeds them through the inbound door together
 * ({@link InboundFeed#submitPage}): one inbox statement and one Kafka batch per page instead of one of each per record.
 * A sweep adds the records as it reads them and flushes when its page is done, before it reports the page (and the
 * checkpoint that goes with it): what a checkpoint covers is stored.
 */
final class PageFeed {

    private final InboundFeed feed;
    private final InboundSource source;
    private final BackfillProgress progress;
    private final List<String> pending = new ArrayList<>();

    PageFeed(InboundFeed feed, InboundSource source, BackfillProgress progress) {
        this.feed = feed;
        this.source = source;
        this.progress = progress;
    }

    void add(String body) {
        pending.add(body);
    }

    /** Stores what was added since the last flush and reports each record's receipt. */
    void flush() {
        if (pending.isEmpty()) {
            return;
        }
        List<InboundFeed.Receipt> receipts = feed.submitPage(source, pending);
        pending.clear();
        receipts.forEach(progress::record);
    }
}
