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
                source_version = excluded.source_version, stored_at = now(), released = excluded.released,
                -- a release written without its change request (read before the link was committed) keeps the link
                payload = case when excluded.change_request_id is null and release.change_request_id is not null
                               then jsonb_set(excluded.payload, '{changeRequestId}', to_jsonb(release.change_request_id))
                               else excluded.payload end,
                change_request_id = coalesce(excluded.change_request_id, release.change_request_id)
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

    /**
     * Serialises, until the transaction ends, everything that creates the release of this product and name or links a
     * change request to it: without it, a change request stored while another transaction creates the release finds
     * no release, and the release's creator finds no change request.
     */
    public void lockName(String product, String name) {
        jdbc.sql("select 1 from (select pg_advisory_xact_lock(hashtext('release:' || :product), hashtext(:name))) l")
                .param("product", product).param("name", name).query(Integer.class).single();
    }

    /** A change request that names a release (by product and name) not known yet. */
    public record Claim(String changeRequestId, String product, String releaseName, Map<String, String> fields) {
    }

    public void claim(Claim claim) {
        jdbc.sql("""
                        insert into release_change_request_claim (change_request_id, product, release_name, fields)
                        values (:id, :product, :name, cast(:fields as jsonb))
                        on conflict (change_request_id) do update set product = excluded.product,
                            release_name = excluded.release_name, fields = excluded.fields
                        """)
                .param("id", claim.changeRequestId()).param("product", claim.product())
                .param("name", claim.releaseName()).param("fields", JsonPayload.write(claim.fields())).update();
    }

    /** The first change request that named the release before it was known. */
    public Optional<Claim> claimOf(String product, String name) {
        return jdbc.sql("""
                        select change_request_id, fields::text from release_change_request_claim
                        where product = :product and release_name = :name order by claimed_at, change_request_id limit 1
                        """)
                .param("product", product).param("name", name)
                .query((rs, n) -> new Claim(rs.getString(1), product, name, readFields(rs.getString(2))))
                .optional();
    }

    public void dropClaim(String changeRequestId) {
        jdbc.sql("delete from release_change_request_claim where change_request_id = :id")
                .param("id", changeRequestId).update();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> readFields(String json) {
        return JsonPayload.read(json, Map.class);
    }

    private static Release read(String payload) {
        return JsonPayload.read(payload, Release.class);
    }
}
