package io.scrumops.bridge.store;

import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Named positions of polling and reconciliation jobs (e.g. the last ServiceNow sys_updated_on seen). */
@Repository
public class WatermarkRepository {

    private final JdbcClient jdbc;

    public WatermarkRepository(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    public Optional<String> get(String name) {
        return jdbc.sql("select value from watermark where name = :name").param("name", name)
                .query(String.class).optional();
    }

    public void set(String name, String value) {
        jdbc.sql("""
                        insert into watermark (name, value) values (:name, :value)
                        on conflict (name) do update set value = excluded.value, updated_at = now()""")
                .param("name", name)
                .param("value", value)
                .update();
    }
}
