package io.scrumops.bridge.store;

import com.fasterxml.jackson.core.type.TypeReference;
import io.scrumops.bridge.model.SourceSystem;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class SyncLinkRepository {

    private static final TypeReference<Map<String, String>> FINGERPRINTS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;

    public SyncLinkRepository(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    /**
     * Stores the link, or replaces the one for the same counterpart. A second counterpart for the same work item in
     * the same system is refused by the schema: that would be a duplicate ticket.
     */
    public void save(SyncLink link) {
        Map<String, Object> params = new HashMap<>();
        params.put("workItemId", link.workItemId());
        params.put("system", link.system().name());
        params.put("nativeId", link.nativeId());
        params.put("nativeKey", link.nativeKey());
        params.put("url", link.url());
        params.put("lastSyncedVersion", link.lastSyncedVersion());
        params.put("lastSyncedAt", SqlTime.toSql(link.lastSyncedAt()));
        params.put("fieldFingerprints", JsonPayload.write(link.fieldFingerprints()));
        jdbc.sql("""
                        insert into sync_link (work_item_id, system, native_id, native_key, url, last_synced_version,
                                               last_synced_at, field_fingerprints)
                        values (:workItemId, :system, :nativeId, :nativeKey, :url, :lastSyncedVersion, :lastSyncedAt,
                                cast(:fieldFingerprints as jsonb))
                        on conflict (system, native_id) do update set
                            work_item_id = excluded.work_item_id, native_key = excluded.native_key, url = excluded.url,
                            last_synced_version = excluded.last_synced_version,
                            last_synced_at = excluded.last_synced_at, field_fingerprints = excluded.field_fingerprints""")
                .params(params)
                .update();
    }

    /** Notes a sync with the counterpart: its version now, and the fingerprints of the fields just written or read. */
    public boolean recordSync(SourceSystem system, String nativeId, Long version, Map<String, String> fingerprints,
                              Instant at) {
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

    public Optional<SyncLink> findByNative(SourceSystem system, String nativeId) {
        return jdbc.sql("select * from sync_link where system = :system and native_id = :nativeId")
                .param("system", system.name())
                .param("nativeId", nativeId)
                .query(SyncLinkRepository::map).optional();
    }

    public Optional<SyncLink> findByWorkItem(String workItemId, SourceSystem system) {
        return jdbc.sql("select * from sync_link where work_item_id = :workItemId and system = :system")
                .param("workItemId", workItemId)
                .param("system", system.name())
                .query(SyncLinkRepository::map).optional();
    }

    public List<SyncLink> findByWorkItem(String workItemId) {
        return jdbc.sql("select * from sync_link where work_item_id = :workItemId order by system")
                .param("workItemId", workItemId)
                .query(SyncLinkRepository::map).list();
    }

    public Optional<SyncLink> findByNativeKey(SourceSystem system, String nativeKey) {
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
