package io.pharos.model.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Publishes samples to {@code pharos.samples}: each series goes to the partition the
 * {@link SeriesPartitioner} gives it, many series per record. The returned future completes
 * only when Kafka has acknowledged every record, which is what remote write and the
 * collector's accounting rely on.
 */
public final class KafkaSamplePublisher implements SamplePublisher {
    /** Keeps a record well under Kafka's default 1 MiB request size for typical label sets. */
    static final int MAX_SERIES_PER_RECORD = 2000;

    private final Producer<byte[], byte[]> producer;
    private final String topic;

    public KafkaSamplePublisher(Producer<byte[], byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    @Override
    public CompletableFuture<Void> publish(List<SeriesSamples> series) {
        if (series.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        int partitions = producer.partitionsFor(topic).size();
        List<List<SeriesSamples>> byPartition = new ArrayList<>(partitions);
        for (int i = 0; i < partitions; i++) {
            byPartition.add(new ArrayList<>());
        }
        for (SeriesSamples s : series) {
            byPartition.get(SeriesPartitioner.partitionOf(s.labels(), partitions)).add(s);
        }
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            List<SeriesSamples> group = byPartition.get(p);
            for (int from = 0; from < group.size(); from += MAX_SERIES_PER_RECORD) {
                List<SeriesSamples> slice = group.subList(from, Math.min(group.size(), from + MAX_SERIES_PER_RECORD));
                acks.add(send(p, SampleRecordCodec.encode(slice)));
            }
        }
        return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Void> send(int partition, byte[] value) {
        CompletableFuture<Void> ack = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(topic, partition, null, value), (metadata, error) -> {
            if (error != null) {
                ack.completeExceptionally(error);
            } else {
                ack.complete(null);
            }
        });
        return ack;
    }
}
