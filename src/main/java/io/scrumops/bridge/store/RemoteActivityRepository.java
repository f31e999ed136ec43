package io.scrumops.bridge.store;

import io.scrumops.bridge.model.SourceSystem;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/** When the bridge last wrote to a remote system successfully (the latest applied write command). */
@Repository
public class RemoteActivityRepository {

    private final JdbcClient jdbc;

    public RemoteActivityRepository(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    public Optional<Instant> lastSuccessfulWrite(SourceSystem system) {
        return jdbc.sql("select max(done_at) from outbox where status = 'DONE' and target_system = :system")
                .param("system", system.name())
                .query((rs, row) -> Optional.ofNullable(rs.getTimestamp(1)).map(Timestamp::toInstant))
                .single();
    }
}
