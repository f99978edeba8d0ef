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
    private final Admin admin;

    public PartitionOffsets(Admin admin) {
        this.admin = admin;
    }

    public Map<Integer, Long> latest() {
        try {
            TopicDescription topic = admin.describeTopics(List.of(Topics.SAMPLES)).allTopicNames().get(10, TimeUnit.SECONDS)
                    .get(Topics.SAMPLES);
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (TopicPartitionInfo p : topic.partitions()) {
                request.put(new TopicPartition(Topics.SAMPLES, p.partition()), OffsetSpec.latest());
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

    @Override
    public void close() {
        admin.close();
    }
}
