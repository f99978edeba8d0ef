package io.pharos.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The collector's Spring wiring with no Kafka reachable: the HTTP API answers, scrapes go on,
 * and writes that need Kafka answer 503 rather than hang or succeed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.config.name=pharos-collector", "server.address=127.0.0.1",
    "spring.kafka.bootstrap-servers=127.0.0.1:1", "spring.kafka.admin.auto-create=false",
    "spring.kafka.producer.properties.max.block.ms=500", "spring.kafka.producer.properties.delivery.timeout.ms=1500",
    "spring.kafka.producer.properties.request.timeout.ms=1000", "pharos.collector.scrape-threads=2"})
class CollectorApplicationTest {
    private static Path configFile;
    private final HttpClient http = HttpClient.newHttpClient();
    @Value("${local.server.port}")
    int port;

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry registry) throws Exception {
        configFile = Files.createTempFile("prometheus", ".yml");
        Files.writeString(configFile, """
                global: {scrape_interval: 1s}
                scrape_configs:
                  - job_name: self
                    metrics_path: /metrics
                    static_configs: [{targets: ['127.0.0.1:1']}]
                """);
        registry.add("pharos.collector.config-file", configFile::toString);
    }

    @AfterAll
    static void cleanup() throws Exception {
        Files.deleteIfExists(configFile);
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder at(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    }

    @Test
    void targetsApiAnswersAsPrometheus() throws Exception {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(send(at("/api/v1/targets")).body()).contains("\"health\":\"down\""));
        String body = send(at("/api/v1/targets")).body();
        assertThat(body).startsWith("{\"status\":\"success\",\"data\":{\"activeTargets\":[");
        assertThat(body).contains("\"scrapePool\":\"self\"").contains("\"droppedTargetCounts\":{\"self\":0}");
        assertThat(send(at("/api/v1/targets/metadata?match_target=%7Bjob%3D%22self%22%7D")).statusCode()).isEqualTo(200);
    }

    @Test
    void openApiDocumentIsServed() throws Exception {
        HttpResponse<String> r = send(at("/api/v1/openapi.json"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"openapi\":\"3.0.3\"").contains("/api/v1/scrape_configs/{job}");
        assertThat(send(at("/api/v1/openapi.yaml")).body()).startsWith("openapi: 3.0.3");
    }

    @Test
    void scrapeJobsApiValidatesAndNeedsKafkaToStore() throws Exception {
        HttpResponse<String> list = send(at("/api/v1/scrape_configs"));
        assertThat(list.body()).contains("\"job_name\":\"self\"").contains("\"source\":\"file\"");
        HttpResponse<String> bad = send(at("/api/v1/scrape_configs/x").header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"job_name\": \"x\", \"scrape_interval\": \"soon\"}")));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("bad_data");
        HttpResponse<String> conflict = send(at("/api/v1/scrape_configs/self").header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"job_name\": \"self\"}")));
        assertThat(conflict.statusCode()).isEqualTo(409);
        HttpResponse<String> noKafka = send(at("/api/v1/scrape_configs/x").header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"job_name\": \"x\"}")));
        assertThat(noKafka.statusCode()).isEqualTo(503);
    }

    @Test
    void remoteWriteRejectsGarbageWith400AndAnswers5xxWithoutKafka() throws Exception {
        HttpResponse<String> garbage = send(at("/api/v1/write").header("Content-Type", "application/x-protobuf")
                .header("Content-Encoding", "snappy").POST(HttpRequest.BodyPublishers.ofString("nonsense")));
        assertThat(garbage.statusCode()).isEqualTo(400);
        // WriteRequest{timeseries: [{labels: [{__name__: up}], samples: [{0, 0}]}]}
        byte[] req = org.xerial.snappy.Snappy.compress(new byte[] {0x0a, 0x12, 0x0a, 0x0e, 0x0a, 0x08, '_', '_', 'n', 'a',
            'm', 'e', '_', '_', 0x12, 0x02, 'u', 'p', 0x12, 0x00});
        HttpResponse<String> write = send(at("/api/v1/write").header("Content-Type", "application/x-protobuf")
                .header("Content-Encoding", "snappy").POST(HttpRequest.BodyPublishers.ofByteArray(req)));
        assertThat(write.statusCode()).isEqualTo(503);
    }

    @Test
    void reloadEndpointReloadsAndRejectsABadFileNamingTheLine() throws Exception {
        assertThat(send(at("/-/reload").POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(200);
        String good = Files.readString(configFile);
        try {
            Files.writeString(configFile, "scrape_configs:\n  - job_name: a\n    scrape_interval: never\n");
            HttpResponse<String> r = send(at("/-/reload").POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(r.statusCode()).isEqualTo(500);
            assertThat(r.body()).contains(configFile.toString() + ":3:").contains("scrape_interval");
            assertThat(send(at("/api/v1/targets")).body()).contains("\"scrapePool\":\"self\"");
        } finally {
            Files.writeString(configFile, good);
        }
    }
}
