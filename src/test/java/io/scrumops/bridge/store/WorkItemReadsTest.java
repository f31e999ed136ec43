package io.scrumops.bridge.store;

import io.scrumops.bridge.model.CanonicalStatus;
import io.scrumops.bridge.model.Severity;
import io.scrumops.bridge.model.SourceRef;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.model.WorkItem;
import io.scrumops.bridge.model.WorkItemKind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class WorkItemReadsTest {

    private static final Instant T0 = Instant.parse("2026-11-30T08:00:00Z");

    private final WorkItemReads reads = new WorkItemReads(TestDatabase.dataSource());
    private final WorkItemRepository items = new WorkItemRepository(TestDatabase.dataSource());
    private final SyncLinkRepository links = new SyncLinkRepository(TestDatabase.dataSource());

    @BeforeEach
    void emptyTables() {
        TestDatabase.truncate("work_item", "sync_link");
        items.upsert(item("servicenow:incident:a1", WorkItemKind.INCIDENT, SourceSystem.SERVICENOW, "a1", "INC0010001",
                "Checkout times out", "payments", CanonicalStatus.IN_PROGRESS, 10));
        items.upsert(item("jira:issue:501", WorkItemKind.WORK_PACKAGE, SourceSystem.JIRA, "501", "OPS-501",
                "INC0010001 Checkout times out", "payments", CanonicalStatus.NEW, 20));
        items.upsert(item("jira:issue:502", WorkItemKind.STORY, SourceSystem.JIRA, "502", "OPS-502",
                "Faster search results", "search", CanonicalStatus.IN_PROGRESS, 30));
        items.upsert(item("jira:issue:503", WorkItemKind.STORY, SourceSystem.JIRA, "503", "OPS-503",
                "Checkout button colour", "payments", CanonicalStatus.DONE, 40));
        links.save(SyncLink.of("servicenow:incident:a1", SourceSystem.SERVICENOW, "a1", "INC0010001", null));
        links.save(SyncLink.of("servicenow:incident:a1", SourceSystem.JIRA, "501", "OPS-501", null));
    }

    @Test
    void anIncidentNumberFindsTheIncidentAndItsWorkPackageAndBack() {
        assertThat(ids(filter("inc0010001", null, null, 0, 50))).containsExactly("jira:issue:501",
                "servicenow:incident:a1");
        assertThat(ids(filter("OPS-501", null, null, 0, 50))).containsExactly("jira:issue:501",
                "servicenow:incident:a1");
        assertThat(ids(filter("OPS-502", null, null, 0, 50))).containsExactly("jira:issue:502");
    }

    @Test
    void titleWordsAndFiltersNarrowTheNewestFirstList() {
        assertThat(ids(filter("checkout", null, null, 0, 50))).containsExactly("jira:issue:503", "jira:issue:501",
                "servicenow:incident:a1");
        assertThat(ids(filter("checkout", "payments", "DONE", 0, 50))).containsExactly("jira:issue:503");
        assertThat(ids(filter("checkout search", null, null, 0, 50))).isEmpty();
        assertThat(ids(filter(null, "search", null, 0, 50))).containsExactly("jira:issue:502");
    }

    @Test
    void titleWordsMatchAsWholeWordsInAnyOrderWhateverTheirCase() {
        assertThat(ids(filter("OUT checkout Times", null, null, 0, 50))).containsExactly("jira:issue:501",
                "servicenow:incident:a1");
        assertThat(ids(filter("  results   FASTER ", null, null, 0, 50))).containsExactly("jira:issue:502");
        // A word that is only the beginning of a title's word matches nothing: "check" is not "checkout".
        assertThat(ids(filter("check", null, null, 0, 50))).isEmpty();
        assertThat(ids(filter("checkouts", null, null, 0, 50))).isEmpty();
        // Every word must be there: one missing word drops the item.
        assertThat(ids(filter("checkout colour red", null, null, 0, 50))).isEmpty();
        // Keys are looked up exactly, not as words: "ops" is no word of any title here.
        assertThat(ids(filter("ops", null, null, 0, 50))).isEmpty();
    }

    @Test
    void aWordSearchAnswersTheSamePagesWhetherTheNewestItemsHoldThemOrNot() {
        // Window of 3: the newest three (503, 502, 501) hold two "checkout" items, a page of one and a next one.
        WorkItemReads wide = new WorkItemReads(TestDatabase.dataSource(), 3);
        // Window of 2: the newest two (503, 502) hold one, so the words index answers.
        WorkItemReads narrow = new WorkItemReads(TestDatabase.dataSource(), 2);
        for (WorkItemReads reads : java.util.List.of(wide, narrow)) {
            var first = reads.search(filter("checkout", null, null, 0, 1));
            assertThat(first.items()).extracting(WorkItemReads.Summary::id).containsExactly("jira:issue:503");
            assertThat(first.hasMore()).isTrue();
            var second = reads.search(filter("checkout", null, null, 1, 1));
            assertThat(second.items()).extracting(WorkItemReads.Summary::id).containsExactly("jira:issue:501");
            assertThat(second.hasMore()).isTrue();
            var third = reads.search(filter("checkout", null, null, 2, 1));
            assertThat(third.items()).extracting(WorkItemReads.Summary::id).containsExactly("servicenow:incident:a1");
            assertThat(third.hasMore()).isFalse();
        }
    }

    @Test
    void pagesTellWhetherAnotherFollowsWithoutCounting() {
        var first = reads.search(filter(null, null, null, 0, 3));
        assertThat(first.items()).extracting(WorkItemReads.Summary::id)
                .containsExactly("jira:issue:503", "jira:issue:502", "jira:issue:501");
        assertThat(first.hasMore()).isTrue();
        var second = reads.search(filter(null, null, null, 1, 3));
        assertThat(second.items()).extracting(WorkItemReads.Summary::id).containsExactly("servicenow:incident:a1");
        assertThat(second.hasMore()).isFalse();
    }

    @Test
    void theWorkPackageLeadsToItsPairsLinksIncidentFirst() {
        assertThat(reads.pairIdOf("jira:issue:501", SourceSystem.JIRA, "501")).contains("servicenow:incident:a1");
        assertThat(reads.pairIdOf("servicenow:incident:a1", SourceSystem.SERVICENOW, "a1"))
                .contains("servicenow:incident:a1");
        assertThat(reads.pairIdOf("jira:issue:502", SourceSystem.JIRA, "502")).isEmpty();
        assertThat(reads.links("servicenow:incident:a1")).extracting(SyncLink::nativeKey)
                .containsExactly("INC0010001", "OPS-501");
    }

    private WorkItemReads.Filter filter(String q, String team, String status, int page, int size) {
        return new WorkItemReads.Filter(q, null, null, null, team, status, null, null, page, size);
    }

    private java.util.List<String> ids(WorkItemReads.Filter filter) {
        return reads.search(filter).items().stream().map(WorkItemReads.Summary::id).toList();
    }

    private static WorkItem item(String id, WorkItemKind kind, SourceSystem system, String nativeId, String key,
                                 String title, String team, CanonicalStatus status, int minutes) {
        Instant updated = T0.plusSeconds(60L * minutes);
        return new WorkItem(id, kind, new SourceRef(system, system == SourceSystem.JIRA ? "issue" : "incident",
                nativeId, key, null, 1, updated), title, null, status, status.name(), Severity.SEV2, "2", null, null,
                null, team, null, null, Set.of(), T0, updated, null, null, null);
    }
}
