package io.pharos.standalone.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.pharos.model.Topics;
import io.pharos.model.sample.SampleRecordCodec;
import io.pharos.model.sample.SeriesSamples;
import io.pharos.standalone.kafka.EmbeddedKafkaBroker;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Scrapes go on while Kafka is away: the collector keeps scraping into its bounded buffer while
 * the broker is stopped, and once the same broker is back every sample scraped meanwhile reaches
 * {@code pharos.samples}, in order, with none dropped.
 */
class ScrapeBufferBrokerOutageTest {
    @TempDir
    Path dir;

    @Test
    void samplesScrapedWhileTheBrokerIsDownArePublishedOnceItIsBack() throws Exception {
        AtomicInteger scrapes = new AtomicInteger();
        HttpServer target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        target.createContext("/metrics", exchange -> {
            byte[] body = ("outage_scrape_number " + scrapes.incrementAndGet() + "\n").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        target.start();
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                scrape_configs:
                  - job_name: outage
                    scrape_interval: 1s
                    static_configs: [{targets: ['127.0.0.1:%d']}]
                """.formatted(target.getAddress().getPort()));
        Path logDir = dir.resolve("kafka");
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(logDir, 0);
        String bootstrap = broker.bootstrapServers();
        int port = CollectorNodes.freePort();
        ConfigurableApplicationContext collector = null;
        try {
            broker.createTopics(EmbeddedKafkaBroker.pharosTopics(Topics.SAMPLES, 1, Topics.TARGETS));
            collector = CollectorNodes.collector(bootstrap, port, config, CollectorNodes.QUICK_PRODUCER_TIMEOUTS);
            await().atMost(Duration.ofSeconds(30)).until(() -> published(bootstrap).size() >= 2);

            broker.close();
            broker = null;
            int atOutage = scrapes.get();
            // Scrapes go on: the target keeps being asked while nothing can be published.
            await().atMost(Duration.ofSeconds(30)).until(() -> scrapes.get() >= atOutage + 8);
            int beforeRestart = scrapes.get();

            broker = CollectorNodes.restart(logDir, bootstrap);
            // Every scrape up to the restart is in the topic: nothing scraped during the outage was lost.
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> published(bootstrap).keySet().containsAll(range(1, beforeRestart)));
            Map<Double, Long> values = published(bootstrap);
            // In scrape order: the value (the scrape's number) grows with the timestamp.
            assertThat(List.copyOf(values.values())).isSorted();
            assertThat(CollectorNodes.get(port, "/metrics").body())
                    .containsPattern("pharos_collector_samples_dropped_total(\\{[^}]*\\})? 0\\.0");
        } finally {
            if (collector != null) {
                collector.close();
            }
            if (broker != null) {
                broker.close();
            }
            target.stop(0);
        }
    }

    private static List<Double> range(int from, int to) {
        return java.util.stream.IntStream.rangeClosed(from, to).mapToObj(i -> (double) i).toList();
    }

    /** The values of {@code outage_scrape_number} in the samples topic, each with its timestamp. */
    private static Map<Double, Long> published(String bootstrap) {
        Map<Double, Long> values = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            // Every partition: the collector's topic declaration may have added partitions.
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.SAMPLES, Duration.ofSeconds(5)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(5));
            while (partitions.stream().anyMatch(p -> consumer.position(p, Duration.ofSeconds(5)) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofSeconds(1))) {
                    for (SeriesSamples s : SampleRecordCodec.decode(r.value())) {
                        if (s.labels().metricName().equals("outage_scrape_number")) {
                            for (int i = 0; i < s.values().length; i++) {
                                values.put(s.values()[i], s.timestamps()[i]);
                            }
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            // the broker is not answering yet: nothing seen this time
        }
        return values;
    }
}
