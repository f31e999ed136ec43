package io.scrumops.bridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuditLogRepositoryTest {

    private final AuditLogRepository audit = new AuditLogRepository(TestDatabase.dataSource());

    @BeforeEach
    void emptyTables() {
        TestDatabase.truncate("audit_log");
    }

    @Test
    void entityTrailKeepsActionsAndDetail() {
        audit.record("bridge", "WORK_PACKAGE_CREATED", "scrumops:work_package:1", Map.of("template", "sev1"));
        audit.record("alice", "ESCALATED", "scrumops:work_package:1", Map.of("toLevel", 2));
        audit.record("webhook", "REJECTED_UNSIGNED", null, null);

        assertThat(audit.findByEntity("scrumops:work_package:1"))
                .extracting(AuditEntry::action).containsExactly("WORK_PACKAGE_CREATED", "ESCALATED");
        AuditEntry escalated = audit.findByEntity("scrumops:work_package:1").get(1);
        assertThat(escalated.actor()).isEqualTo("alice");
        assertThat(escalated.detail().get("toLevel").asInt()).isEqualTo(2);
        assertThat(audit.latest(1)).extracting(AuditEntry::action).containsExactly("REJECTED_UNSIGNED");
    }
}
