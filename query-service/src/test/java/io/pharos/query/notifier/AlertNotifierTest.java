package io.pharos.query.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.pharos.model.config.PrometheusConfig;
import io.pharos.model.config.PrometheusConfigLoader;
import io.pharos.model.labels.Labels;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertNotifierTest {
    private static PostableAlert alert(String severity) {
        return new PostableAlert(Labels.of("alertname", "Down", "severity", severity, "instance", "a:9100"),
                Labels.EMPTY, Instant.EPOCH, Instant.EPOCH, "g");
    }

    @Test
    void alertRelabelConfigsRewriteAndDropAlertsAfterExternalLabels() {
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
        try (AlertNotifier n = new AlertNotifier(10, HttpClient.newHttpClient())) {
            n.configure(List.of(), Duration.ofSeconds(1), config.global().externalLabels(),
                    config.alerting().alertRelabelConfigs());
            n.send(List.of(alert("debug"), alert("page")));
            assertThat(n.queueLength()).isEqualTo(1);
            PostableAlert kept = n.relabel(alert("page"));
            assertThat(kept.labels()).isEqualTo(Labels.of("alertname", "Down", "severity", "page", "host", "a"));
            assertThat(n.relabel(alert("debug"))).isNull();
        }
    }
}
