package io.scrumops.bridge.store;

import java.util.LinkedHashMap;
import java.util.Map;
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

    /** Every watermark whose name starts with {@code prefix}, by name. */
    public Map<String, String> startingWith(String prefix) {
        Map<String, String> found = new LinkedHashMap<>();
        jdbc.sql("select name, value from watermark where starts_with(name, :prefix) order by name")
                .param("prefix", prefix)
                .query(rs -> {
                    found.put(rs.getString("name"), rs.getString("value"));
                });
        return found;
    }

    /** Sets a numeric watermark to {@code value} unless it holds a higher number already (several writers). */
    public void raise(String name, long value) {
        jdbc.sql("""
                        insert into watermark (name, value) values (:name, :value)
                        on conflict (name) do update set value = excluded.value, updated_at = now()
                        where cast(watermark.value as bigint) < cast(excluded.value as bigint)""")
                .param("name", name)
                .param("value", Long.toString(value))
                .update();
    }

    /** Deletes every watermark whose name starts with {@code prefix}. */
    public int deleteStartingWith(String prefix) {
        return jdbc.sql("delete from watermark where starts_with(name, :prefix)").param("prefix", prefix).update();
    }
}
