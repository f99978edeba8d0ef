package io.pharos.standalone.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pharos.model.Topics;
import io.pharos.model.labels.Labels;
import io.pharos.model.sample.KafkaSamplePublisher;
import io.pharos.model.sample.SeriesSamples;
import io.pharos.standalone.kafka.EmbeddedKafkaBroker;
import io.pharos.standalone.kafka.TestKafka;
import io.pharos.storage.StorageApplication;
import java.io.File;
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

/**
 * A storage process is killed with SIGKILL while samples stream in through a real broker; after
 * a restart on the same disk, every acknowledged sample is present exactly once.
 */
class StorageCrashTest {
    private static final int SERIES = 200;
    private static final int STEPS = 300;

    @TempDir
    Path dir;

    @Test
    void everySampleIsPresentExactlyOnceAfterSigkill() throws Exception {
        try (TestKafka broker = TestKafka.start(dir.resolve("kafka"));
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                        ProducerConfig.ACKS_CONFIG, "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                        new ByteArraySerializer(), new ByteArraySerializer())) {
            broker.createTopics(EmbeddedKafkaBroker.pharosTopics(Topics.SAMPLES, 4, Topics.TARGETS));
            KafkaSamplePublisher publisher = new KafkaSamplePublisher(producer, Topics.SAMPLES);
            int port = StorageProbe.freePort();
            Process storage = startStorage(broker, port);
            try {
                awaitReady(port);
                for (int step = 0; step < STEPS; step++) {
                    publisher.publish(batch(step)).get(30, TimeUnit.SECONDS);
                    if (step == STEPS / 3) {
                        // Let some checkpoints happen so the kill lands between two of them.
                        Thread.sleep(2500);
                    }
                    if (step == STEPS / 2) {
                        storage.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no final checkpoint
                        assertThat(storage.waitFor(30, TimeUnit.SECONDS)).isTrue();
                    }
                }
                storage = startStorage(broker, port);
                awaitReady(port);
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    Map<Labels, List<Long>> stored = StorageProbe.timestamps(port, "crash_test");
                    assertThat(stored).hasSize(SERIES);
                    for (List<Long> ts : stored.values()) {
                        assertThat(ts).hasSize(STEPS).doesNotHaveDuplicates().isSorted();
                    }
                });
            } finally {
                storage.destroyForcibly();
                storage.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private static List<SeriesSamples> batch(int step) {
        List<SeriesSamples> out = new ArrayList<>(SERIES);
        for (int s = 0; s < SERIES; s++) {
            out.add(SeriesSamples.single(Labels.of("__name__", "crash_test", "series", Integer.toString(s)),
                    1_700_000_000_000L + step * 15_000L + s, step));
        }
        return out;
    }

    private Process startStorage(TestKafka broker, int port) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                StorageApplication.class.getName(),
                "--spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
                "--storage.path=" + dir.resolve("storage"),
                "--server.port=" + port,
                "--pharos.storage.checkpoint-interval=1s",
                "--spring.main.banner-mode=off")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new File(dir.toFile(), "storage.log")))
                .start();
    }

    private static void awaitReady(int port) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> StorageProbe.timestamps(port, "none") != null);
    }
}
