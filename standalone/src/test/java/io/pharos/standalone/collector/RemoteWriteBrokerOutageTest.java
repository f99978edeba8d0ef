package io.pharos.standalone.collector;

import static io.pharos.standalone.collector.CollectorNodes.at;
import static io.pharos.standalone.collector.CollectorNodes.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pharos.model.Topics;
import io.pharos.standalone.kafka.EmbeddedKafkaBroker;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Remote write answers 204 only once Kafka has the samples: 503 (retry) while the broker is
 * stopped, 204 again once the same broker (same port, same log) is back.
 */
class RemoteWriteBrokerOutageTest {
    @TempDir
    Path dir;

    @Test
    void answers503WhileTheBrokerIsDownAnd204OnceItIsBack() throws Exception {
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, "scrape_configs: []\n");
        Path logDir = dir.resolve("kafka");
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(logDir, 0);
        String bootstrap = broker.bootstrapServers();
        int port = CollectorNodes.freePort();
        ConfigurableApplicationContext collector = null;
        try {
            broker.createTopics(EmbeddedKafkaBroker.pharosTopics(Topics.SAMPLES, 1, Topics.TARGETS));
            collector = CollectorNodes.collector(bootstrap, port, config, CollectorNodes.QUICK_PRODUCER_TIMEOUTS);
            assertThat(write(port, 1).statusCode()).isEqualTo(204);

            broker.close();
            broker = null;
            HttpResponse<String> down = write(port, 2);
            assertThat(down.statusCode()).as(down.body()).isEqualTo(503);
            assertThat(down.body()).contains("not acknowledged by Kafka");

            broker = CollectorNodes.restart(logDir, bootstrap);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(write(port, 3).statusCode()).isEqualTo(204));
        } finally {
            if (collector != null) {
                collector.close();
            }
            if (broker != null) {
                broker.close();
            }
        }
    }

    private static HttpResponse<String> write(int port, int n) throws Exception {
        byte[] body = CollectorNodes.writeRequest("outage_test_value", n, System.currentTimeMillis(), "n", String.valueOf(n));
        return send(at(port, "/api/v1/write")
                .header("Content-Type", "application/x-protobuf")
                .header("Content-Encoding", "snappy")
                .header("X-Prometheus-Remote-Write-Version", "0.1.0")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }
}
