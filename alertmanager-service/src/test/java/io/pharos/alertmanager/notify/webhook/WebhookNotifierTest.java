package io.pharos.alertmanager.notify.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pharos.alertmanager.alert.Alert;
import io.pharos.alertmanager.config.HttpClientConfig;
import io.pharos.alertmanager.config.WebhookConfig;
import io.pharos.alertmanager.notify.Backoff;
import io.pharos.alertmanager.notify.FailureReason;
import io.pharos.alertmanager.notify.Integration;
import io.pharos.alertmanager.notify.NotificationContext;
import io.pharos.alertmanager.notify.NotificationException;
import io.pharos.alertmanager.notify.NotificationMetrics;
import io.pharos.alertmanager.notify.RetryStage;
import io.pharos.alertmanager.testing.WebhookReceiver;
import io.pharos.model.labels.Labels;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class WebhookNotifierTest {
    private static final Instant NOW = Instant.parse("2024-05-01T10:05:00Z");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private WebhookReceiver receiver;

    @BeforeEach
    void start() throws Exception {
        receiver = new WebhookReceiver();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    private static NotificationContext ctx(String receiverName, Labels groupLabels) {
        return new NotificationContext(receiverName, "{}/{team=\"X\"}:" + io.pharos.alertmanager.alert.LabelSets.format(groupLabels),
                groupLabels, NOW, Duration.ofHours(4), Duration.ofSeconds(10), () -> false);
    }

    private WebhookConfig config(long maxAlerts, Duration timeout, HttpClientConfig http) {
        return new WebhookConfig(receiver.url("/hook"), null, true, maxAlerts, timeout, http);
    }

    private WebhookNotifier notifier(WebhookConfig config) {
        return new WebhookNotifier(config, "http://am.example:9093", CLIENT, JSON, "Pharos-Alertmanager/test");
    }

    @Test
    void postsAlertmanagerWebhookJsonVersion4() throws Exception {
        Alert firing = new Alert(Labels.of("alertname", "HighLatency", "instance", "a", "team", "X"),
                Map.of("summary", "p99 above 1s", "runbook", "http://rb/1"),
                Instant.parse("2024-05-01T10:00:00.5Z"), null, "http://prom:9090/graph?g0.expr=up", NOW, false);
        Alert resolved = new Alert(Labels.of("alertname", "HighLatency", "instance", "b", "team", "X"),
                Map.of("summary", "p99 above 1s"),
                Instant.parse("2024-05-01T09:00:00Z"), Instant.parse("2024-05-01T10:04:59.123456789Z"), "", NOW, false);

        notifier(config(0, Duration.ZERO, null)).notify(ctx("team-X.pager", Labels.of("alertname", "HighLatency")),
                List.of(firing, resolved));

        WebhookReceiver.Request req = receiver.await(1, Duration.ofSeconds(5)).get(0);
        assertThat(req.method()).isEqualTo("POST");
        assertThat(req.path()).isEqualTo("/hook");
        assertThat(req.headers().getFirst("Content-Type")).isEqualTo("application/json");
        String expected = "{\"receiver\":\"team-X\\\\.pager\",\"status\":\"firing\",\"alerts\":["
                + "{\"status\":\"firing\",\"labels\":{\"alertname\":\"HighLatency\",\"instance\":\"a\",\"team\":\"X\"},"
                + "\"annotations\":{\"runbook\":\"http://rb/1\",\"summary\":\"p99 above 1s\"},"
                + "\"startsAt\":\"2024-05-01T10:00:00.5Z\",\"endsAt\":\"0001-01-01T00:00:00Z\","
                + "\"generatorURL\":\"http://prom:9090/graph?g0.expr=up\",\"fingerprint\":\"" + firing.fingerprintHex() + "\"},"
                + "{\"status\":\"resolved\",\"labels\":{\"alertname\":\"HighLatency\",\"instance\":\"b\",\"team\":\"X\"},"
                + "\"annotations\":{\"summary\":\"p99 above 1s\"},"
                + "\"startsAt\":\"2024-05-01T09:00:00Z\",\"endsAt\":\"2024-05-01T10:04:59.123456789Z\","
                + "\"generatorURL\":\"\",\"fingerprint\":\"" + resolved.fingerprintHex() + "\"}],"
                + "\"groupLabels\":{\"alertname\":\"HighLatency\"},"
                + "\"commonLabels\":{\"alertname\":\"HighLatency\",\"team\":\"X\"},"
                + "\"commonAnnotations\":{\"summary\":\"p99 above 1s\"},"
                + "\"externalURL\":\"http://am.example:9093\",\"version\":\"4\","
                + "\"groupKey\":\"{}/{team=\\\"X\\\"}:{alertname=\\\"HighLatency\\\"}\",\"truncatedAlerts\":0}\n";
        assertThat(req.body()).isEqualTo(expected);
        assertThat(firing.fingerprintHex()).matches("[0-9a-f]{16}");
    }

    @Test
    void allResolvedMakesTheMessageResolved() throws Exception {
        Alert resolved = new Alert(Labels.of("alertname", "Down"), Map.of(), NOW.minusSeconds(600), NOW.minusSeconds(1), "", NOW, false);
        notifier(config(0, Duration.ZERO, null)).notify(ctx("r", Labels.EMPTY), List.of(resolved));
        JsonNode body = JSON.readTree(receiver.await(1, Duration.ofSeconds(5)).get(0).body());
        assertThat(body.get("status").asString()).isEqualTo("resolved");
        assertThat(body.get("alerts").get(0).get("status").asString()).isEqualTo("resolved");
        assertThat(body.get("groupLabels").isEmpty()).isTrue();
    }

    @Test
    void maxAlertsTruncatesAndCountsTheRest() throws Exception {
        List<Alert> alerts = List.of(
                new Alert(Labels.of("alertname", "A", "i", "1", "x", "1"), Map.of(), NOW, null, "", NOW, false),
                new Alert(Labels.of("alertname", "A", "i", "2", "x", "1"), Map.of(), NOW, null, "", NOW, false),
                new Alert(Labels.of("alertname", "A", "i", "3", "x", "2"), Map.of(), NOW, null, "", NOW, false));
        notifier(config(2, Duration.ZERO, null)).notify(ctx("r", Labels.of("alertname", "A")), alerts);
        JsonNode body = JSON.readTree(receiver.await(1, Duration.ofSeconds(5)).get(0).body());
        assertThat(body.get("alerts").size()).isEqualTo(2);
        assertThat(body.get("truncatedAlerts").asLong()).isEqualTo(1);
        assertThat(body.get("commonLabels").get("x").asString()).as("common labels of the alerts sent").isEqualTo("1");
    }

    private RetryStage retrying(WebhookConfig config, boolean sendResolved) {
        Integration i = new Integration("r", "webhook", 0, notifier(config), sendResolved);
        return new RetryStage(i, new NotificationMetrics(new SimpleMeterRegistry()),
                new Backoff(Duration.ofMillis(5), 2, Duration.ofMillis(20), 0));
    }

    private static Alert firing() {
        return new Alert(Labels.of("alertname", "A"), Map.of(), NOW, null, "", NOW, false);
    }

    @Test
    void serverErrorsAreRetriedUntilSuccess() throws Exception {
        receiver.respondWith(503, 500);
        retrying(config(0, Duration.ZERO, null), true).exec(ctx("r", Labels.EMPTY), List.of(firing()));
        assertThat(receiver.requests()).hasSize(3);
    }

    @Test
    void clientErrorsAreNotRetried() {
        receiver.respondWith(400);
        assertThatThrownBy(() -> retrying(config(0, Duration.ZERO, null), true).exec(ctx("r", Labels.EMPTY), List.of(firing())))
                .isInstanceOf(NotificationException.class)
                .hasMessageContaining("unexpected status code 400")
                .satisfies(e -> assertThat(((NotificationException) e).reason()).isEqualTo(FailureReason.CLIENT_ERROR));
        assertThat(receiver.requests()).hasSize(1);
    }

    @Test
    void retriesStopWhenTheFlushTimesOut() {
        receiver.respondWith(502, 502, 502, 502, 502, 502, 502, 502, 502, 502, 502, 502, 502, 502, 502, 502);
        NotificationContext shortFlush = new NotificationContext("r", "{}:{}", Labels.EMPTY, NOW, Duration.ofHours(4),
                Duration.ofMillis(150), () -> false);
        assertThatThrownBy(() -> retrying(config(0, Duration.ZERO, null), true).exec(shortFlush, List.of(firing())))
                .isInstanceOf(NotificationException.class)
                .hasMessageContaining("notify retry canceled after")
                .satisfies(e -> assertThat(((NotificationException) e).reason()).isEqualTo(FailureReason.SERVER_ERROR));
        assertThat(receiver.requests().size()).isGreaterThan(1);
    }

    @Test
    void slowReceiverTimesOutAsARecoverableError() {
        receiver.delay(Duration.ofSeconds(2));
        assertThatThrownBy(() -> notifier(config(0, Duration.ofMillis(200), null)).notify(ctx("r", Labels.EMPTY), List.of(firing())))
                .isInstanceOf(NotificationException.class)
                .satisfies(e -> assertThat(((NotificationException) e).recoverable()).isTrue());
    }

    @Test
    void withoutSendResolvedOnlyFiringAlertsAreSent() throws Exception {
        Alert resolved = new Alert(Labels.of("alertname", "B"), Map.of(), NOW.minusSeconds(60), NOW.minusSeconds(1), "", NOW, false);
        RetryStage stage = retrying(config(0, Duration.ZERO, null), false);
        stage.exec(ctx("r", Labels.EMPTY), List.of(firing(), resolved));
        JsonNode body = JSON.readTree(receiver.await(1, Duration.ofSeconds(5)).get(0).body());
        assertThat(body.get("alerts").size()).isEqualTo(1);
        stage.exec(ctx("r", Labels.EMPTY), List.of(resolved));
        assertThat(receiver.requests()).as("only resolved alerts: nothing is sent").hasSize(1);
    }

    @Test
    void urlFileAndBasicAuthAreReadAtSendTime(@TempDir Path dir) throws Exception {
        Path urlFile = dir.resolve("url");
        Files.writeString(urlFile, receiver.url("/from-file") + "\n");
        Path passwordFile = dir.resolve("password");
        Files.writeString(passwordFile, "s3cret\n");
        HttpClientConfig http = new HttpClientConfig(new HttpClientConfig.BasicAuth("am", null, passwordFile.toString()),
                null, true, Map.of());
        WebhookConfig config = new WebhookConfig(null, urlFile.toString(), true, 0, Duration.ZERO, http);
        notifier(config).notify(ctx("r", Labels.EMPTY), List.of(firing()));
        WebhookReceiver.Request req = receiver.await(1, Duration.ofSeconds(5)).get(0);
        assertThat(req.path()).isEqualTo("/from-file");
        assertThat(req.headers().getFirst("Authorization"))
                .isEqualTo("Basic " + Base64.getEncoder().encodeToString("am:s3cret".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void authorizationHeaderUsesTypeAndCredentials() throws Exception {
        HttpClientConfig http = new HttpClientConfig(null, new HttpClientConfig.Authorization("Bearer", "tok", null), true, Map.of());
        notifier(config(0, Duration.ZERO, http)).notify(ctx("r", Labels.EMPTY), List.of(firing()));
        assertThat(receiver.await(1, Duration.ofSeconds(5)).get(0).headers().getFirst("Authorization")).isEqualTo("Bearer tok");
    }
}
