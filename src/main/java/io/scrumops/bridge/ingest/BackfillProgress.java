package io.scrumops.bridge.ingest;

/** What a sweep reports as it goes: pages read, what the inbound door made of each record, and where to resume. */
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

    /** Everything up to {@code position} (in the source's own form) is read and fed: a resumed run may start there. */
    default void checkpoint(String position) {
    }
}
