package io.scrumops.bridge.store;

import io.scrumops.bridge.model.SourceSystem;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class OutboxRepository {

    /*
     * One statement picks and marks the batch, so it is atomic without an explicit transaction. SKIP LOCKED lets
     * several instances claim at once without waiting on or sharing rows. A command is claimable only when no
     * earlier command of the same work item is still open, which keeps one item's commands in order while the
     * others go ahead. The statement lives in the function outbox_claim (V88): its plan walks the claimable index in
     * order and stops at the batch size whatever the table's statistics say, where the planner, going by statistics
     * taken before a burst, collected, checked and sorted every due command for each batch.
     */
    private static final String CLAIM = "select * from outbox_claim(:limit)";

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate named;

    public OutboxRepository(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
        this.named = new NamedParameterJdbcTemplate(dataSource);
    }

    private static final String TABLE = "outbox";
    private static final String INSERT = """
            insert into outbox (idempotency_key, target_system, command_type, aggregate_id, payload)
            values (:key, :targetSystem, :commandType, :aggregateId, cast(:payload as jsonb))
            on conflict (idempotency_key) do nothing""";

    /**
     * Like {@link #enqueue}, for a caller that does not ask whether the command is new: during a store batch bound to
     * this thread ({@link StoreBatch}) the command is written with the batch's other commands in one statement, in
     * the order they came (which keeps one item's commands in order); without one, at once.
     */
    public void add(String idempotencyKey, SourceSystem targetSystem, String commandType, String aggregateId,
                    Object payload) {
        StoreBatch.hold(TABLE, row(idempotencyKey, targetSystem, commandType, aggregateId, payload), this::write);
    }

    /** A command to queue ({@link #addAll}). */
    public record Command(String idempotencyKey, SourceSystem targetSystem, String commandType, String aggregateId,
                          Object payload) {
    }

    /**
     * {@link #add} for several commands: during a store batch they are held with the batch's others; without one they
     * are written at once, together, in one round trip.
     */
    public void addAll(List<Command> commands) {
        if (commands.isEmpty()) {
            return;
        }
        List<Map<String, Object>> rows = commands.stream().map(c -> row(c.idempotencyKey(), c.targetSystem(),
                c.commandType(), c.aggregateId(), c.payload())).toList();
        if (StoreBatch.current() != null) {
            rows.forEach(row -> StoreBatch.hold(TABLE, row, this::write));
        } else {
            write(rows);
        }
    }

    private static Map<String, Object> row(String idempotencyKey, SourceSystem targetSystem, String commandType,
                                           String aggregateId, Object payload) {
        Map<String, Object> row = new HashMap<>();
        row.put("key", idempotencyKey);
        row.put("targetSystem", targetSystem.name());
        row.put("commandType", commandType);
        row.put("aggregateId", aggregateId);
        row.put("payload", JsonPayload.write(payload));
        return row;
    }

    private void write(List<Map<String, Object>> rows) {
        // the first command with a key is the one queued, as when each was inserted on its own
        Map<Object, Map<String, Object>> first = new LinkedHashMap<>();
        rows.forEach(r -> first.putIfAbsent(r.get("key"), r));
        named.batchUpdate(INSERT, first.values().stream().map(MapSqlParameterSource::new)
                .toArray(MapSqlParameterSource[]::new));
    }

    /** Returns the new command's id, or empty when a command with this idempotency key was enqueued before. */
    public Optional<Long> enqueue(String idempotencyKey, SourceSystem targetSystem, String commandType,
                                  String aggregateId, Object payload) {
        StoreBatch.flush(TABLE); // ids keep the order of calls
        return jdbc.sql("""
                        insert into outbox (idempotency_key, target_system, command_type, aggregate_id, payload)
                        values (:key, :targetSystem, :commandType, :aggregateId, cast(:payload as jsonb))
                        on conflict (idempotency_key) do nothing
                        returning id""")
                .param("key", idempotencyKey)
                .param("targetSystem", targetSystem.name())
                .param("commandType", commandType)
                .param("aggregateId", aggregateId)
                .param("payload", JsonPayload.write(payload))
                .query(Long.class).optional();
    }

    /** Hands out up to {@code limit} due commands, marked IN_FLIGHT, oldest due first. */
    public List<OutboxCommand> claimBatch(int limit) {
        return jdbc.sql(CLAIM).param("limit", limit).query(OutboxRepository::map).list().stream()
                .sorted(Comparator.comparing(OutboxCommand::nextAttemptAt).thenComparing(OutboxCommand::id))
                .toList();
    }

    /*
     * Settling is fenced: each statement below changes the command only while it still carries the claim token it
     * was claimed with (OutboxCommand.claimToken; V89 raises the token at every claim). A claimer that outlived its
     * lease, whose command was given back and claimed again, holds an older token: its settle changes nothing and the
     * newer claim's outcome stays. PENDING and FAILED are accepted beside IN_FLIGHT: a command given back but not
     * claimed again still carries the first claimer's token and nobody else has applied it, and a command this claim
     * failed is still this claim's to settle.
     */
    private static final String HELD = "id = :id and claim_token = :token and status in ('IN_FLIGHT', 'PENDING',"
            + " 'FAILED')";

    /** What a claimer applied: the claimed command and what the remote made, to mark done ({@link #markDone(List)}). */
    public record Settle(OutboxCommand claimed, String remoteId, String remoteKey) {
    }

    /**
     * Marks the claimed command done, recording what the remote made, if the claim is still the command's latest.
     *
     * @return false when a newer claim holds the command (or it is settled): nothing was changed
     */
    public boolean markDone(OutboxCommand claimed, String remoteId, String remoteKey) {
        return !markDone(List.of(new Settle(claimed, remoteId, remoteKey))).isEmpty();
    }

    /**
     * {@link #markDone(OutboxCommand, String, String)} for several commands in one statement. The ids are also
     * matched as an array so that the primary key finds the rows whatever the statistics say of the statuses (the
     * join with the unnested values alone was planned from the status index).
     *
     * @return the ids of the commands marked done; the others are held by a newer claim
     */
    public java.util.Set<Long> markDone(List<Settle> settles) {
        if (settles.isEmpty()) {
            return java.util.Set.of();
        }
        List<Long> done = jdbc.sql("""
                        update outbox o set status = 'DONE', done_at = now(), last_error = null,
                            remote_id = s.remote_id, remote_key = s.remote_key
                        from unnest(:ids, :tokens, :remoteIds, :remoteKeys) as s(id, token, remote_id, remote_key)
                        where o.id = any(:ids) and o.id = s.id and o.claim_token = s.token
                          and o.status in ('IN_FLIGHT', 'PENDING', 'FAILED')
                        returning o.id""")
                .param("ids", settles.stream().map(s -> s.claimed().id()).toArray(Long[]::new))
                .param("tokens", settles.stream().map(s -> s.claimed().claimToken()).toArray(Long[]::new))
                .param("remoteIds", settles.stream().map(Settle::remoteId).toArray(String[]::new))
                .param("remoteKeys", settles.stream().map(Settle::remoteKey).toArray(String[]::new))
                .query(Long.class).list();
        return java.util.Set.copyOf(done);
    }

    /** The attempt failed; the command is due again at {@code nextAttemptAt}. False when a newer claim holds it. */
    public boolean markFailed(OutboxCommand claimed, String error, Instant nextAttemptAt) {
        return jdbc.sql("update outbox set status = 'FAILED', last_error = :error, next_attempt_at = :next where "
                        + HELD)
                .param("error", error)
                .param("next", SqlTime.toSql(nextAttemptAt))
                .param("id", claimed.id())
                .param("token", claimed.claimToken())
                .update() == 1;
    }

    /**
     * The claimed command was not tried (its system is paused): due again at {@code nextAttemptAt}, attempt not
     * counted. False when it is not in flight under this claim any more.
     */
    public boolean markHeldBack(OutboxCommand claimed, String reason, Instant nextAttemptAt) {
        return jdbc.sql("""
                        update outbox set status = 'FAILED', attempts = greatest(attempts - 1, 0), last_error = :reason,
                            next_attempt_at = :next
                        where id = :id and claim_token = :token and status = 'IN_FLIGHT'""")
                .param("reason", reason)
                .param("next", SqlTime.toSql(nextAttemptAt))
                .param("id", claimed.id())
                .param("token", claimed.claimToken())
                .update() == 1;
    }

    /**
     * The command will not be retried on its own; it shows in {@link #listDead} until requeued. False when a newer
     * claim holds it.
     */
    public boolean markDead(OutboxCommand claimed, String error) {
        return jdbc.sql("update outbox set status = 'DEAD', last_error = :error where " + HELD)
                .param("error", error)
                .param("id", claimed.id())
                .param("token", claimed.claimToken())
                .update() == 1;
    }

    /**
     * Whether the claim is still the command's and its lease still runs: the command is in flight under this claim's
     * token and was claimed after {@code leaseStartedAfter} (now less the claim timeout, as {@link #releaseAbandoned}
     * counts). A claimer asks just before a write that must not be made twice.
     */
    public boolean holdsClaim(OutboxCommand claimed, Instant leaseStartedAfter) {
        return jdbc.sql("""
                        select count(*) from outbox
                        where id = :id and claim_token = :token and status = 'IN_FLIGHT' and claimed_at >= :after""")
                .param("id", claimed.id())
                .param("token", claimed.claimToken())
                .param("after", SqlTime.toSql(leaseStartedAfter))
                .query(Long.class).single() == 1;
    }

    public List<OutboxCommand> listDead() {
        return jdbc.sql("select * from outbox where status = 'DEAD' order by id")
                .query(OutboxRepository::map).list();
    }

    /** Puts a dead command back in line, due now, with a fresh attempt count. */
    public boolean requeue(long id) {
        return jdbc.sql("""
                        update outbox set status = 'PENDING', attempts = 0, next_attempt_at = now()
                        where id = :id and status = 'DEAD'""")
                .param("id", id).update() == 1;
    }

    /**
     * Gives back commands claimed before {@code claimedBefore} and never finished: their claimer died. The writer's
     * idempotency key (and search-before-create) makes the second attempt safe.
     */
    public int releaseAbandoned(Instant claimedBefore) {
        return jdbc.sql("""
                        update outbox set status = 'PENDING', next_attempt_at = now()
                        where status = 'IN_FLIGHT' and claimed_at < :before""")
                .param("before", SqlTime.toSql(claimedBefore))
                .update();
    }

    public Optional<OutboxCommand> findById(long id) {
        StoreBatch.flush(TABLE);
        return jdbc.sql("select * from outbox where id = :id").param("id", id)
                .query(OutboxRepository::map).optional();
    }

    public Optional<OutboxCommand> findByIdempotencyKey(String idempotencyKey) {
        StoreBatch.flush(TABLE);
        return jdbc.sql("select * from outbox where idempotency_key = :key").param("key", idempotencyKey)
                .query(OutboxRepository::map).optional();
    }

    static OutboxCommand map(ResultSet rs, int row) throws SQLException {
        return new OutboxCommand(
                rs.getLong("id"),
                rs.getString("idempotency_key"),
                SourceSystem.valueOf(rs.getString("target_system")),
                rs.getString("command_type"),
                rs.getString("aggregate_id"),
                JsonPayload.tree(rs.getString("payload")),
                OutboxStatus.valueOf(rs.getString("status")),
                rs.getInt("attempts"),
                SqlTime.instant(rs, "next_attempt_at"),
                rs.getString("last_error"),
                SqlTime.instant(rs, "created_at"),
                SqlTime.instant(rs, "done_at"),
                rs.getLong("claim_token"));
    }
}
