package io.scrumops.bridge.adapter.servicenow;

import io.scrumops.bridge.model.CommentVisibility;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.writeback.FakeRemote;
import io.scrumops.bridge.writeback.RemoteCallGates;
import io.scrumops.bridge.writeback.RemoteWriteException;
import io.scrumops.bridge.writeback.ServiceNowCreateRecord;
import io.scrumops.bridge.writeback.ServiceNowJournalEntry;
import io.scrumops.bridge.writeback.WriteResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceNowWriterTest {

    private static final String SYS_ID = "9d385017c611228701d22104cc95c371";
    private static final String NOTE = "[Jira comment by alice at 2026-03-01T10:00:00Z]\nRestarted the mail relay.";
    private static final ServiceNowJournalEntry ENTRY = new ServiceNowJournalEntry("servicenow:incident:" + SYS_ID,
            "incident", SYS_ID, NOTE, "alice", CommentVisibility.INTERNAL, "jira:comment:10001");

    private FakeRemote remote;
    private ServiceNowWriter writer;

    @BeforeEach
    void start() throws Exception {
        remote = new FakeRemote("direct:servicenow-request");
        Clock clock = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
        RemoteCallGates gates = FakeRemote.openGates(clock);
        writer = new ServiceNowWriter(new ServiceNowProperties("http://sn", "http://sn/api", "bridge", "secret",
                "scrumops.bridge"), remote.template(), gates, clock, null, null);
    }

    @AfterEach
    void stop() {
        remote.close();
    }

    @Test
    void firstAttemptWritesTheWorkNoteWithoutLookingForIt() {
        writer.execute(ENTRY, 1);

        assertThat(remote.requests()).hasSize(1);
        assertThat(remote.requests().get(0).method()).isEqualTo("PATCH");
        assertThat(remote.requests().get(0).uri()).isEqualTo("http://sn/api/now/table/incident/" + SYS_ID);
        assertThat(remote.requests().get(0).body()).contains("\"work_notes\"").contains("Restarted the mail relay.");
    }

    @Test
    void retriedAttachmentUploadFindsTheCopyAnEarlierAttemptStoredByNameAndSizeAndDoesNotUploadAgain() {
        remote.answer(200, Map.of(), """
                {"result": [{"sys_id": "a3", "file_name": "trace^ORnumber=1.log", "size_bytes": "999"},
                            {"sys_id": "a2", "file_name": "trace^ORnumber=1.log", "size_bytes": "2048"},
                            {"sys_id": "a1", "file_name": "other.log", "size_bytes": "2048"}]}
                """);

        WriteResult result = writer.execute(new io.scrumops.bridge.writeback.ServiceNowAttachmentUpload(
                "servicenow:incident:" + SYS_ID, "incident", SYS_ID, "jira:attachment:10077", "10077",
                "trace^ORnumber=1.log", "text/plain", 2048L), 2);

        assertThat(result.remoteId()).isEqualTo("servicenow:attachment:a2");
        assertThat(result.reused()).isTrue();
        assertThat(remote.requests()).hasSize(1);
        FakeRemote.Request lookup = remote.requests().get(0);
        assertThat(lookup.method()).isEqualTo("GET");
        assertThat(lookup.uri()).isEqualTo("http://sn/api/now/attachment");
        String query = URLDecoder.decode(lookup.query(), StandardCharsets.UTF_8);
        assertThat(query).contains("sysparm_query=table_name=incident^table_sys_id=" + SYS_ID + "^ORDERBYDESC")
                .doesNotContain("trace");
    }

    @Test
    void retryFindsTheWorkNoteAnEarlierAttemptWroteAndDoesNotWriteItAgain() {
        remote.answer(200, Map.of(), """
                {"result": [{"sys_id": "j2", "value": "Someone else's note"},
                            {"sys_id": "j1", "value": "[Jira comment by alice at 2026-03-01T10:00:00Z]\\r\\nRestarted the mail relay.\\n"}]}
                """);

        WriteResult result = writer.execute(ENTRY, 2);

        assertThat(remote.requests()).hasSize(1);
        FakeRemote.Request lookup = remote.requests().get(0);
        assertThat(lookup.method()).isEqualTo("GET");
        assertThat(lookup.uri()).isEqualTo("http://sn/api/now/table/sys_journal_field");
        assertThat(URLDecoder.decode(lookup.query(), StandardCharsets.UTF_8))
                .contains("sysparm_query=name=incident^element_id=" + SYS_ID + "^element=work_notes"
                        + "^ORDERBYDESCsys_created_on");
        assertThat(result.reused()).isTrue();
        assertThat(result.remoteId()).isEqualTo("servicenow:journal:j1");
    }

    @Test
    void retryWritesTheEntryWhenTheEarlierAttemptDidNotReachTheRecord() {
        remote.answer(200, Map.of(), "{\"result\": [{\"sys_id\": \"j2\", \"value\": \"Restarted the mail relay.\"}]}");

        WriteResult result = writer.execute(new ServiceNowJournalEntry(ENTRY.workItemId(), "incident", SYS_ID, NOTE,
                "alice", CommentVisibility.PUBLIC, "jira:comment:10001"), 3);

        assertThat(remote.requests()).extracting(FakeRemote.Request::method).containsExactly("GET", "PATCH");
        assertThat(URLDecoder.decode(remote.requests().get(0).query(), StandardCharsets.UTF_8))
                .contains("^element=comments^");
        assertThat(remote.requests().get(1).body()).contains("\"comments\"");
        assertThat(result.reused()).isFalse();
    }

    @Test
    void lookupRefusedForGoodStillWritesTheEntry() {
        remote.answer(403, Map.of(), "{\"error\": {\"message\": \"User Not Authorized\"}}");

        writer.execute(ENTRY, 2);

        assertThat(remote.requests()).extracting(FakeRemote.Request::method).containsExactly("GET", "PATCH");
    }

    @Test
    void lookupFailingForAWhileFailsTheAttemptWithoutWriting() {
        remote.answer(503, Map.of(), "unavailable");

        assertThatThrownBy(() -> writer.execute(ENTRY, 2))
                .isInstanceOfSatisfying(RemoteWriteException.class, e -> {
                    assertThat(e.isPermanent()).isFalse();
                    assertThat(e.system()).isEqualTo(SourceSystem.SERVICENOW);
                });
        assertThat(remote.requests()).extracting(FakeRemote.Request::method).containsExactly("GET");
    }

    @Test
    void createNamingACraftedNumberIsRefusedForGoodWithoutAnyCall() {
        ServiceNowCreateRecord create = new ServiceNowCreateRecord("jira:issue:60013", "incident", "APP-113",
                "INC0000001^ORnumberISNOTEMPTY", Map.of("short_description", "Refund button does nothing"));

        assertThatThrownBy(() -> writer.execute(create, 1))
                .isInstanceOfSatisfying(RemoteWriteException.class, e -> {
                    assertThat(e.isPermanent()).isTrue();
                    assertThat(e.getMessage()).contains("not a ServiceNow record number");
                });
        assertThat(remote.requests()).isEmpty();
    }

    @Test
    void updateOfARecordWhoseSysIdIsNotOneIsRefusedForGoodWithoutAnyCall() {
        var update = new io.scrumops.bridge.writeback.ServiceNowUpdate("servicenow:incident:x", "incident",
                "../sys_user/6816f79cc0a8016401c5a33be04be441", Map.of("state", "2"));

        assertThatThrownBy(() -> writer.execute(update, 1))
                .isInstanceOfSatisfying(RemoteWriteException.class, e -> assertThat(e.isPermanent()).isTrue());
        assertThat(remote.requests()).isEmpty();
    }
}
