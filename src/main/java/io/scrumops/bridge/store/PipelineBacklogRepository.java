package io.scrumops.bridge.store;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import javax.sql.DataSource;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the {@link PipelineBacklog}; every count is served by an index on the status column. */
@Repository
public class PipelineBacklogRepository {

    private final JdbcClient jdbc;

    public PipelineBacklogRepository(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    public PipelineBacklog read() {
        Map<String, Double> readAges = new LinkedHashMap<>();
        // the broker bookkeeping (kafka-log:, kafka-acked:) is no source read
        jdbc.sql("select name, extract(epoch from now() - updated_at) from watermark where name not like 'kafka-%'"
                        + " order by name")
                .query(rs -> {
                    readAges.put(rs.getString(1), rs.getDouble(2));
                });
        return jdbc.sql("""
                        select
                          (select count(*) from inbox where status = 'RECEIVED'),
                          (select count(*) from inbox where status = 'PUBLISHED'),
                          coalesce((select extract(epoch from now() - min(received_at)) from inbox
                                    where status in ('RECEIVED', 'PUBLISHED')), 0),
                          (select count(*) from outbox where status in ('PENDING', 'IN_FLIGHT', 'FAILED')),
                          coalesce((select extract(epoch from now() - min(created_at)) from outbox
                                    where status in ('PENDING', 'IN_FLIGHT', 'FAILED')), 0),
                          (select count(*) from outbox where status = 'DEAD'),
                          (select count(*) from quarantine where status = 'OPEN')""")
                .query((rs, row) -> new PipelineBacklog(rs.getLong(1), rs.getLong(2), rs.getDouble(3), rs.getLong(4),
                        rs.getDouble(5), rs.getLong(6), rs.getLong(7), readAges))
                .single();
    }
}
