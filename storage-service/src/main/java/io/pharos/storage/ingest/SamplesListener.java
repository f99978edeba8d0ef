package io.pharos.storage.ingest;

import io.pharos.model.Topics;
import io.pharos.storage.shard.Shard;
import io.pharos.storage.shard.ShardSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code pharos.samples} into the shards. Each assigned partition opens its shard and
 * seeks to just after the offset stored in it, so that nothing is applied twice or skipped;
 * Kafka's committed group offsets are not relied on. A revoked partition's shard is closed.
 */
@Component
public class SamplesListener implements ConsumerSeekAware {
    private final ShardSet shards;

    public SamplesListener(ShardSet shards) {
        this.shards = shards;
    }

    @Override
    public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        for (TopicPartition tp : assignments.keySet()) {
            Shard shard = shards.open(tp.partition());
            long stored = shard.consumedOffset();
            if (stored < 0) {
                callback.seekToBeginning(List.of(tp));
            } else {
                callback.seek(tp.topic(), tp.partition(), stored + 1);
            }
        }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        partitions.forEach(tp -> shards.close(tp.partition()));
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
                    // Offsets may skip (compaction markers, transactions): flush the contiguous run.
                    break;
                }
                values.add(r.value());
                last = r.offset();
                i++;
            }
            Shard shard = shards.get(partition);
            if (shard != null) {
                shard.append(values, first, last);
            }
        }
    }
}
