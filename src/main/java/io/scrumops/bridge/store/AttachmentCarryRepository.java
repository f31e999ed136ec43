package io.scrumops.bridge.store;

import io.scrumops.bridge.model.SourceSystem;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import javax.sql.DataSource;

/**
 * Which attachment was carried to the other side of a pair, by its origin id, so that each file is carried once; and
 * its copy's id, name and size, so that the copy is recognised and never carried back.
 */
@Repository
public class AttachmentCarryRepository {

    public static final String CARRYING = "CARRYING";
    public static final String CARRIED = "CARRIED";
    public static final String NOTICE = "NOTICE";

    private final JdbcClient jdbc;

    public AttachmentCarryRepository(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    /** @return false when this attachment was carried (or noticed) before */
    public boolean claim(String originId, String pairId, SourceSystem target, String fileName, Long size, String status) {
        return jdbc.sql("""
                        insert into attachment_carry (origin_id, pair_id, target_system, file_name, size_bytes, status)
                        values (:originId, :pairId, :target, :fileName, :size, :status)
                        on conflict do nothing""")
                .param("originId", originId).param("pairId", pairId).param("target", target.name())
                .param("fileName", fileName).param("size", size).param("status", status)
                .update() == 1;
    }

    public void recordCopy(String originId, String targetId, String checksum) {
        jdbc.sql("update attachment_carry set target_id = :targetId, checksum = :checksum, status = 'CARRIED'"
                        + " where origin_id = :originId")
                .param("targetId", targetId).param("checksum", checksum).param("originId", originId).update();
    }

    /**
     * True when the attachment {@code id} on {@code system} is a copy the bridge made: by its id, or, while the
     * copy's id is not known yet, by its name and size among the files carried to that side of the pair.
     */
    public boolean isCopy(String id, String pairId, SourceSystem system, String fileName, Long size) {
        return jdbc.sql("""
                        select count(*) from attachment_carry
                        where target_id = :id
                           or (pair_id = :pairId and target_system = :system and status <> 'NOTICE'
                               and file_name = :fileName and size_bytes is not distinct from :size
                               and (target_id is null or status = 'CARRYING'))""")
                .param("id", id).param("pairId", pairId).param("system", system.name())
                .param("fileName", fileName).param("size", size)
                .query(Long.class).single() > 0;
    }

    public boolean isKnown(String originId) {
        return jdbc.sql("select count(*) from attachment_carry where origin_id = :originId")
                .param("originId", originId).query(Long.class).single() > 0;
    }

    /** How many files were carried (or are on their way) to {@code target} for this pair. */
    public long countCarried(String pairId, SourceSystem target) {
        return jdbc.sql("select count(*) from attachment_carry where pair_id = :pairId and target_system = :target"
                        + " and status <> 'NOTICE'")
                .param("pairId", pairId).param("target", target.name()).query(Long.class).single();
    }
}
