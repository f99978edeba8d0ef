package io.pharos.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first end-to-end path, through real components only: a local HTTP target is scraped by
 * the collector, its samples travel through the embedded Kafka broker into RocksDB, are
 * answered over {@code /api/v1/query}, fire an alerting rule, and reach a local webhook
 * through the alertmanager service.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StandaloneEndToEndTest {
    private Path dir;

    private HttpServer target;
    private HttpServer webhook;
    private final List<String> notifications = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicLong scrapes = new java.util.concurrent.atomic.AtomicLong();
    private PharosStandalone suite;
    private int queryPort;
    private int alertmanagerPort;
    private int collectorPort;
    private int storagePort;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void startSuite(@TempDir Path tmp) throws Exception {
        dir = tmp;
        target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        target.createContext("/metrics", ex -> {
            byte[] body = """
                    # HELP pharos_e2e_value A value the test knows.
                    # TYPE pharos_e2e_value gauge
                    pharos_e2e_value{kind="known"} 42
                    pharos_e2e_value{kind="other"} 7
                    pharos_e2e_counter %d
                    """.formatted(scrapes.incrementAndGet()).getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        target.start();
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/hook", ex -> {
            notifications.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        webhook.start();
        queryPort = freePort();
        alertmanagerPort = freePort();
        collectorPort = freePort();
        storagePort = freePort();
        int deadPort = freePort();

        Files.writeString(dir.resolve("rules.yml"), """
                groups:
                  - name: e2e
                    interval: 1s
                    rules:
                      - alert: E2EValueHigh
                        expr: pharos_e2e_value > 40
                        labels:
                          severity: page
                        annotations:
                          summary: the value is high
                          description: '{{ $labels.kind }} is {{ $value | humanize }}'
                  - name: chained
                    interval: 1s
                    rules:
                      - record: pharos_e2e_r1
                        expr: pharos_e2e_counter
                      - record: pharos_e2e_r2
                        expr: pharos_e2e_r1
                """);
        Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                  external_labels:
                    cluster: e2e
                scrape_configs:
                  - job_name: target
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                  - job_name: unreachable
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                rule_files: ['rules.yml']
                alerting:
                  alertmanagers:
                    - static_configs:
                        - targets: ['127.0.0.1:%d']
                """.formatted(target.getAddress().getPort(), deadPort, alertmanagerPort));
        Files.writeString(dir.resolve("alertmanager.yml"), """
                route:
                  receiver: hook
                  group_by: ['alertname']
                  group_wait: 1s
                  group_interval: 1s
                receivers:
                  - name: hook
                    webhook_configs:
                      - url: http://127.0.0.1:%d/hook
                """.formatted(webhook.getAddress().getPort()));

        suite = PharosStandalone.start(
                "--config.file=" + dir.resolve("prometheus.yml"),
                "--alertmanager.config.file=" + dir.resolve("alertmanager.yml"),
                "--storage.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + queryPort,
                "--alertmanager.listen-address=127.0.0.1:" + alertmanagerPort,
                "--collector.listen-address=127.0.0.1:" + collectorPort,
                "--storage.listen-address=127.0.0.1:" + storagePort,
                // Storage consumes in batches up to 400 ms late, so a rule that did not wait for
                // what the rule before it wrote would read the old value (read-after-write test).
                "--spring.kafka.consumer.fetch-min-size=10MB",
                "--spring.kafka.consumer.fetch-max-wait=400ms");
    }

    @AfterAll
    void stopSuite() {
        if (suite != null) {
            suite.close();
        }
        target.stop(0);
        webhook.stop(0);
    }

    @Test
    void everyServiceKeepsItsDataUnderTheStoragePath() throws IOException {
        // Kafka's log, the storage shards and the alertmanager's state, all in --storage.path.
        try (var entries = Files.list(dir.resolve("data"))) {
            assertThat(entries.map(p -> p.getFileName().toString()))
                    .contains("kafka", "shards", "alertmanager");
        }
        try (var siblings = Files.list(dir)) {
            assertThat(siblings.map(p -> p.getFileName().toString())).noneMatch(name -> name.contains(","));
        }
    }

    @Test
    void scrapedValueIsAnsweredByTheQueryApi() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            HttpResponse<String> r = get(queryPort, "/api/v1/query?query="
                    + URLEncoder.encode("pharos_e2e_value{kind=\"known\"}", StandardCharsets.UTF_8));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).startsWith("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":"
                    + "{\"__name__\":\"pharos_e2e_value\",\"instance\":\"127.0.0.1:" + target.getAddress().getPort()
                    + "\",\"job\":\"target\",\"kind\":\"known\"},\"value\":[");
            assertThat(r.body()).endsWith(",\"42\"]}]}}");
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void targetsAndMetadataAreAnsweredOnTheQueryPort() {
        tools.jackson.databind.json.JsonMapper json = tools.jackson.databind.json.JsonMapper.builder().build();
        String scrapeUrl = "http://127.0.0.1:" + target.getAddress().getPort() + "/metrics";
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            HttpResponse<String> r = get(queryPort, "/api/v1/targets");
            assertThat(r.statusCode()).isEqualTo(200);
            Map<String, Object> body = json.readValue(r.body(), Map.class);
            assertThat(body.get("status")).isEqualTo("success");
            assertThat(body).doesNotContainKey("warnings");
            List<Map<String, Object>> active = (List<Map<String, Object>>) ((Map<String, Object>) body.get("data")).get("activeTargets");
            assertThat(active).anySatisfy(t -> {
                assertThat(t.get("scrapeUrl")).isEqualTo(scrapeUrl);
                assertThat(t.get("scrapePool")).isEqualTo("target");
                assertThat(t.get("health")).isEqualTo("up");
                assertThat((Map<String, Object>) t.get("labels")).containsEntry("job", "target")
                        .containsEntry("instance", "127.0.0.1:" + target.getAddress().getPort());
            });

            HttpResponse<String> m = get(queryPort, "/api/v1/metadata");
            assertThat(m.statusCode()).isEqualTo(200);
            Map<String, Object> md = (Map<String, Object>) json.readValue(m.body(), Map.class).get("data");
            assertThat((List<Map<String, Object>>) md.get("pharos_e2e_value"))
                    .containsExactly(Map.of("type", "gauge", "help", "A value the test knows.", "unit", ""));
            assertThat(get(queryPort, "/api/v1/metadata?metric=pharos_e2e_value&limit=1").body())
                    .isEqualTo("{\"status\":\"success\",\"data\":{\"pharos_e2e_value\":[{\"type\":\"gauge\","
                            + "\"help\":\"A value the test knows.\",\"unit\":\"\"}]}}");
        });
    }

    @Test
    void allFourMatcherTypesSelect() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(get(queryPort, "/api/v1/query?query=" + enc("pharos_e2e_value{kind!=\"known\"}")).body())
                    .contains("\"kind\":\"other\"").doesNotContain("\"kind\":\"known\"");
            assertThat(get(queryPort, "/api/v1/query?query=" + enc("pharos_e2e_value{kind=~\"kn.*\"}")).body())
                    .contains("\"kind\":\"known\"").doesNotContain("\"kind\":\"other\"");
            assertThat(get(queryPort, "/api/v1/query?query=" + enc("{__name__=\"pharos_e2e_value\",kind!~\"kn.*\"}")).body())
                    .contains("\"kind\":\"other\"").doesNotContain("\"kind\":\"known\"");
        });
    }

    @Test
    void rangeQueryReturnsAMatrix() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            long now = System.currentTimeMillis() / 1000;
            HttpResponse<String> r = get(queryPort, "/api/v1/query_range?query=" + enc("pharos_e2e_value{kind=\"known\"}")
                    + "&start=" + (now - 30) + "&end=" + now + "&step=1");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("\"resultType\":\"matrix\"").contains("\"values\":[[").contains(",\"42\"]");
        });
    }

    @Test
    void unreachableTargetHasUpZeroAndTheSuiteKeepsRunning() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            String body = get(queryPort, "/api/v1/query?query=" + enc("up{job=\"unreachable\"}")).body();
            assertThat(body).contains("\"job\":\"unreachable\"").contains(",\"0\"]");
            assertThat(get(queryPort, "/api/v1/query?query=" + enc("up{job=\"target\"}")).body()).contains(",\"1\"]");
        });
    }

    @Test
    void firingAlertReachesTheWebhookInAlertmanagersFormat() {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(notifications).anySatisfy(n -> assertThat(n)
                        .contains("\"version\":\"4\"")
                        .contains("\"status\":\"firing\"")
                        .contains("\"receiver\":\"hook\"")
                        .contains("\"alertname\":\"E2EValueHigh\"")
                        .contains("\"severity\":\"page\"")
                        .contains("\"cluster\":\"e2e\"")
                        .contains("\"summary\":\"the value is high\"")
                        .contains("\"description\":\"known is 42\"")
                        .contains("\"kind\":\"known\"")
                        .doesNotContain("\"kind\":\"other\"")));
    }

    @Test
    void seriesLabelsAndLabelValuesAreMergedFromTheShards() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            String series = get(queryPort, "/api/v1/series?match[]=" + enc("pharos_e2e_value")).body();
            assertThat(series).startsWith("{\"status\":\"success\",\"data\":[{\"__name__\":\"pharos_e2e_value\"")
                    .contains("\"kind\":\"known\"").contains("\"kind\":\"other\"");
            assertThat(get(queryPort, "/api/v1/labels").body()).contains("\"__name__\"", "\"job\"", "\"kind\"");
            assertThat(get(queryPort, "/api/v1/label/kind/values").body())
                    .isEqualTo("{\"status\":\"success\",\"data\":[\"known\",\"other\"]}");
            assertThat(get(queryPort, "/api/v1/status/tsdb").body()).contains("\"headStats\":{\"numSeries\":");
        });
    }

    @Test
    void buildInfoAnswersAsPrometheusDoes() throws Exception {
        HttpResponse<String> r = get(queryPort, "/api/v1/status/buildinfo");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).startsWith("{\"status\":\"success\",\"data\":{\"version\":\"3.");
        assertThat(get(queryPort, "/api/v1/series").body()).contains("\"errorType\":\"bad_data\"")
                .contains("no match[] parameter provided");
    }

    @Test
    void rulesAlertsApisAndAlertsSeriesShowTheFiringAlert() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            String rules = get(queryPort, "/api/v1/rules").body();
            assertThat(rules).contains("\"name\":\"e2e\"", "\"name\":\"E2EValueHigh\"", "\"state\":\"firing\"",
                    "\"health\":\"ok\"", "\"type\":\"alerting\"", "\"value\":\"4.2e+01\"");
            assertThat(get(queryPort, "/api/v1/rules?type=record").body()).doesNotContain("E2EValueHigh");
            assertThat(get(queryPort, "/api/v1/alerts").body()).contains("\"alertname\":\"E2EValueHigh\"",
                    "\"state\":\"firing\"");
            assertThat(get(queryPort, "/api/v1/query?query=" + enc("ALERTS{alertname=\"E2EValueHigh\"}")).body())
                    .contains("\"alertstate\":\"firing\"", "\"kind\":\"known\"");
        });
    }

    /**
     * Read after write: the second rule of a group reads what the first wrote in the same
     * evaluation, so both record the same value at every evaluation time although the counter
     * changes between evaluations.
     */
    @Test
    void chainedRecordingRulesSeeEachOthersOutput() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Map<String, String> r1 = rawSamples("pharos_e2e_r1[30s]");
            Map<String, String> r2 = rawSamples("pharos_e2e_r2[30s]");
            assertThat(r2).hasSizeGreaterThan(5);
            assertThat(r1).containsAllEntriesOf(r2);
            assertThat(new java.util.HashSet<>(r2.values())).hasSizeGreaterThan(2);
        });
    }

    /** timestamp to value of the single series a range selector returns. */
    private Map<String, String> rawSamples(String selector) throws Exception {
        String body = get(queryPort, "/api/v1/query?query=" + enc(selector)).body();
        Map<String, String> out = new java.util.LinkedHashMap<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\[([0-9.]+),\"([^\"]+)\"\\]").matcher(body);
        while (m.find()) {
            out.put(m.group(1), m.group(2));
        }
        return out;
    }

    @Test
    void malformedQueryGetsPrometheusErrorJson() throws Exception {
        HttpResponse<String> r = get(queryPort, "/api/v1/query?query=" + enc("sum(rate(x[5m])"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).startsWith("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter \\\"query\\\": ");
    }

    @Test
    void everyServiceExposesItsOwnMetrics() throws Exception {
        for (int port : new int[] {queryPort, alertmanagerPort, collectorPort, storagePort}) {
            HttpResponse<String> r = get(port, "/metrics");
            assertThat(r.statusCode()).as("/metrics on port %d", port).isEqualTo(200);
            assertThat(r.body()).contains("jvm_memory_used_bytes");
        }
        assertThat(get(storagePort, "/metrics").body()).contains("pharos_storage_head_series");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private HttpResponse<String> get(int port, String pathAndQuery) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
