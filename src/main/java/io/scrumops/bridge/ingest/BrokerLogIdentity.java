package io.scrumops.bridge.ingest;

import io.scrumops.bridge.store.WatermarkRepository;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Tells whether the broker still holds the inbound topic the bridge published to before: a new broker (another
 * cluster id) or a topic deleted and created again (another topic id) cannot have the records marked PUBLISHED but
 * not processed, so those are published again at once instead of after {@code republish-after}. The identity last
 * seen is kept in the store so that the comparison spans restarts of the bridge.
 */
@Component("brokerLogIdentity")
public class BrokerLogIdentity implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(BrokerLogIdentity.class);
    private static final int TIMEOUT_MS = 3000;

    private final WatermarkRepository watermarks;
    private final String topic;
    private final String bootstrapServers;
    private Admin admin;

    public BrokerLogIdentity(WatermarkRepository watermarks,
                             @Value("${scrumops.kafka.inbound-topic}") String topic,
                             @Value("${spring.kafka.bootstrap-servers}") String bootstrapServers) {
        this.watermarks = watermarks;
        this.topic = topic;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * @return the identity now seen when it differs from the one kept (the broker cannot have what was published
     * before), empty when it is the same or cannot be read now (the broker is away: nothing to conclude)
     */
    public Optional<String> changed() {
        Optional<String> now = current();
        if (now.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> kept = watermarks.get(key());
        return kept.isPresent() && kept.get().equals(now.get()) ? Optional.empty() : now;
    }

    /** Keeps the identity once what the earlier broker held has been published to this one. */
    public void settle(String identity) {
        watermarks.set(key(), identity);
    }

    private String key() {
        return "kafka-log:" + topic;
    }

    private synchronized Optional<String> current() {
        try {
            if (admin == null) {
                admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS,
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MS));
            }
            String cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS)).clusterId()
                    .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            TopicDescription description = admin.describeTopics(List.of(topic),
                            new DescribeTopicsOptions().timeoutMs(TIMEOUT_MS))
                    .allTopicNames().get(TIMEOUT_MS, TimeUnit.MILLISECONDS).get(topic);
            return Optional.of(cluster + "/" + description.topicId());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (Exception e) {
            log.debug("Broker identity not readable now: {}", e.toString());
            return Optional.empty();
        }
    }

    @Override
    public synchronized void destroy() {
        if (admin != null) {
            admin.close();
        }
    }
}
