package io.pharos.model.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The parts of a {@code prometheus.yml} that Pharos reads. The collector uses
 * {@code global} and {@code scrape_configs}; the query service uses {@code global},
 * {@code rule_files} and {@code alerting}.
 *
 * @param baseDir the directory of the file: relative paths in it (rule files) resolve against it
 * @param ignoredFields Prometheus fields that were accepted but have no effect yet, by path
 * @param text the file as it was read, for {@code /api/v1/status/config}
 */
public record PrometheusConfig(
        GlobalConfig global,
        List<ScrapeConfig> scrapeConfigs,
        List<String> ruleFiles,
        AlertingConfig alerting,
        Path baseDir,
        String source,
        List<String> ignoredFields,
        String text) {

    public PrometheusConfig {
        scrapeConfigs = List.copyOf(scrapeConfigs);
        ruleFiles = List.copyOf(ruleFiles);
        ignoredFields = List.copyOf(ignoredFields);
    }
}
