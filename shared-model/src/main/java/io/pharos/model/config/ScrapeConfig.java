package io.pharos.model.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One {@code scrape_configs} entry, with intervals and limits already defaulted from
 * {@code global}.
 *
 * @param scrapeProtocols the {@code scrape_protocols} in order of preference
 * @param fallbackScrapeProtocol the protocol for a body whose Content-Type is missing or unknown; empty for none
 */
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
        List<StaticConfig> staticConfigs,
        ScrapeLimits limits,
        HttpClientConfig http,
        boolean enableCompression,
        List<String> scrapeProtocols,
        String fallbackScrapeProtocol,
        List<RelabelConfig> relabelConfigs,
        List<RelabelConfig> metricRelabelConfigs,
        ServiceDiscoveryConfigs serviceDiscovery) {

    /** Prometheus's default {@code scrape_protocols} less the protobuf one Pharos does not read. */
    public static final List<String> DEFAULT_SCRAPE_PROTOCOLS =
            List.of("OpenMetricsText1.0.0", "OpenMetricsText0.0.1", "PrometheusText1.0.0", "PrometheusText0.0.4");

    public ScrapeConfig {
        params = Map.copyOf(params);
        staticConfigs = List.copyOf(staticConfigs);
        scrapeProtocols = List.copyOf(scrapeProtocols);
        relabelConfigs = List.copyOf(relabelConfigs);
        metricRelabelConfigs = List.copyOf(metricRelabelConfigs);
    }

    /** A config with only the original fields; everything else at Prometheus's defaults. */
    public ScrapeConfig(String jobName, Duration scrapeInterval, Duration scrapeTimeout, String metricsPath,
            String scheme, Map<String, List<String>> params, boolean honorLabels, boolean honorTimestamps,
            long sampleLimit, List<StaticConfig> staticConfigs) {
        this(jobName, scrapeInterval, scrapeTimeout, metricsPath, scheme, params, honorLabels, honorTimestamps,
                sampleLimit, staticConfigs, ScrapeLimits.NONE, HttpClientConfig.DEFAULT, true,
                DEFAULT_SCRAPE_PROTOCOLS, "", List.of(), List.of(), ServiceDiscoveryConfigs.NONE);
    }

    public ScrapeConfig withStaticConfigs(List<StaticConfig> statics) {
        return new ScrapeConfig(jobName, scrapeInterval, scrapeTimeout, metricsPath, scheme, params, honorLabels,
                honorTimestamps, sampleLimit, statics, limits, http, enableCompression, scrapeProtocols,
                fallbackScrapeProtocol, relabelConfigs, metricRelabelConfigs, serviceDiscovery);
    }

    public ScrapeConfig withRelabeling(List<RelabelConfig> relabel, List<RelabelConfig> metricRelabel) {
        return new ScrapeConfig(jobName, scrapeInterval, scrapeTimeout, metricsPath, scheme, params, honorLabels,
                honorTimestamps, sampleLimit, staticConfigs, limits, http, enableCompression, scrapeProtocols,
                fallbackScrapeProtocol, relabel, metricRelabel, serviceDiscovery);
    }
}
