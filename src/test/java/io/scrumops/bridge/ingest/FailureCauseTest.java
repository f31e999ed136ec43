package io.scrumops.bridge.ingest;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DeadlockLoserDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.CannotCreateTransactionException;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.format.DateTimeParseException;

import static org.assertj.core.api.Assertions.assertThat;

class FailureCauseTest {

    @Test
    void databaseAwayIsAnOutage() {
        assertThat(FailureCause.isOutage(new CannotGetJdbcConnectionException("no connection",
                new SQLException("Connection refused", "08001")))).isTrue();
        assertThat(FailureCause.isOutage(new CannotCreateTransactionException("pool empty",
                new SQLTransientConnectionException("Connection is not available, request timed out")))).isTrue();
        assertThat(FailureCause.isOutage(new UncategorizedSQLException("insert", "insert into inbox",
                new SQLException("terminating connection due to administrator command", "57P01")))).isTrue();
        assertThat(FailureCause.isOutage(new IllegalStateException("wrapped", new ConnectException("refused"))))
                .isTrue();
    }

    @Test
    void deadlockIsRetriedAsAnOutage() {
        assertThat(FailureCause.isOutage(new DeadlockLoserDataAccessException("deadlock",
                new SQLException("deadlock detected", "40P01")))).isTrue();
    }

    @Test
    void valueTheDatabaseRefusesIsTheRecordsOwnFault() {
        assertThat(FailureCause.isOutage(new UncategorizedSQLException("insert", "insert into work_item",
                new SQLException("invalid byte sequence for encoding \"UTF8\": 0x00", "22021")))).isFalse();
        assertThat(FailureCause.isOutage(new DataIntegrityViolationException("value too long",
                new SQLException("value too long for type character varying(255)", "22001")))).isFalse();
        // Spring files this under DataAccessResourceFailureException, like a lost connection; the state tells.
        assertThat(FailureCause.isOutage(new org.springframework.dao.DataAccessResourceFailureException("insert",
                new SQLException("index row size 10040 exceeds btree version 4 maximum 2704", "54000")))).isFalse();
    }

    @Test
    void onlyValuesAndConstraintsTheDatabaseNamesAreDataErrors() {
        assertThat(FailureCause.isDataError(new DataIntegrityViolationException("value too long",
                new SQLException("value too long for type character varying(255)", "22001")))).isTrue();
        assertThat(FailureCause.isDataError(new DataIntegrityViolationException("duplicate",
                new SQLException("duplicate key value violates unique constraint", "23505")))).isTrue();
        assertThat(FailureCause.isDataError(new UncategorizedSQLException("insert", "insert into work_item",
                new SQLException("index row size 10016 exceeds btree version 4 maximum 2704", "54000")))).isTrue();
        assertThat(FailureCause.isDataError(new UncategorizedSQLException("select", "select nothing",
                new SQLException("column \"nothing\" does not exist", "42703")))).isFalse();
        assertThat(FailureCause.isDataError(new NullPointerException("fields is null"))).isFalse();
    }

    @Test
    void codeThatCannotReadARecordIsTheRecordsOwnFault() {
        assertThat(FailureCause.isOutage(new NullPointerException("fields is null"))).isFalse();
        assertThat(FailureCause.isOutage(new DateTimeParseException("bad date", "yesterday", 0))).isFalse();
        assertThat(FailureCause.isOutage(new ClassCastException("TextNode cannot be cast to ObjectNode"))).isFalse();
    }

    @Test
    void causeChainWithACycleEnds() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertThat(FailureCause.isOutage(a)).isFalse();
    }
}
