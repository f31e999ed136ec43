package io.scrumops.bridge.store;

import io.scrumops.bridge.model.SourceSystem;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Which comment was carried to the other system, by its origin id, so that each is carried once; and the copy's own
 * id (or text fingerprint), so that the copy is not carried back when it shows up on the other side.
 */
@Repository
public class CommentCarryRepository {

    private final JdbcClient jdbc;

    public CommentCarryRepository(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    /** @return false when the comment was carried before */
    public boolean claim(String originId, String pairId, SourceSystem target, String textHash) {
        return jdbc.sql("""
                        insert into comment_carry (origin_id, pair_id, target_system, text_hash)
                        values (:originId, :pairId, :target, :textHash)
                        on conflict do nothing""")
                .param("originId", originId).param("pairId", pairId).param("target", target.name())
                .param("textHash", textHash)
                .update() == 1;
    }

    public void recordCopy(String originId, String targetId) {
        jdbc.sql("update comment_carry set target_id = :targetId where origin_id = :originId")
                .param("targetId", targetId).param("originId", originId).update();
    }

    /** True when this comment is a copy the bridge wrote: by its id, or by its text on that pair's target side. */
    public boolean isCopy(String commentGlobalId, String pairId, SourceSystem system, String textHash) {
        return jdbc.sql("""
                        select count(*) from comment_carry
                        where target_id = :id
                           or (pair_id = :pairId and target_system = :system and text_hash = :textHash)""")
                .param("id", commentGlobalId).param("pairId", pairId).param("system", system.name())
                .param("textHash", textHash)
                .query(Long.class).single() > 0;
    }

    public long countByPair(String pairId) {
        return jdbc.sql("select count(*) from comment_carry where pair_id = :pairId").param("pairId", pairId)
                .query(Long.class).single();
    }

    /** Where a comment was carried: its copy's id once the target answered with one, else the target system. */
    public Optional<String> carriedTo(String originId) {
        return jdbc.sql("select coalesce(target_id, target_system) from comment_carry where origin_id = :originId")
                .param("originId", originId).query(String.class).optional();
    }

    /** The comment a copy the bridge wrote carries, when {@code copyId} is such a copy. */
    public Optional<String> originOf(String copyId) {
        return jdbc.sql("select origin_id from comment_carry where target_id = :copyId")
                .param("copyId", copyId).query(String.class).optional();
    }
}
