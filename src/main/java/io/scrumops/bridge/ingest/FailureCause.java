package io.scrumops.bridge.ingest;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Tells a failure of the bridge's surroundings (the database or the broker away, a connection lost, a lock or
 * deadlock that goes away when tried again) from a record's own fault (a value PostgreSQL refuses, a constraint its
 * data breaks, a field the code cannot read). The first is retried until the surroundings are back; the second
 * would fail the same way every time, so the record is quarantined at once and the records behind it go on.
 */
public final class FailureCause {

    /**
     * SQLSTATE classes and codes that describe the server or the connection, not the statement's data: connection
     * exceptions (08), insufficient resources (53), operator intervention such as a shutdown (57P01-57P05), a
     * serialization failure or deadlock (40001, 40P01), a lock not available (55P03), a read-only standby (25006),
     * a statement cancelled or timed out (57014), a system or I/O error of the server (58).
     */
    private static final Set<String> OUTAGE_CLASSES = Set.of("08", "53", "58");
    private static final Set<String> DATA_CLASSES = Set.of("22", "23", "54");
    private static final Set<String> OUTAGE_STATES = Set.of("57P01", "57P02", "57P03", "57P04", "57P05", "57014",
            "40001", "40P01", "55P03", "25006");

    private FailureCause() {
    }

    /**
     * The SQLSTATE decides when the failure carries one (Spring's translation is too coarse: it files "index row
     * too large", a record's own fault, under the same resource failure as a lost connection); otherwise the type.
     */
    public static boolean isOutage(Throwable failure) {
        String state = sqlState(failure);
        if (state != null) {
            return state.length() >= 2 && OUTAGE_CLASSES.contains(state.substring(0, 2))
                    || OUTAGE_STATES.contains(state);
        }
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = failure; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            if (t instanceof TransientDataAccessException || t instanceof DataAccessResourceFailureException
                    || t instanceof RecoverableDataAccessException || t instanceof CannotCreateTransactionException
                    || t instanceof SQLTransientException || t instanceof SQLRecoverableException
                    || t instanceof SQLNonTransientConnectionException
                    || t instanceof ConnectException || t instanceof SocketException
                    || t instanceof SocketTimeoutException
                    || t instanceof org.apache.kafka.common.errors.RetriableException
                    || t instanceof org.apache.kafka.common.errors.TimeoutException) {
                return true;
            }
        }
        return false;
    }

    /**
     * A record's own data refused by the database: SQLSTATE classes 22 (data exception: a value too long, out of
     * range, malformed), 23 (a broken constraint) and 54 (a program limit exceeded, such as an index row too large).
     * Those are expected of bad input; any other failure that is not an outage is a fault worth its stack trace.
     */
    public static boolean isDataError(Throwable failure) {
        String state = sqlState(failure);
        return state != null && state.length() >= 2 && DATA_CLASSES.contains(state.substring(0, 2));
    }

    /** The SQLSTATE of the first SQL exception in the cause chain that has one. */
    private static String sqlState(Throwable failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = failure; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && !sql.getSQLState().isBlank()) {
                return sql.getSQLState();
            }
        }
        return null;
    }
}
