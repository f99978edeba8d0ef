package io.pharos.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import io.pharos.alertmanager.testing.WebhookReceiver;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The service over HTTP, as Prometheus, amtool and a scraper use it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=pharos-alertmanager", "pharos.alertmanager.external-url=http://am.test:9093"})
class AlertmanagerApplicationTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static WebhookReceiver receiver;
    private static Path configFile;
    private static Path storageDir;

    @Value("${local.server.port}")
    int port;

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry registry) throws IOException {
        receiver = new WebhookReceiver();
        configFile = Files.createTempFile("alertmanager", ".yml");
        Files.writeString(configFile, config(""));
        storageDir = Files.createTempDirectory("alertmanager-data");
        registry.add("pharos.alertmanager.config-file", configFile::toString);
        registry.add("pharos.alertmanager.storage-path", storageDir::toString);
    }

    private static String config(String extraReceivers) {
        return """
                global:
                  resolve_timeout: 5m
                route:
                  receiver: web
                  group_by: [alertname]
                  group_wait: 1s
                  group_interval: 1s
                  repeat_interval: 1h
                receivers:
                  - name: web
                    webhook_configs:
                      - url: %s
                """.formatted(receiver.url("/hook")) + extraReceivers;
    }

    @AfterAll
    static void cleanUp() throws IOException {
        receiver.close();
        Files.deleteIfExists(configFile);
        org.springframework.util.FileSystemUtils.deleteRecursively(storageDir);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(TIMEOUT)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode webhookBodyFor(String alertname) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < end) {
            for (WebhookReceiver.Request r : receiver.requests()) {
                JsonNode body = JSON.readTree(r.body());
                if (alertname.equals(body.get("groupLabels").path("alertname").asString(""))) {
                    return body;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no webhook for " + alertname + " in " + receiver.requests().size() + " requests");
    }

    @Test
    void postedAlertReachesTheWebhookAfterGroupWaitAndIsListed() throws Exception {
        String alerts = """
                [{"labels": {"alertname": "DiskFull", "instance": "db1:9100", "severity": "page"},
                  "annotations": {"summary": "disk full"},
                  "generatorURL": "http://prometheus:9090/graph?g0.expr=disk"}]
                """;
        assertThat(post("/api/v2/alerts", alerts).statusCode()).isEqualTo(200);

        JsonNode body = webhookBodyFor("DiskFull");
        assertThat(body.get("version").asString()).isEqualTo("4");
        assertThat(body.get("receiver").asString()).isEqualTo("web");
        assertThat(body.get("status").asString()).isEqualTo("firing");
        assertThat(body.get("externalURL").asString()).isEqualTo("http://am.test:9093");
        assertThat(body.get("groupKey").asString()).isEqualTo("{}:{alertname=\"DiskFull\"}");
        JsonNode alert = body.get("alerts").get(0);
        assertThat(alert.get("labels").get("instance").asString()).isEqualTo("db1:9100");
        assertThat(alert.get("annotations").get("summary").asString()).isEqualTo("disk full");
        assertThat(alert.get("endsAt").asString()).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(alert.get("generatorURL").asString()).isEqualTo("http://prometheus:9090/graph?g0.expr=disk");
        assertThat(alert.get("fingerprint").asString()).matches("[0-9a-f]{16}");

        HttpResponse<String> list = get("/api/v2/alerts?filter=alertname%3D%22DiskFull%22");
        assertThat(list.statusCode()).isEqualTo(200);
        JsonNode listed = JSON.readTree(list.body());
        assertThat(listed.size()).isEqualTo(1);
        JsonNode a = listed.get(0);
        assertThat(a.get("fingerprint").asString()).isEqualTo(alert.get("fingerprint").asString());
        assertThat(a.get("receivers").get(0).get("name").asString()).isEqualTo("web");
        assertThat(a.get("status").get("state").asString()).isEqualTo("active");
        assertThat(a.get("status").get("silencedBy").isArray()).isTrue();
        assertThat(a.get("status").get("inhibitedBy").isArray()).isTrue();
        assertThat(a.get("startsAt").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(a.get("updatedAt").asString()).isNotBlank();
        assertThat(a.get("labels").get("severity").asString()).isEqualTo("page");
        assertThat(a.get("annotations").get("summary").asString()).isEqualTo("disk full");
        assertThat(a.get("generatorURL").asString()).isEqualTo("http://prometheus:9090/graph?g0.expr=disk");
    }

    @Test
    void metricsAreServedInPrometheusTextFormat() throws Exception {
        post("/api/v2/alerts", "[{\"labels\": {\"alertname\": \"MetricsProbe\"}}]");
        webhookBodyFor("MetricsProbe");
        HttpResponse<String> metrics = get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .contains("alertmanager_alerts_received_total{status=\"firing\",version=\"v2\"}")
                .contains("alertmanager_notifications_total{integration=\"webhook\"}")
                .contains("alertmanager_notification_requests_total{integration=\"webhook\"}")
                .contains("alertmanager_config_last_reload_successful 1")
                .contains("alertmanager_alerts{state=\"active\"}");
    }

    @Test
    void silencesMuteOverHttpAndShowInAlertGroups() throws Exception {
        post("/api/v2/alerts", "[{\"labels\": {\"alertname\": \"HttpSilenced\", \"team\": \"x\"}}]");
        String silence = """
                {"matchers": [{"name": "alertname", "value": "HttpSilenced", "isRegex": false}],
                 "startsAt": "2020-01-01T00:00:00Z", "endsAt": "2099-01-01T00:00:00Z", "createdBy": "test", "comment": "c"}
                """;
        HttpResponse<String> created = post("/api/v2/silences", silence);
        assertThat(created.statusCode()).isEqualTo(200);
        String id = JSON.readTree(created.body()).get("silenceID").asString();

        JsonNode s = JSON.readTree(get("/api/v2/silence/" + id).body());
        assertThat(s.get("status").get("state").asString()).isEqualTo("active");
        assertThat(JSON.readTree(get("/api/v2/silences?filter=alertname%3DHttpSilenced").body()).size()).isEqualTo(1);

        JsonNode groups = JSON.readTree(get("/api/v2/alerts/groups?filter=alertname%3DHttpSilenced").body());
        assertThat(groups.size()).isEqualTo(1);
        assertThat(groups.get(0).get("labels").get("alertname").asString()).isEqualTo("HttpSilenced");
        assertThat(groups.get(0).get("receiver").get("name").asString()).isEqualTo("web");
        JsonNode status = groups.get(0).get("alerts").get(0).get("status");
        assertThat(status.get("state").asString()).isEqualTo("suppressed");
        assertThat(status.get("silencedBy").get(0).asString()).isEqualTo(id);
        assertThat(JSON.readTree(get("/api/v2/alerts?silenced=false&filter=alertname%3DHttpSilenced").body()).size()).isZero();

        HttpResponse<String> deleted = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v2/silence/" + id))
                .timeout(TIMEOUT).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(get("/api/v2/silence/not-a-uuid").statusCode()).isEqualTo(422);
        assertThat(get("/metrics").body()).contains("alertmanager_silences{state=\"active\"}");
    }

    @Test
    void healthAndReadinessAnswerOk() throws Exception {
        assertThat(get("/-/healthy").statusCode()).isEqualTo(200);
        assertThat(get("/-/healthy").body()).isEqualTo("OK");
        assertThat(get("/-/ready").body()).isEqualTo("OK");
    }

    @Test
    void keepAliveConnectionSurvivesBlockingEndpoints() throws Exception {
        // reactor-netty 1.3.6 stalled the third request of this pattern now and then (see KeepAliveWorkaround).
        for (int i = 0; i < 20; i++) {
            assertThat(get("/metrics").statusCode()).isEqualTo(200);
            assertThat(get("/-/healthy").statusCode()).isEqualTo(200);
            assertThat(get("/metrics").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void statusAndReceiversDescribeTheRunningConfig() throws Exception {
        JsonNode status = JSON.readTree(get("/api/v2/status").body());
        assertThat(status.get("cluster").get("status").asString()).isEqualTo("disabled");
        assertThat(status.get("cluster").get("peers").isArray()).isTrue();
        // The webhook URL is shown, as Alertmanager 0.25 shows it (amtool reads it back).
        assertThat(status.get("config").get("original").asString()).contains("receiver: web", "/hook");
        assertThat(status.get("versionInfo").get("version").asString()).isNotBlank();
        assertThat(status.get("uptime").asString()).endsWith("Z");

        JsonNode receivers = JSON.readTree(get("/api/v2/receivers").body());
        assertThat(receivers.get(0).get("name").asString()).isEqualTo("web");
    }

    @Test
    void malformedPostsAreRejectedWithTheReason() throws Exception {
        HttpResponse<String> notJson = post("/api/v2/alerts", "{not json");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.body()).contains("parsing alerts body");

        HttpResponse<String> noLabels = post("/api/v2/alerts", "[{\"annotations\": {\"a\": \"b\"}}]");
        assertThat(noLabels.statusCode()).isEqualTo(422);
        assertThat(noLabels.body()).contains("0.labels in body is required");

        HttpResponse<String> emptyLabels = post("/api/v2/alerts", "[{\"labels\": {}}]");
        assertThat(emptyLabels.statusCode()).isEqualTo(400);
        assertThat(emptyLabels.body()).contains("at least one label pair required");

        HttpResponse<String> badTime = post("/api/v2/alerts", "[{\"labels\": {\"a\": \"b\"}, \"startsAt\": \"yesterday\"}]");
        assertThat(badTime.statusCode()).isEqualTo(400);
        assertThat(badTime.body()).contains("alerts[0].startsAt");
    }

    @Test
    void reloadAppliesAGoodFileAndKeepsTheRunningConfigOnABadOne() throws Exception {
        String original = Files.readString(configFile);
        try {
            Files.writeString(configFile, config("  - name: second\n"));
            assertThat(post("/-/reload", "").statusCode()).isEqualTo(200);
            List<String> names = JSON.readTree(get("/api/v2/receivers").body()).valueStream()
                    .map(n -> n.get("name").asString()).toList();
            assertThat(names).containsExactly("web", "second");

            Files.writeString(configFile, config("").replace("group_wait: 1s", "group_wait: soon"));
            HttpResponse<String> bad = post("/-/reload", "");
            assertThat(bad.statusCode()).isEqualTo(500);
            assertThat(bad.body()).contains("failed to reload config", "route.group_wait");
            assertThat(JSON.readTree(get("/api/v2/receivers").body()).size()).as("still the last good config").isEqualTo(2);
            assertThat(get("/metrics").body()).contains("alertmanager_config_last_reload_successful 0");
        } finally {
            Files.writeString(configFile, original);
            assertThat(post("/-/reload", "").statusCode()).isEqualTo(200);
        }
    }
}
