package io.scrumops.bridge.ingest;

import io.scrumops.bridge.store.WatermarkRepository;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
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
 * and a partition whose log now ends at or before that offset has lost records: its gap is filled (see
 * {@link #fillGaps}) and what is marked PUBLISHED goes again at once as well.
 */
@Component("brokerLogIdentity")
public class BrokerLogIdentity implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(BrokerLogIdentity.class);
    private static final int TIMEOUT_MS = 3000;

    private final WatermarkRepository watermarks;
    private final String topic;
    private final String bootstrapServers;
    private Admin admin;
    /** What fills a lost tail; the inbound consumer skips it. */
    public static final String GAP_FILLER = "{\"scrumopsGapFiller\": true}";
    private static final long MAX_GAP_FILLERS = 1_000_000;
    private KafkaProducer<String, String> producer;
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

    /** A partition whose log now ends at or before an offset the broker acknowledged: it lost its tail. */
    public record LostTail(int partition, long end, long acknowledged) {
    }

    /** @return the partitions that lost their tail; empty when none did, or when the broker cannot be asked now */
    public List<LostTail> lostTail() {
        Map<Integer, Long> kept = new HashMap<>();
        watermarks.startingWith(tailPrefix()).forEach((name, value) -> {
            try {
                kept.put(Integer.parseInt(name.substring(tailPrefix().length())), Long.parseLong(value));
            } catch (NumberFormatException notOurs) {
                // not a partition's offset
            }
        });
        if (kept.isEmpty()) {
            return List.of();
        }
        List<LostTail> lost = new ArrayList<>();
        endOffsets(kept.keySet()).forEach((partition, end) -> {
            if (end <= kept.get(partition)) {
                lost.add(new LostTail(partition, end, kept.get(partition)));
            }
        });
        return lost;
    }

    /**
     * Fills each lost tail up to the offset after the last acknowledged one with records the consumers skip
     * ({@link #GAP_FILLER}). The consumer group may have committed offsets inside the lost tail; a record published
     * into that gap would sit below the group's position and never be read, so records published again must land
     * behind it.
     */
    public synchronized void fillGaps(List<LostTail> lost) throws Exception {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, TIMEOUT_MS,
                    ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS,
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 3 * TIMEOUT_MS),
                    new StringSerializer(), new StringSerializer());
        }
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (LostTail tail : lost) {
            long gap = Math.min(tail.acknowledged() + 1 - tail.end(), MAX_GAP_FILLERS);
            for (long i = 0; i < gap; i++) {
                sent.add(producer.send(new ProducerRecord<>(topic, tail.partition(), null, GAP_FILLER)));
            }
        }
        producer.flush();
        for (Future<RecordMetadata> f : sent) {
            f.get(3L * TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * The kept offsets belong to a broker that is gone (another cluster or topic): they say nothing of this one. Called
     * when {@link #changed()} is present.
     */
    public void forgetTail() {
        // Before any identity is kept (the first run on this store) the offsets kept are this broker's own.
        if (watermarks.get(key()).isPresent()) {
            watermarks.deleteStartingWith(tailPrefix());
        }
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
        if (producer != null) {
            producer.close();
        }
    }
}
