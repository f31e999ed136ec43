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
                                 source_updated_at, source_version, payload, released, change_request_id)
            values (:id, :sourceSystem, :nativeId, :name, :product, :currentPhase, :releaseDate,
                    :sourceUpdatedAt, :sourceVersion, cast(:payload as jsonb), :released, :changeRequestId)
            on conflict (id) do update set
                source_system = excluded.source_system, native_id = excluded.native_id, name = excluded.name,
                product = excluded.product, current_phase = excluded.current_phase,
                release_date = excluded.release_date, source_updated_at = excluded.source_updated_at,
                source_version = excluded.source_version, payload = excluded.payload, stored_at = now(),
                released = excluded.released, change_request_id = excluded.change_request_id
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
        params.put("released", release.released() || release.archived());
        params.put("changeRequestId", release.changeRequestId());
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

    /** Releases still in flight (neither released nor archived): the ones whose gates are evaluated. */
    public List<Release> findOpen() {
        return jdbc.sql("select payload from release where not released order by release_date nulls last, id")
                .query(String.class).list().stream().map(ReleaseRepository::read).toList();
    }

    public List<Release> findOpenByProduct(String product) {
        return jdbc.sql("select payload from release where product = :product and not released order by id")
                .param("product", product)
                .query(String.class).list().stream().map(ReleaseRepository::read).toList();
    }

    public Optional<Release> findByProductAndName(String product, String name) {
        return jdbc.sql("select payload from release where product = :product and name = :name order by id limit 1")
                .param("product", product).param("name", name)
                .query(String.class).optional().map(ReleaseRepository::read);
    }

    public Optional<Release> findByChangeRequest(String changeRequestId) {
        return jdbc.sql("select payload from release where change_request_id = :id or id = :id order by id limit 1")
                .param("id", changeRequestId)
                .query(String.class).optional().map(ReleaseRepository::read);
    }

    private static Release read(String payload) {
        return JsonPayload.read(payload, Release.class);
    }
}
