package io.pharos.standalone.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pharos.model.Topics;
import io.pharos.model.labels.Labels;
import io.pharos.model.sample.KafkaSamplePublisher;
import io.pharos.model.sample.SeriesSamples;
import io.pharos.standalone.IsolatedReactorResources;
import io.pharos.standalone.kafka.EmbeddedKafkaBroker;
import io.pharos.standalone.kafka.TestKafka;
import io.pharos.storage.StorageApplication;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two storage instances share the partitions; when one stops, the other takes its partitions,
 * rebuilds their shards from Kafka (its own disk never held them) and serves every series.
 */
class StorageRebalanceTest {
    private static final int SERIES = 64;

    @TempDir
    Path dir;

    @Test
    void survivorTakesOverThePartitionsAndServesAllSeries() throws Exception {
        try (TestKafka broker = TestKafka.start(dir.resolve("kafka"));
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                        ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer())) {
            broker.createTopics(EmbeddedKafkaBroker.pharosTopics(Topics.SAMPLES, 4, Topics.TARGETS));
            int portA = StorageProbe.freePort();
            int portB = StorageProbe.freePort();
            ConfigurableApplicationContext a = storage(broker, portA, "a");
            ConfigurableApplicationContext b = storage(broker, portB, "b");
            try {
                KafkaSamplePublisher publisher = new KafkaSamplePublisher(producer, Topics.SAMPLES);
                for (int step = 0; step < 10; step++) {
                    List<SeriesSamples> batch = new ArrayList<>();
                    for (int s = 0; s < SERIES; s++) {
                        batch.add(SeriesSamples.single(Labels.of("__name__", "rebalance_test", "series", "s" + s),
                                1_700_000_000_000L + step * 15_000L, s));
                    }
                    publisher.publish(batch).get(30, TimeUnit.SECONDS);
                }
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
                    int onA = StorageProbe.timestamps(portA, "rebalance_test").size();
                    int onB = StorageProbe.timestamps(portB, "rebalance_test").size();
                    assertThat(onA).isPositive();
                    assertThat(onB).isPositive();
                    assertThat(onA + onB).isEqualTo(SERIES);
                });
                a.close();
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    Map<Labels, List<Long>> all = StorageProbe.timestamps(portB, "rebalance_test");
                    assertThat(all).hasSize(SERIES);
                    assertThat(all.values()).allSatisfy(ts -> assertThat(ts).hasSize(10));
                });
            } finally {
                a.close();
                b.close();
            }
        }
    }

    private ConfigurableApplicationContext storage(TestKafka broker, int port, String name) {
        return new SpringApplicationBuilder(StorageApplication.class)
                .initializers(new IsolatedReactorResources())
                .properties("spring.config.name=" + StorageApplication.CONFIG_NAME)
                .run("--spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
                        "--storage.path=" + dir.resolve(name),
                        "--server.port=" + port,
                        "--spring.main.banner-mode=off",
                        // Leave the group at once on close, so the survivor is not kept waiting.
                        "--spring.kafka.consumer.properties.session.timeout.ms=6000",
                        "--spring.kafka.consumer.properties.heartbeat.interval.ms=500");
    }
}
