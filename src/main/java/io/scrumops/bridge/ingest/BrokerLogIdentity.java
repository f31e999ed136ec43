package io.scrumops.bridge.ingest;

import io.scrumops.bridge.store.WatermarkRepository;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Tells whether the broker still holds the inbound topic the bridge published to before: a new broker (another
 * cluster id) or a topic deleted and created again (another topic id) cannot have the records marked PUBLISHED but
 * not processed, so those are published again at once instead of after {@code republish-after}. The identity last
 * seen is kept in the store so that the comparison spans restarts of the bridge.
 *
 * <p>A broker can also keep its identity and lose the tail of its log (a power loss before the log was flushed to
 * disk, a disk restored from a snapshot): its partitions end before records it acknowledged. So the highest offset
 * the broker acknowledged per partition of the inbound topic is kept too ({@code kafka-acked:<topic>:<partition>}),
 * and a partition whose log now ends at or before that offset has lost records: what is marked PUBLISHED goes again
 * at once as well.
 */
@Component("brokerLogIdentity")
public class BrokerLogIdentity implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(BrokerLogIdentity.class);
    private static final int TIMEOUT_MS = 3000;

    private final WatermarkRepository watermarks;
    private final String topic;
    private final String bootstrapServers;
    private Admin admin;
    /** Highest offset acknowledged per partition since the last {@link #keepAcknowledged()}. */
    private final Map<Integer, Long> acknowledged = new ConcurrentHashMap<>();

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

    private String tailKey(int partition) {
        return tailPrefix() + partition;
    }

    private String tailPrefix() {
        return "kafka-acked:" + topic + ":";
    }

    /** The broker acknowledged a record of the inbound topic at {@code offset} of {@code partition}. */
    public void acknowledged(int partition, long offset) {
        acknowledged.merge(partition, offset, Math::max);
    }

    /** Keeps the highest offsets acknowledged since the last call in the store (a store of several bridges). */
    public int keepAcknowledged() {
        int kept = 0;
        for (Integer partition : List.copyOf(acknowledged.keySet())) {
            Long offset = acknowledged.remove(partition);
            if (offset != null) {
                watermarks.raise(tailKey(partition), offset);
                kept++;
            }
        }
        return kept;
    }

    /**
     * @return the partitions whose log now ends at or before an offset the broker acknowledged (it lost their tail),
     * with their end offsets; empty when none did, or when the broker cannot be asked now
     */
    public Map<Integer, Long> lostTail() {
        Map<Integer, Long> kept = new HashMap<>();
        watermarks.startingWith(tailPrefix()).forEach((name, value) -> {
            try {
                kept.put(Integer.parseInt(name.substring(tailPrefix().length())), Long.parseLong(value));
            } catch (NumberFormatException notOurs) {
                // not a partition's offset
            }
        });
        if (kept.isEmpty()) {
            return Map.of();
        }
        Map<Integer, Long> lost = new HashMap<>();
        endOffsets(kept.keySet()).forEach((partition, end) -> {
            if (end <= kept.get(partition)) {
                lost.put(partition, end);
            }
        });
        return lost;
    }

    /** Once what the lost tail held is published again: the kept offsets of those partitions follow the new end. */
    public void settleTail(Collection<Integer> partitions) {
        endOffsets(partitions).forEach((partition, end) -> watermarks.lower(tailKey(partition), end - 1));
    }

    private synchronized Map<Integer, Long> endOffsets(Collection<Integer> partitions) {
        try {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(p -> latest.put(new TopicPartition(topic, p), OffsetSpec.latest()));
            Map<Integer, Long> ends = new HashMap<>();
            admin().listOffsets(latest, new ListOffsetsOptions().timeoutMs(TIMEOUT_MS)).all()
                    .get(TIMEOUT_MS, TimeUnit.MILLISECONDS)
                    .forEach((tp, info) -> ends.put(tp.partition(), info.offset()));
            return ends;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        } catch (Exception e) {
            log.debug("End offsets of {} not readable now: {}", topic, e.toString());
            return Map.of();
        }
    }

    private Admin admin() {
        if (admin == null) {
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MS));
        }
        return admin;
    }

    private synchronized Optional<String> current() {
        try {
            String cluster = admin().describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS)).clusterId()
                    .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            TopicDescription description = admin().describeTopics(List.of(topic),
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
