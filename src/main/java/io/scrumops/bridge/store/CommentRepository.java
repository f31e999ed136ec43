package io.scrumops.bridge.store;

import io.scrumops.bridge.model.Comment;
import io.scrumops.bridge.model.SourceRef;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Comments and work notes; each one, by bridge id or by source comment id, is stored once and never rewritten. */
@Repository
public class CommentRepository {

    private final JdbcClient jdbc;

    public CommentRepository(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    /** Returns false when the comment (same id or same source comment) is already stored. */
    public boolean insertIfAbsent(Comment comment) {
        Map<String, Object> params = new HashMap<>();
        params.put("id", comment.id());
        params.put("workItemId", comment.workItemId());
        params.put("sourceGlobalId", comment.source() == null ? null : comment.source().globalId());
        params.put("author", comment.author());
        params.put("visibility", comment.visibility().name());
        params.put("createdAt", SqlTime.toSql(comment.createdAt()));
        params.put("payload", JsonPayload.write(comment));
        return jdbc.sql("""
                        insert into comment (id, work_item_id, source_global_id, author, visibility, created_at, payload)
                        values (:id, :workItemId, :sourceGlobalId, :author, :visibility, :createdAt,
                                cast(:payload as jsonb))
                        on conflict do nothing""")
                .params(params)
                .update() == 1;
    }

    public Optional<Comment> findById(String id) {
        return jdbc.sql("select payload from comment where id = :id").param("id", id)
                .query(String.class).optional().map(CommentRepository::read);
    }

    public Optional<Comment> findBySource(SourceRef source) {
        return jdbc.sql("select payload from comment where source_global_id = :sourceGlobalId")
                .param("sourceGlobalId", source.globalId())
                .query(String.class).optional().map(CommentRepository::read);
    }

    public List<Comment> findByWorkItem(String workItemId) {
        return jdbc.sql("select payload from comment where work_item_id = :workItemId order by created_at, id")
                .param("workItemId", workItemId)
                .query(String.class).list().stream().map(CommentRepository::read).toList();
    }

    private static Comment read(String payload) {
        return JsonPayload.read(payload, Comment.class);
    }
}
