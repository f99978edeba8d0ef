package io.pharos.model.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.pharos.model.labels.Labels;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** Routing only; delivery through a real broker is covered by the standalone end-to-end test. */
class KafkaSamplePublisherTest {
    @Test
    void sendsEachSeriesToItsHashPartitionAndCompletesAfterAcks() {
        Node node = new Node(0, "localhost", 9092);
        List<PartitionInfo> parts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            parts.add(new PartitionInfo("pharos.samples", i, node, new Node[] {node}, new Node[] {node}));
        }
        Cluster cluster = new Cluster("c", List.of(node), parts, java.util.Set.of(), java.util.Set.of());
        MockProducer<byte[], byte[]> producer =
                new MockProducer<>(cluster, false, null, new ByteArraySerializer(), new ByteArraySerializer());
        KafkaSamplePublisher publisher = new KafkaSamplePublisher(producer, "pharos.samples");
        List<SeriesSamples> series = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            series.add(SeriesSamples.single(Labels.of("__name__", "m", "i", Integer.toString(i)), 1000, i));
        }
        var ack = publisher.publish(series);
        assertThat(ack).isNotDone();
        while (producer.completeNext()) {
            // acknowledge every record
        }
        assertThat(ack).isCompleted();
        for (ProducerRecord<byte[], byte[]> r : producer.history()) {
            for (SeriesSamples s : SampleRecordCodec.decode(r.value())) {
                assertThat(SeriesPartitioner.partitionOf(s.labels(), 4)).isEqualTo(r.partition());
            }
        }
        assertThat(producer.history().stream().mapToInt(r -> SampleRecordCodec.decode(r.value()).size()).sum()).isEqualTo(50);
    }
}
