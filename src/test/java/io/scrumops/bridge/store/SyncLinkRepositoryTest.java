package io.scrumops.bridge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scrumops.bridge.model.SourceSystem;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;

class SyncLinkRepositoryTest {

    private final SyncLinkRepository links = new SyncLinkRepository(TestDatabase.dataSource());

    @BeforeEach
    void emptyTables() {
        TestDatabase.truncate("sync_link");
    }

    @Test
    void workItemIsFoundFromEitherCounterpart() {
        SyncLink jira = SyncLink.of("scrumops:work_package:1", SourceSystem.JIRA, "10011", "OPS-11", null);
        SyncLink servicenow = SyncLink.of("scrumops:work_package:1", SourceSystem.SERVICENOW, "9d38", "INC0010001",
                null);
        links.save(jira);
        links.save(servicenow);

        assertThat(links.findByNative(SourceSystem.SERVICENOW, "9d38")).contains(servicenow);
        assertThat(links.findByWorkItem("scrumops:work_package:1", SourceSystem.JIRA)).contains(jira);
        assertThat(links.findByWorkItem("scrumops:work_package:1")).containsExactly(jira, servicenow);
    }

    @Test
    void syncMergesFieldFingerprints() {
        links.save(SyncLink.of("w1", SourceSystem.JIRA, "10011", "OPS-11", null));
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);

        links.recordSync(SourceSystem.JIRA, "10011", 3L, Map.of("status", "f1", "summary", "f2"), at);
        links.recordSync(SourceSystem.JIRA, "10011", 4L, Map.of("status", "f3"), at);

        SyncLink link = links.findByNative(SourceSystem.JIRA, "10011").orElseThrow();
        assertThat(link.lastSyncedVersion()).isEqualTo(4L);
        assertThat(link.lastSyncedAt()).isEqualTo(at);
        assertThat(link.fieldFingerprints()).containsExactlyInAnyOrderEntriesOf(Map.of("status", "f3", "summary", "f2"));
    }

    @Test
    void secondCounterpartInTheSameSystemIsRefused() {
        links.save(SyncLink.of("w1", SourceSystem.JIRA, "10011", "OPS-11", null));

        assertThatThrownBy(() -> links.save(SyncLink.of("w1", SourceSystem.JIRA, "10012", "OPS-12", null)))
                .isInstanceOf(DuplicateKeyException.class);
    }
}
