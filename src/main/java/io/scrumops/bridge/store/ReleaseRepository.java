package io.scrumops.bridge.store;

import io.scrumops.bridge.model.Release;
import io.scrumops.bridge.model.SourceRef;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class ReleaseRepository {

    private static final String UPSERT = """
            insert into release (id, source_system, native_id, name, product, current_phase, release_date,
                                 source_updated_at, source_version, payload)
            values (:id, :sourceSystem, :nativeId, :name, :product, :currentPhase, :releaseDate,
                    :sourceUpdatedAt, :sourceVersion, cast(:payload as jsonb))
            on conflict (id) do update set
                source_system = excluded.source_system, native_id = excluded.native_id, name = excluded.name,
                product = excluded.product, current_phase = excluded.current_phase,
                release_date = excluded.release_date, source_updated_at = excluded.source_updated_at,
                source_version = excluded.source_version, payload = excluded.payload, stored_at = now()
            where %s
            returning (xmax = 0)
            """.formatted(GuardedUpsert.guard("release"));

    private final JdbcClient jdbc;

    public ReleaseRepository(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    public UpsertOutcome upsert(Release release) {
        String payload = JsonPayload.write(release);
        SourceRef source = release.source();
        Map<String, Object> params = new HashMap<>();
        params.put("id", release.id());
        params.put("sourceSystem", source == null ? null : source.system().name());
        params.put("nativeId", source == null ? null : source.nativeId());
        params.put("name", release.name());
        params.put("product", release.product());
        params.put("currentPhase", release.currentPhase());
        params.put("releaseDate", SqlTime.toSql(release.releaseDate()));
        params.put("sourceUpdatedAt", source == null ? null : SqlTime.toSql(source.updatedAt()));
        params.put("sourceVersion", source == null ? null : source.version());
        params.put("payload", payload);
        return GuardedUpsert.run(jdbc, UPSERT, params, "release", release.id(), payload);
    }

    public Optional<Release> findById(String id) {
        return jdbc.sql("select payload from release where id = :id").param("id", id)
                .query(String.class).optional().map(ReleaseRepository::read);
    }

    public List<Release> findByProduct(String product) {
        return jdbc.sql("select payload from release where product = :product order by release_date nulls last, id")
                .param("product", product)
                .query(String.class).list().stream().map(ReleaseRepository::read).toList();
    }

    public List<Release> findAll() {
        return jdbc.sql("select payload from release order by release_date nulls last, id")
                .query(String.class).list().stream().map(ReleaseRepository::read).toList();
    }

    private static Release read(String payload) {
        return JsonPayload.read(payload, Release.class);
    }
}
