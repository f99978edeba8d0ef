package io.pharos.storage.ingest;

import io.pharos.model.Topics;
import io.pharos.storage.shard.Shard;
import io.pharos.storage.shard.ShardSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code pharos.samples} into the shards. An assigned partition opens its shard and
 * seeks to just after the offset stored in it, so that nothing is applied twice or skipped;
 * Kafka's committed group offsets are not relied on. A revoked partition's shard is
 * checkpointed and closed. The time to catch up with the partition's end after an assignment
 * is recorded as the replay duration.
 */
@Component
public class SamplesListener implements ConsumerAwareRebalanceListener {
    private final ShardSet shards;
    /** Per partition being replayed: the end offset at assignment and when the replay began. */
    private final Map<Integer, long[]> replaying = new ConcurrentHashMap<>();

    public SamplesListener(ShardSet shards) {
        this.shards = shards;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        for (TopicPartition tp : partitions) {
            Shard shard = shards.open(tp.partition());
            long stored = shard.persistedOffset();
            if (stored < 0) {
                consumer.seekToBeginning(List.of(tp));
            } else {
                consumer.seek(tp, stored + 1);
            }
            long end = ends.getOrDefault(tp, 0L);
            if (end > stored + 1) {
                replaying.put(tp.partition(), new long[] {end, System.nanoTime()});
            } else {
                shard.metrics().replayMillis.set(0);
            }
        }
    }

    @Override
    public void onPartitionsRevokedBeforeCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(tp -> {
            replaying.remove(tp.partition());
            shards.close(tp.partition());
        });
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        onPartitionsRevokedBeforeCommit(consumer, partitions);
    }

    @KafkaListener(id = "pharos-storage-samples", groupId = "${pharos.storage.group-id}", topics = Topics.SAMPLES,
            batch = "true")
    public void onRecords(List<ConsumerRecord<byte[], byte[]>> records) {
        // Records arrive grouped by partition and in offset order within each partition.
        int i = 0;
        while (i < records.size()) {
            int partition = records.get(i).partition();
            List<byte[]> values = new ArrayList<>();
            long first = records.get(i).offset();
            long last = first;
            while (i < records.size() && records.get(i).partition() == partition) {
                ConsumerRecord<byte[], byte[]> r = records.get(i);
                if (r.offset() != last + (values.isEmpty() ? 0 : 1)) {
                    // Offsets may skip (transaction markers): apply each contiguous run on its own.
                    break;
                }
                values.add(r.value());
                last = r.offset();
                i++;
            }
            Shard shard = shards.get(partition);
            if (shard != null) {
                shard.append(values, first, last);
                long[] replay = replaying.get(partition);
                if (replay != null && last + 1 >= replay[0]) {
                    shard.metrics().replayMillis.set((System.nanoTime() - replay[1]) / 1_000_000);
                    replaying.remove(partition);
                }
            }
        }
    }
}
