package io.scrumops.bridge.config;

import org.apache.commons.logging.Log;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.Map;

/**
 * Fills in what a newcomer has not configured: with no database URL it starts embedded PostgreSQL, with no
 * Kafka bootstrap servers an in-process KRaft broker, and with no admin credentials (embedded default only)
 * a generated admin password. Configured values always win; the rest of the application sees one set of
 * properties either way. With throw-away data (tests, benchmarks) each application context in the JVM gets its own
 * database and its own topic and consumer group names on the shared server and broker.
 */
public class EmbeddedDefaultsPostProcessor implements EnvironmentPostProcessor, Ordered {

    static final String PROPERTY_SOURCE = "scrumopsEmbeddedDefaults";

    /** Topic and group names that a throw-away (ephemeral) context gets for itself. */
    private static final List<String> ISOLATED_KAFKA_NAMES = List.of("scrumops.kafka.inbound-topic",
            "scrumops.kafka.deployments-topic", "scrumops.kafka.group-id", "scrumops.rules.sla-sweep.topic",
            "scrumops.gates.topic");

    /** Created up front on the in-process broker, so that consumers do not start on topics that are not there yet. */
    private static final List<String> TOPIC_NAMES = List.of("scrumops.kafka.inbound-topic",
            "scrumops.kafka.deployments-topic", "scrumops.rules.sla-sweep.topic", "scrumops.gates.topic");

    private static final AtomicInteger CONTEXTS = new AtomicInteger();
    private static final AtomicBoolean STOP_REGISTERED = new AtomicBoolean();

    private final Log log;

    public EmbeddedDefaultsPostProcessor(DeferredLogFactory logFactory) {
        this.log = logFactory.getLog(EmbeddedDefaultsPostProcessor.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getProperty("scrumops.embedded.enabled", Boolean.class, true)) {
            return;
        }
        Path dataDir = Path.of(environment.getProperty("scrumops.data-dir", "./data")).toAbsolutePath().normalize();
        boolean ephemeral = environment.getProperty("scrumops.embedded.ephemeral", Boolean.class, false);
        Map<String, Object> defaults = new HashMap<>();
        boolean embedded = false;

        Map<String, Object> isolation = new HashMap<>();
        String context = ephemeral ? "ctx" + CONTEXTS.incrementAndGet() : null;
        if (isBlank(environment.getProperty("spring.datasource.url"))) {
            var pg = EmbeddedInfrastructure.postgres(dataDir.resolve("postgres"), ephemeral);
            String database = context == null ? "postgres" : EmbeddedInfrastructure.createDatabase(pg, context);
            defaults.put("spring.datasource.url", pg.getJdbcUrl("postgres", database));
            defaults.put("spring.datasource.username", "postgres");
            defaults.put("spring.datasource.password", "");
            embedded = true;
            log.info("No spring.datasource.url configured: started embedded PostgreSQL on port " + pg.getPort()
                    + (ephemeral ? " (throw-away data)" : " with data in " + dataDir.resolve("postgres")));
        }
        int partitions = environment.getProperty("scrumops.kafka.partitions", Integer.class, 3);
        if (isBlank(environment.getProperty("spring.kafka.bootstrap-servers"))) {
            String brokers = EmbeddedInfrastructure.kafka(dataDir.resolve("kafka"), ephemeral, partitions);
            defaults.put("spring.kafka.bootstrap-servers", brokers);
            embedded = true;
            log.info("No spring.kafka.bootstrap-servers configured: started an in-process single-node KRaft broker at "
                    + brokers + (ephemeral ? " (throw-away log)" : " with its log in " + dataDir.resolve("kafka")));
        }
        if (context != null) {
            // Application contexts sharing one broker (a test run; the broker also publishes its address as a
            // system property, so later contexts see Kafka as configured) must not consume each other's records.
            for (String key : ISOLATED_KAFKA_NAMES) {
                String name = environment.getProperty(key);
                if (name != null) {
                    isolation.put(key, name + "." + context);
                }
            }
        }
        List<String> topics = TOPIC_NAMES.stream()
                .map(key -> (String) isolation.getOrDefault(key, environment.getProperty(key)))
                .filter(name -> !isBlank(name))
                .toList();
        EmbeddedInfrastructure.createTopics(topics, partitions);
        if (embedded && isBlank(environment.getProperty("scrumops.admin.password"))) {
            AdminPasswordFile file = new AdminPasswordFile(dataDir.resolve("admin-password"));
            defaults.put("scrumops.admin.password", file.readOrCreate());
            log.info("No SCRUMOPS_ADMIN_PASSWORD set: the admin password (user 'admin') is in " + file.path());
        }
        if (embedded && STOP_REGISTERED.compareAndSet(false, true)) {
            // Runs after every application context has closed: Camel's consumers and the pools go first.
            SpringApplication.getShutdownHandlers().add(EmbeddedInfrastructure::stopAll);
        }
        if (!defaults.isEmpty()) {
            environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE, defaults));
        }
        if (!isolation.isEmpty()) {
            environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE + "Isolation", isolation));
        }
    }

    /**
     * Stops the embedded PostgreSQL and broker this JVM started, if any. For a start-up that failed: no application
     * context is left to close, and the broker's threads would otherwise keep the JVM alive.
     */
    public static void stopEmbeddedInfrastructure() {
        EmbeddedInfrastructure.stopAll();
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
