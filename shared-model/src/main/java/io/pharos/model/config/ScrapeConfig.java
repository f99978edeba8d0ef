package io.pharos.model.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** One {@code scrape_configs} entry, with intervals already defaulted from {@code global}. */
public record ScrapeConfig(
        String jobName,
        Duration scrapeInterval,
        Duration scrapeTimeout,
        String metricsPath,
        String scheme,
        Map<String, List<String>> params,
        boolean honorLabels,
        boolean honorTimestamps,
        long sampleLimit,
        List<StaticConfig> staticConfigs) {

    public ScrapeConfig {
        params = Map.copyOf(params);
        staticConfigs = List.copyOf(staticConfigs);
    }
}
