package io.pharos.query.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

/** The controller in WebFlux against two stub collectors on loopback and one that does not answer. */
class TargetsProxyControllerTest {
    private HttpServer one;
    private HttpServer two;
    private final ConcurrentLinkedQueue<String> queries = new ConcurrentLinkedQueue<>();
    private WebTestClient client;
    private int deadPort;

    private HttpServer stub(String targetsJson, String metadataJson) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        s.createContext("/api/v1/targets", ex -> {
            queries.add(ex.getRequestURI().getPath() + "?" + ex.getRequestURI().getRawQuery());
            byte[] b = (ex.getRequestURI().getPath().endsWith("/metadata") ? metadataJson : targetsJson)
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        s.start();
        return s;
    }

    @BeforeEach
    void start() throws IOException {
        one = stub("""
                {"status":"success","data":{"activeTargets":[{"discoveredLabels":{"__address__":"a:1"},"labels":{"instance":"a:1","job":"a"},
                "scrapePool":"a","scrapeUrl":"http://a:1/metrics","globalUrl":"http://a:1/metrics","lastError":"","lastScrape":"2026-01-01T00:00:00.000000000Z",
                "lastScrapeDuration":0.01,"health":"up","scrapeInterval":"15s","scrapeTimeout":"10s"}],
                "droppedTargets":[],"droppedTargetCounts":{"a":0}}}""",
                """
                {"status":"success","data":[{"target":{"instance":"a:1","job":"a"},"metric":"up_a","type":"gauge","help":"A.","unit":""},
                {"target":{"instance":"a:1","job":"a"},"metric":"shared","type":"counter","help":"S.","unit":""}]}""");
        two = stub("""
                {"status":"success","data":{"activeTargets":[{"discoveredLabels":{"__address__":"b:1"},"labels":{"instance":"b:1","job":"b"},
                "scrapePool":"b","scrapeUrl":"http://b:1/metrics","globalUrl":"http://b:1/metrics","lastError":"refused","lastScrape":"2026-01-01T00:00:00.000000000Z",
                "lastScrapeDuration":0.02,"health":"down","scrapeInterval":"15s","scrapeTimeout":"10s"}],
                "droppedTargets":[{"discoveredLabels":{"__address__":"c:1"},"scrapePool":"b"}],"droppedTargetCounts":{"b":1}}}""",
                """
                {"status":"success","data":[{"target":{"instance":"b:1","job":"b"},"metric":"shared","type":"counter","help":"S.","unit":""}]}""");
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        CollectorClients collectors = new CollectorClients(List.of(
                "http://127.0.0.1:" + one.getAddress().getPort(),
                "http://127.0.0.1:" + two.getAddress().getPort(),
                "http://127.0.0.1:" + deadPort), WebClient.builder(), Duration.ofSeconds(5));
        client = WebTestClient.bindToController(new TargetsProxyController(collectors)).build();
    }

    @AfterEach
    void stop() {
        one.stop(0);
        two.stop(0);
    }

    @Test
    void targetsAreMergedAndTheDeadCollectorIsAWarning() {
        client.get().uri("/api/v1/targets?state=active&scrapePool=b").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("success")
                .jsonPath("$.data.activeTargets.length()").isEqualTo(2)
                .jsonPath("$.data.activeTargets[0].health").isEqualTo("up")
                .jsonPath("$.data.activeTargets[1].lastError").isEqualTo("refused")
                .jsonPath("$.data.droppedTargets.length()").isEqualTo(1)
                .jsonPath("$.data.droppedTargetCounts.b").isEqualTo(1)
                .jsonPath("$.warnings.length()").isEqualTo(1)
                .jsonPath("$.warnings[0]").value(w -> assertThat((String) w).contains(":" + deadPort));
        assertThat(queries).containsOnly("/api/v1/targets?state=active&scrapePool=b");
    }

    @Test
    void targetsMetadataIsMerged() {
        client.get().uri("/api/v1/targets/metadata?limit=2").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.data.length()").isEqualTo(2)
                .jsonPath("$.data[0].metric").isEqualTo("up_a");
        client.get().uri("/api/v1/targets/metadata?limit=x").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errorType").isEqualTo("bad_data");
    }

    @Test
    void metadataHasPrometheusShape() {
        Map<?, ?> body = client.get().uri("/api/v1/metadata").exchange()
                .expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(body.get("status")).isEqualTo("success");
        assertThat(body.get("data")).isEqualTo(Map.of(
                "up_a", List.of(Map.of("type", "gauge", "help", "A.", "unit", "")),
                "shared", List.of(Map.of("type", "counter", "help", "S.", "unit", ""))));
        client.get().uri("/api/v1/metadata?limit=1").exchange()
                .expectBody().jsonPath("$.data.length()").isEqualTo(1);
        client.get().uri("/api/v1/metadata?limit_per_metric=nope").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("limit_per_metric must be a number");
        queries.clear();
        client.get().uri("/api/v1/metadata?metric=shared").exchange()
                .expectStatus().isOk();
        assertThat(queries).contains("/api/v1/targets/metadata?metric=shared");
    }

    @Test
    void noCollectorAnsweringIsStillSuccess() {
        one.stop(0);
        two.stop(0);
        client.get().uri("/api/v1/targets").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("success")
                .jsonPath("$.data.activeTargets.length()").isEqualTo(0)
                .jsonPath("$.warnings.length()").isEqualTo(3);
    }
}
