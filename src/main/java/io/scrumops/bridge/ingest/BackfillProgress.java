package io.scrumops.bridge.ingest;

/** What a sweep reports as it goes: pages read, and what the inbound door made of each record. */
public interface BackfillProgress {

    BackfillProgress NONE = new BackfillProgress() {
        @Override
        public void page(int pages, int records) {
        }

        @Override
        public void record(InboundFeed.Receipt receipt) {
        }
    };

    void page(int pages, int records);

    void record(InboundFeed.Receipt receipt);
}
