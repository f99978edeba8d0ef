package io.pharos.query.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.pharos.model.config.PrometheusConfig;
import io.pharos.model.config.PrometheusConfigLoader;
import io.pharos.model.labels.Labels;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpAlertNotifierTest {
    private HttpServer alertmanager;
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    /** Held by a test to keep the Alertmanager from answering, so the notifier's queue fills. */
    private final java.util.concurrent.CountDownLatch answer = new java.util.concurrent.CountDownLatch(1);

    @BeforeEach
    void startAlertmanager() throws IOException {
        alertmanager = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        alertmanager.createContext("/api/v2/alerts", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            try {
                answer.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        alertmanager.start();
    }

    @AfterEach
    void stopAlertmanager() {
        alertmanager.stop(0);
    }

    private URI alertsUri() {
        return URI.create("http://127.0.0.1:" + alertmanager.getAddress().getPort() + "/api/v2/alerts");
    }

    private static PostableAlert alert(String severity) {
        return new PostableAlert(Labels.of("alertname", "Down", "severity", severity, "instance", "a:9100"),
                Annotations.EMPTY, Instant.EPOCH, Instant.EPOCH, "g");
    }

    @Test
    void alertRelabelConfigsRewriteAndDropAlertsAfterExternalLabels() throws InterruptedException {
        PrometheusConfig config = PrometheusConfigLoader.parse("prometheus.yml", """
                global:
                  external_labels: {cluster: eu1}
                alerting:
                  alert_relabel_configs:
                    - source_labels: [severity]
                      regex: debug
                      action: drop
                    - source_labels: [instance]
                      regex: '(.*):\\d+'
                      target_label: host
                    - action: labeldrop
                      regex: instance
                """, Path.of("/etc/prometheus"));
        assertThat(config.alerting().alertRelabelConfigs()).hasSize(3);
        try (HttpAlertNotifier n = new HttpAlertNotifier(10, HttpClient.newHttpClient())) {
            n.configure(List.of(alertsUri()), Duration.ofSeconds(5), config.global().externalLabels(),
                    config.alerting().alertRelabelConfigs());
            answer.countDown();
            n.send(List.of(alert("debug"), alert("page")));

            String body = received.poll(10, TimeUnit.SECONDS);
            assertThat(body).isNotNull();
            // One alert reaches the Alertmanager: the debug one is dropped, the page one has
            // the external label, the host derived from instance, and no instance.
            assertThat(body).startsWith("[{\"labels\":{")
                    .contains("\"alertname\":\"Down\"", "\"cluster\":\"eu1\"", "\"host\":\"a\"",
                            "\"severity\":\"page\"")
                    .doesNotContain("debug", "instance");
            assertThat(body.split("\"labels\"")).hasSize(2);
            assertThat(n.relabel(alert("debug"))).isNull();
            assertThat(n.relabel(alert("page")).labels())
                    .isEqualTo(Labels.of("alertname", "Down", "severity", "page", "host", "a"));
        }
    }

    @Test
    void everyAlertIsEitherDeliveredOrCountedAsDroppedWhenTheQueueOverflows() throws InterruptedException {
        try (HttpAlertNotifier n = new HttpAlertNotifier(2, HttpClient.newHttpClient())) {
            n.configure(List.of(alertsUri()), Duration.ofSeconds(5), Labels.EMPTY);
            n.send(java.util.stream.IntStream.range(0, 50).mapToObj(i -> alert("s" + i)).toList());
            // While the Alertmanager holds its answer the sender owns one batch of at most 3
            // (the alert it polled and the queue's 2) and the queue holds 2 more: at least 45 dropped.
            answer.countDown();

            int delivered = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (delivered + n.dropped() < 50 && System.nanoTime() < deadline) {
                String body = received.poll(100, TimeUnit.MILLISECONDS);
                if (body != null) {
                    delivered += body.split("\"labels\"").length - 1;
                }
            }
            assertThat(delivered + n.dropped()).isEqualTo(50);
            assertThat(n.dropped()).isGreaterThanOrEqualTo(45);
        }
    }

    @Test
    void annotationsThatRenderedEmptyArePostedAsEmptyStrings() throws InterruptedException {
        try (HttpAlertNotifier n = new HttpAlertNotifier(10, HttpClient.newHttpClient())) {
            n.configure(List.of(alertsUri()), Duration.ofSeconds(5), Labels.EMPTY);
            answer.countDown();
            n.send(List.of(new PostableAlert(Labels.of("alertname", "Down"), Annotations.of("summary", "down", "runbook", ""),
                    Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:04:00Z"), "http://p/graph")));
            assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("[{\"labels\":{\"alertname\":\"Down\"},"
                    + "\"annotations\":{\"runbook\":\"\",\"summary\":\"down\"},\"startsAt\":\"2026-01-01T00:00:00Z\","
                    + "\"endsAt\":\"2026-01-01T00:04:00Z\",\"generatorURL\":\"http://p/graph\"}]");
        }
    }
}
