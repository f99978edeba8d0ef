package io.pharos.collector.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import io.pharos.model.config.PrometheusConfig;
import io.pharos.model.config.PrometheusConfigLoader;
import io.pharos.model.config.ScrapeConfig;
import io.pharos.model.labels.Labels;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TargetLabelsTest {
    private static ScrapeConfig config(String yaml) {
        PrometheusConfig c = PrometheusConfigLoader.parse("p.yml", yaml, Path.of("/tmp"));
        return c.scrapeConfigs().get(0);
    }

    private static TargetLabels.Result populate(ScrapeConfig c, String address) {
        return TargetLabels.populate(c, Labels.of("__address__", address), Labels.of("__meta_x", "m", "team", "a"));
    }

    @Test
    void defaultsFillTheReservedLabelsAndInstance() {
        TargetLabels.Result r = populate(config("scrape_configs: [{job_name: j, scrape_interval: 30s}]"), "h:9100");
        assertThat(r.discoveredLabels()).isEqualTo(Labels.of("__address__", "h:9100", "__meta_x", "m", "team", "a",
                "job", "j", "__scheme__", "http", "__metrics_path__", "/metrics", "__scrape_interval__", "30s",
                "__scrape_timeout__", "10s"));
        assertThat(r.target().labels()).isEqualTo(Labels.of("job", "j", "instance", "h:9100", "team", "a"));
        assertThat(r.target().url().toString()).isEqualTo("http://h:9100/metrics");
        assertThat(r.target().interval()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void relabelingCanRewriteAddressSchemePathParamsAndTimings() {
        ScrapeConfig c = config("""
                scrape_configs:
                  - job_name: blackbox
                    params: {module: [http_2xx], extra: [a, b]}
                    relabel_configs:
                      - {source_labels: [__address__], target_label: __param_target}
                      - {source_labels: [__param_target], target_label: instance}
                      - {target_label: __address__, replacement: 'exporter:9115'}
                      - {target_label: __metrics_path__, replacement: /probe}
                      - {target_label: __scheme__, replacement: https}
                      - {target_label: __scrape_interval__, replacement: 2m}
                      - {target_label: __scrape_timeout__, replacement: 1m30s}
                """);
        TargetLabels.Result r = populate(c, "example.com");
        assertThat(r.target().url().toString())
                .isEqualTo("https://exporter:9115/probe?extra=a&extra=b&module=http_2xx&target=example.com");
        assertThat(r.target().labels().get("instance")).isEqualTo("example.com");
        assertThat(r.target().interval()).isEqualTo(Duration.ofMinutes(2));
        assertThat(r.target().timeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(r.target().labels().has("__param_target")).isFalse();
    }

    @Test
    void droppedTargetsKeepTheirDiscoveredLabels() {
        ScrapeConfig c = config("""
                scrape_configs:
                  - job_name: j
                    relabel_configs: [{source_labels: [team], regex: a, action: drop}]
                """);
        TargetLabels.Result r = populate(c, "h:1");
        assertThat(r.dropped()).isTrue();
        assertThat(r.error()).isEmpty();
        assertThat(r.discoveredLabels().get("__meta_x")).isEqualTo("m");
    }

    @Test
    void metaLabelsAreRemovedButCanBeCopiedFirst() {
        ScrapeConfig c = config("""
                scrape_configs:
                  - job_name: j
                    relabel_configs: [{source_labels: [__meta_x], target_label: meta}]
                """);
        assertThat(populate(c, "h:1").target().labels()).isEqualTo(Labels.of("job", "j", "instance", "h:1", "team", "a", "meta", "m"));
    }

    @Test
    void invalidTargetsAreReportedNotScraped() {
        ScrapeConfig c = config("""
                scrape_configs:
                  - job_name: j
                    relabel_configs: [{target_label: __scrape_timeout__, replacement: 2m}]
                """);
        assertThat(populate(c, "h:1").error()).isEqualTo("scrape timeout cannot be greater than scrape interval (\"2m\" > \"1m\")");
        ScrapeConfig noAddress = config("""
                scrape_configs:
                  - job_name: j
                    relabel_configs: [{target_label: __address__, replacement: ''}]
                """);
        assertThat(populate(noAddress, "h:1").error()).isEqualTo("no address");
    }
}
