package io.scrumops.bridge.store;

import io.scrumops.bridge.model.SourceRef;
import io.scrumops.bridge.model.Sprint;
import io.scrumops.bridge.model.SprintState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class SprintRepository {

    private static final String UPSERT = """
            insert into sprint (id, source_system, native_id, team, name, state, start_at, end_at,
                                source_updated_at, source_version, payload)
            values (:id, :sourceSystem, :nativeId, :team, :name, :state, :startAt, :endAt,
                    :sourceUpdatedAt, :sourceVersion, cast(:payload as jsonb))
            on conflict (id) do update set
                source_system = excluded.source_system, native_id = excluded.native_id, team = excluded.team,
                name = excluded.name, state = excluded.state, start_at = excluded.start_at, end_at = excluded.end_at,
                source_updated_at = excluded.source_updated_at, source_version = excluded.source_version,
                payload = excluded.payload, stored_at = now()
            where %s
            returning (xmax = 0)
            """.formatted(GuardedUpsert.guard("sprint"));

    private final JdbcClient jdbc;

    private static final String TEAM_STATE = "sprint.team-state";

    public SprintRepository(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    public UpsertOutcome upsert(Sprint sprint) {
        Map<Object, Object> known = StoreBatch.readAhead(TEAM_STATE);
        if (known != null) {
            known.clear();
        }
        String payload = JsonPayload.write(sprint);
        SourceRef source = sprint.source();
        Map<String, Object> params = new HashMap<>();
        params.put("id", sprint.id());
        params.put("sourceSystem", source == null ? null : source.system().name());
        params.put("nativeId", source == null ? null : source.nativeId());
        params.put("team", sprint.team());
        params.put("name", sprint.name());
        params.put("state", sprint.state().name());
        params.put("startAt", SqlTime.toSql(sprint.start()));
        params.put("endAt", SqlTime.toSql(sprint.end()));
        params.put("sourceUpdatedAt", source == null ? null : SqlTime.toSql(source.updatedAt()));
        params.put("sourceVersion", source == null ? null : source.version());
        params.put("payload", payload);
        return GuardedUpsert.run(jdbc, UPSERT, params, "sprint", sprint.id(), payload);
    }

    public Optional<Sprint> findById(String id) {
        return jdbc.sql("select payload from sprint where id = :id").param("id", id)
                .query(String.class).optional().map(SprintRepository::read);
    }

    public List<Sprint> findByTeam(String team) {
        return jdbc.sql("select payload from sprint where team = :team order by start_at nulls last, id")
                .param("team", team)
                .query(String.class).list().stream().map(SprintRepository::read).toList();
    }

    /**
     * During the consumer's store batch bound to this thread ({@link StoreBatch}) the answer is read once per team and
     * state and kept for the batch (every incident of a team paired in it asks for the team's active sprint).
     */
    @SuppressWarnings("unchecked")
    public List<Sprint> findByTeamAndState(String team, SprintState state) {
        Map<Object, Object> known = StoreBatch.readAhead(TEAM_STATE);
        if (known == null) {
            return readByTeamAndState(team, state);
        }
        return (List<Sprint>) known.computeIfAbsent(team + "\u0000" + state.name(),
                key -> List.copyOf(readByTeamAndState(team, state)));
    }

    private List<Sprint> readByTeamAndState(String team, SprintState state) {
        return jdbc.sql("""
                        select payload from sprint where team = :team and state = :state
                        order by start_at nulls last, id""")
                .param("team", team)
                .param("state", state.name())
                .query(String.class).list().stream().map(SprintRepository::read).toList();
    }

    private static Sprint read(String payload) {
        return JsonPayload.read(payload, Sprint.class);
    }
}
