package io.pharos.query.storage;

import io.pharos.model.Topics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * The current log end offset of every {@code pharos.samples} partition: what a rule evaluation
 * asks the shards to have applied before they answer it.
 */
public final class PartitionOffsets implements AutoCloseable {
    /** Partitions are added rarely: the topic is described again after this long, not per rule. */
    private static final long DESCRIBE_EVERY_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final Admin admin;
    private volatile List<TopicPartition> partitions = List.of();
    private volatile long describedAt;

    public PartitionOffsets(Admin admin) {
        this.admin = admin;
    }

    public Map<Integer, Long> latest() {
        try {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (TopicPartition tp : partitions()) {
                request.put(tp, OffsetSpec.latest());
            }
            Map<Integer, Long> out = new HashMap<>();
            admin.listOffsets(request).all().get(10, TimeUnit.SECONDS)
                    .forEach((tp, info) -> out.put(tp.partition(), info.offset()));
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading partition offsets", e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the offsets of " + Topics.SAMPLES + ": " + e.getMessage(), e);
        }
    }

    private List<TopicPartition> partitions() throws Exception {
        if (partitions.isEmpty() || System.nanoTime() - describedAt > DESCRIBE_EVERY_NANOS) {
            TopicDescription topic = admin.describeTopics(List.of(Topics.SAMPLES)).allTopicNames().get(10, TimeUnit.SECONDS)
                    .get(Topics.SAMPLES);
            List<TopicPartition> described = new java.util.ArrayList<>();
            for (TopicPartitionInfo p : topic.partitions()) {
                described.add(new TopicPartition(Topics.SAMPLES, p.partition()));
            }
            partitions = List.copyOf(described);
            describedAt = System.nanoTime();
        }
        return partitions;
    }

    @Override
    public void close() {
        admin.close();
    }
}
