package io.scrumops.bridge.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;

/** One real PostgreSQL for the test run, migrated with the production scripts; tests empty the tables they use. */
public final class TestDatabase {

    private static DataSource dataSource;

    private TestDatabase() {
    }

    public static synchronized DataSource dataSource() {
        if (dataSource == null) {
            EmbeddedPostgres postgres = start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> close(postgres)));
            // as the application's: its connections announce their statements to a store batch
            dataSource = new StoreBatchDataSource(postgres.getPostgresDatabase());
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        }
        return dataSource;
    }

    public static void truncate(String... tables) {
        JdbcClient.create(dataSource())
                .sql("truncate table " + String.join(", ", tables) + " restart identity cascade")
                .update();
    }

    private static EmbeddedPostgres start() {
        try {
            return EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void close(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException ignored) {
            // the server goes down with the JVM's temp directory cleanup anyway
        }
    }
}
