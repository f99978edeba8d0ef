package io.pharos.standalone.collector;

import static io.pharos.standalone.collector.CollectorNodes.at;
import static io.pharos.standalone.collector.CollectorNodes.get;
import static io.pharos.standalone.collector.CollectorNodes.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.pharos.model.Topics;
import io.pharos.standalone.kafka.EmbeddedKafkaBroker;
import io.pharos.standalone.kafka.TestKafka;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A scrape job PUT on one collector replica is seen and scraped by another replica reading the
 * same compacted {@code pharos.targets} topic, survives a restart of both, and a DELETE removes it
 * everywhere. Real broker, real HTTP target on loopback.
 */
class ScrapeJobReplicationTest {
    @TempDir
    Path dir;

    @Test
    void jobPutOnOneReplicaIsScrapedByTheOtherSurvivesRestartAndIsDeleted() throws Exception {
        AtomicLong scrapes = new AtomicLong();
        HttpServer target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        target.createContext("/metrics", ex -> {
            scrapes.incrementAndGet();
            byte[] b = "# TYPE replicated_value gauge\nreplicated_value 1\n".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        target.start();
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                scrape_configs: []
                """);
        String targetAddress = "127.0.0.1:" + target.getAddress().getPort();
        String job = "{\"job_name\":\"replicated\",\"scrape_interval\":\"1s\",\"scrape_timeout\":\"1s\","
                + "\"static_configs\":[{\"targets\":[\"" + targetAddress + "\"]}]}";
        try (TestKafka broker = TestKafka.start(dir.resolve("kafka"))) {
            broker.createTopics(EmbeddedKafkaBroker.pharosTopics(Topics.SAMPLES, 1, Topics.TARGETS));
            int portA = CollectorNodes.freePort();
            int portB = CollectorNodes.freePort();
            ConfigurableApplicationContext a = CollectorNodes.collector(broker.bootstrapServers(), portA, config);
            ConfigurableApplicationContext b = CollectorNodes.collector(broker.bootstrapServers(), portB, config);
            try {
                HttpResponse<String> put = send(at(portA, "/api/v1/scrape_configs/replicated")
                        .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(job)));
                assertThat(put.statusCode()).as(put.body()).isIn(200, 201);

                assertScrapedUpOn(portB, targetAddress);
                assertScrapedUpOn(portA, targetAddress);
                assertThat(get(portB, "/api/v1/scrape_configs/replicated").body()).contains("\"source\":\"api\"");

                a.close();
                b.close();
                a = CollectorNodes.collector(broker.bootstrapServers(), portA, config);
                b = CollectorNodes.collector(broker.bootstrapServers(), portB, config);
                assertScrapedUpOn(portA, targetAddress);
                assertScrapedUpOn(portB, targetAddress);
                long before = scrapes.get();
                await().atMost(Duration.ofSeconds(30)).until(() -> scrapes.get() > before + 2);

                HttpResponse<String> del = send(at(portB, "/api/v1/scrape_configs/replicated").DELETE());
                assertThat(del.statusCode()).as(del.body()).isBetween(200, 299);
                for (int port : new int[] {portA, portB}) {
                    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
                        assertThat(get(port, "/api/v1/targets").body()).doesNotContain(targetAddress);
                        assertThat(get(port, "/api/v1/scrape_configs/replicated").statusCode()).isEqualTo(404);
                    });
                }
                // No replica scrapes it any more.
                Thread.sleep(1500);
                long stopped = scrapes.get();
                Thread.sleep(3000);
                assertThat(scrapes.get()).isEqualTo(stopped);
            } finally {
                a.close();
                b.close();
                target.stop(0);
            }
        }
    }

    private static void assertScrapedUpOn(int port, String targetAddress) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            String body = get(port, "/api/v1/targets?scrapePool=replicated").body();
            assertThat(body).contains("\"scrapeUrl\":\"http://" + targetAddress + "/metrics\"")
                    .contains("\"health\":\"up\"");
        });
    }
}
