package io.pharos.model.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PrometheusConfigLoaderTest {
    private static PrometheusConfig parse(String yaml) {
        return PrometheusConfigLoader.parse("prometheus.yml", yaml, Path.of("/etc/prometheus"));
    }

    @Test
    void appliesPrometheusDefaults() {
        PrometheusConfig c = parse("""
                scrape_configs:
                  - job_name: node
                    static_configs:
                      - targets: ['localhost:9100']
                        labels: {env: prod}
                """);
        ScrapeConfig sc = c.scrapeConfigs().get(0);
        assertThat(sc.scrapeInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(sc.scrapeTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(sc.metricsPath()).isEqualTo("/metrics");
        assertThat(sc.scheme()).isEqualTo("http");
        assertThat(sc.honorTimestamps()).isTrue();
        assertThat(sc.honorLabels()).isFalse();
        assertThat(sc.staticConfigs().get(0).labels()).containsEntry("env", "prod");
        assertThat(c.global().evaluationInterval()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void timeoutDefaultsShrinkToAShortInterval() {
        PrometheusConfig c = parse("""
                global: {scrape_interval: 5s}
                scrape_configs: [{job_name: a}]
                """);
        assertThat(c.scrapeConfigs().get(0).scrapeTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void readsRuleFilesAndAlerting() {
        PrometheusConfig c = parse("""
                rule_files: ['rules/*.yml']
                alerting:
                  alertmanagers:
                    - static_configs: [{targets: ['am:9093']}]
                      path_prefix: /am
                """);
        assertThat(c.ruleFiles()).containsExactly("rules/*.yml");
        assertThat(c.alerting().alertmanagers().get(0).alertsUrls()).containsExactly("http://am:9093/am/api/v2/alerts");
    }

    @Test
    void unknownFieldIsAnErrorNamingFileLineAndField() {
        assertThatThrownBy(() -> parse("""
                scrape_configs:
                  - job_name: a
                    scrape_intervall: 5s
                """)).isInstanceOf(ConfigException.class)
                .hasMessage("prometheus.yml:3: field scrape_intervall not found in scrape_configs[0]");
    }

    @Test
    void badDurationNamesTheField() {
        assertThatThrownBy(() -> parse("global: {scrape_interval: 5 minutes}"))
                .hasMessageContaining("prometheus.yml:1: global.scrape_interval: not a valid duration string: \"5 minutes\"");
    }

    @Test
    void timeoutLongerThanIntervalIsRejected() {
        assertThatThrownBy(() -> parse("scrape_configs: [{job_name: a, scrape_interval: 5s, scrape_timeout: 10s}]"))
                .hasMessageContaining("scrape timeout greater than scrape interval for scrape config with job name \"a\"");
    }

    @Test
    void duplicateJobNamesAreRejected() {
        assertThatThrownBy(() -> parse("scrape_configs: [{job_name: a}, {job_name: a}]"))
                .hasMessageContaining("found multiple scrape configs with job name \"a\"");
    }

    @Test
    void fieldsNotYetActedOnAreReportedNotRejected() {
        PrometheusConfig c = parse("""
                scrape_configs:
                  - job_name: a
                    proxy_url: http://proxy:3128
                """);
        assertThat(c.ignoredFields()).containsExactly("scrape_configs[0].proxy_url");
    }

    @Test
    void durationsPrintAsPrometheusDoes() {
        assertThat(PromDuration.format(PromDuration.parse("90m"))).isEqualTo("1h30m");
        assertThat(PromDuration.format(PromDuration.parse("1w"))).isEqualTo("1w");
        assertThat(PromDuration.format(Duration.ofMillis(1500))).isEqualTo("1s500ms");
    }
}
