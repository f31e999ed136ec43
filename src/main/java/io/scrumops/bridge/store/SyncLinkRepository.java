package io.scrumops.bridge.store;

import com.fasterxml.jackson.core.type.TypeReference;
import io.scrumops.bridge.model.SourceSystem;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
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
public class SyncLinkRepository {

    private static final TypeReference<Map<String, String>> FINGERPRINTS = new TypeReference<>() {
    };

    private static final String TABLE = "sync_link";
    private static final String UPSERT = """
            insert into sync_link (work_item_id, system, native_id, native_key, url, last_synced_version,
                                   last_synced_at, field_fingerprints)
            values (:workItemId, :system, :nativeId, :nativeKey, :url, :lastSyncedVersion, :lastSyncedAt,
                    cast(:fieldFingerprints as jsonb))
            on conflict (system, native_id) do update set
                work_item_id = excluded.work_item_id, native_key = excluded.native_key, url = excluded.url,
                last_synced_version = excluded.last_synced_version,
                last_synced_at = excluded.last_synced_at, field_fingerprints = excluded.field_fingerprints""";

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate named;

    public SyncLinkRepository(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
        this.named = new NamedParameterJdbcTemplate(dataSource);
    }

    /**
     * Reads the links of these records of one system ahead, for {@link #findByNative} during the store batch bound to
     * this thread (see {@link StoreBatch}); does nothing without one.
     */
    public void prefetch(SourceSystem system, Collection<String> nativeIds) {
        Map<Object, Object> known = StoreBatch.readAhead(TABLE);
        if (known == null || nativeIds.isEmpty()) {
            return;
        }
        StoreBatch.flush(TABLE);
        for (String nativeId : nativeIds) {
            known.put(system.name() + ":" + nativeId, Optional.empty());
        }
        jdbc.sql("select * from sync_link where system = :system and native_id = any(:ids)")
                .param("system", system.name())
                .param("ids", nativeIds.toArray(String[]::new))
                .query(SyncLinkRepository::map).list()
                .forEach(link -> known.put(system.name() + ":" + link.nativeId(), Optional.of(link)));
    }

    /**
     * Stores the link, or replaces the one for the same counterpart. A second counterpart for the same work item in
     * the same system is refused by the schema: that would be a duplicate ticket.
     */
    public void save(SyncLink link) {
        Map<Object, Object> known = StoreBatch.readAhead(TABLE);
        if (known != null) {
            known.remove(link.system().name() + ":" + link.nativeId());
        }
        StoreBatch.hold(TABLE, link, this::write);
    }

    private void write(List<SyncLink> links) {
        if (links.size() == 1) {
            jdbc.sql(UPSERT).params(params(links.get(0))).update();
            return;
        }
        // one row per link: a statement may not update a row twice, and the last save of a link is what it holds
        Map<String, SyncLink> last = new LinkedHashMap<>();
        for (SyncLink link : links) {
            String key = link.system().name() + ":" + link.nativeId();
            last.remove(key);
            last.put(key, link);
        }
        named.batchUpdate(UPSERT, last.values().stream().map(link -> new MapSqlParameterSource(params(link)))
                .toArray(MapSqlParameterSource[]::new));
    }

    private static Map<String, Object> params(SyncLink link) {
        Map<String, Object> params = new HashMap<>();
        params.put("workItemId", link.workItemId());
        params.put("system", link.system().name());
        params.put("nativeId", link.nativeId());
        params.put("nativeKey", link.nativeKey());
        params.put("url", link.url());
        params.put("lastSyncedVersion", link.lastSyncedVersion());
        params.put("lastSyncedAt", SqlTime.toSql(link.lastSyncedAt()));
        params.put("fieldFingerprints", JsonPayload.write(link.fieldFingerprints()));
        return params;
    }

    /** Notes a sync with the counterpart: its version now, and the fingerprints of the fields just written or read. */
    public boolean recordSync(SourceSystem system, String nativeId, Long version, Map<String, String> fingerprints,
                              Instant at) {
        StoreBatch.flush(TABLE);
        Map<Object, Object> known = StoreBatch.readAhead(TABLE);
        if (known != null) {
            known.remove(system.name() + ":" + nativeId);
        }
        return jdbc.sql("""
                        update sync_link set last_synced_version = :version, last_synced_at = :at,
                                             field_fingerprints = field_fingerprints || cast(:fingerprints as jsonb)
                        where system = :system and native_id = :nativeId""")
                .param("version", version)
                .param("at", SqlTime.toSql(at))
                .param("fingerprints", JsonPayload.write(fingerprints))
                .param("system", system.name())
                .param("nativeId", nativeId)
                .update() == 1;
    }

    @SuppressWarnings("unchecked")
    public Optional<SyncLink> findByNative(SourceSystem system, String nativeId) {
        Map<Object, Object> known = StoreBatch.readAhead(TABLE);
        Object answer = known == null ? null : known.get(system.name() + ":" + nativeId);
        if (answer != null) {
            return (Optional<SyncLink>) answer;
        }
        StoreBatch.flush(TABLE);
        return jdbc.sql("select * from sync_link where system = :system and native_id = :nativeId")
                .param("system", system.name())
                .param("nativeId", nativeId)
                .query(SyncLinkRepository::map).optional();
    }

    public Optional<SyncLink> findByWorkItem(String workItemId, SourceSystem system) {
        StoreBatch.flush(TABLE);
        return jdbc.sql("select * from sync_link where work_item_id = :workItemId and system = :system")
                .param("workItemId", workItemId)
                .param("system", system.name())
                .query(SyncLinkRepository::map).optional();
    }

    public List<SyncLink> findByWorkItem(String workItemId) {
        StoreBatch.flush(TABLE);
        return jdbc.sql("select * from sync_link where work_item_id = :workItemId order by system")
                .param("workItemId", workItemId)
                .query(SyncLinkRepository::map).list();
    }

    public Optional<SyncLink> findByNativeKey(SourceSystem system, String nativeKey) {
        StoreBatch.flush(TABLE);
        return jdbc.sql("select * from sync_link where system = :system and native_key = :nativeKey")
                .param("system", system.name())
                .param("nativeKey", nativeKey)
                .query(SyncLinkRepository::map).optional();
    }

    private static SyncLink map(ResultSet rs, int row) throws SQLException {
        Long version = rs.getObject("last_synced_version", Long.class);
        return new SyncLink(
                rs.getString("work_item_id"),
                SourceSystem.valueOf(rs.getString("system")),
                rs.getString("native_id"),
                rs.getString("native_key"),
                rs.getString("url"),
                version,
                SqlTime.instant(rs, "last_synced_at"),
                JsonPayload.read(rs.getString("field_fingerprints"), FINGERPRINTS));
    }
}
