package io.scrumops.bridge.adapter.servicenow;

import io.scrumops.bridge.writeback.FakeRemote;
import io.scrumops.bridge.writeback.RemoteCallGates;
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

/**
 * Look-ups by a value that came from Jira (a group's name, a user's e-mail address): the value goes into an encoded
 * query, where {@code ^} starts a condition of its own, so a value holding one is not looked up at all.
 */
class ServiceNowLookupTest {

    private static final String GROUP_SYS_ID = "287ebd7da9fe198100f92cc8d1d2154e";

    private FakeRemote remote;
    private ServiceNowLookup lookup;

    @BeforeEach
    void start() throws Exception {
        remote = new FakeRemote("direct:servicenow-request");
        Clock clock = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
        RemoteCallGates gates = FakeRemote.openGates(clock);
        lookup = new ServiceNowLookup(remote.template(), new ServiceNowProperties("http://sn", "http://sn/api",
                "bridge", "secret", "scrumops.bridge"), gates, clock);
    }

    @AfterEach
    void stop() {
        remote.close();
    }

    @Test
    void findsTheOneRecordWhoseFieldHasTheValue() {
        remote.answer(200, Map.of(), "{\"result\": [{\"sys_id\": \"" + GROUP_SYS_ID + "\"}]}");

        assertThat(lookup.sysIdWhere("sys_user_group", "name", "Network Operations")).contains(GROUP_SYS_ID);

        assertThat(remote.requests()).hasSize(1);
        assertThat(remote.requests().get(0).uri()).isEqualTo("http://sn/api/now/table/sys_user_group");
        assertThat(URLDecoder.decode(remote.requests().get(0).query(), StandardCharsets.UTF_8))
                .startsWith("sysparm_query=name=Network Operations&");
    }

    @Test
    void aValueHoldingTheQuerysSeparatorIsNotLookedUp() {
        remote.answer(200, Map.of(), "{\"result\": [{\"sys_id\": \"" + GROUP_SYS_ID + "\"}]}");

        assertThat(lookup.sysIdWhere("sys_user_group", "name", "No such group^ORname=Database Admins")).isEmpty();
        assertThat(lookup.sysIdWhere("sys_user", "email", "a@example.com\n^NQactive=true")).isEmpty();

        assertThat(remote.requests()).isEmpty();
    }

    @Test
    void aStoredReferenceThatIsNoSysIdIsNotAskedFor() {
        assertThat(lookup.field("sys_user", "../../sys_properties/1", "email")).isEmpty();

        assertThat(remote.requests()).isEmpty();
    }

    @Test
    void aConfiguredTableOrFieldOfAnotherShapeIsRefused() {
        assertThatThrownBy(() -> lookup.sysIdWhere("sys_user_group/../sys_user", "name", "x"))
                .hasMessageStartingWith("not a ServiceNow table or field name");
        assertThatThrownBy(() -> lookup.field("sys_user", GROUP_SYS_ID, "email^ORDERBYname"))
                .hasMessageStartingWith("not a ServiceNow field");
        assertThat(remote.requests()).isEmpty();
    }
}
