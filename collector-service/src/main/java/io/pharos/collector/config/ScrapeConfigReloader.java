package io.pharos.collector.config;

import io.pharos.collector.jobs.ScrapeJobs;
import io.pharos.model.config.PrometheusConfig;
import io.pharos.model.config.PrometheusConfigLoader;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads {@code prometheus.yml} and hands its scrape configs to the running jobs. A reload that
 * fails leaves the running config in place and reports why (file, line and field).
 */
public final class ScrapeConfigReloader {
    private static final Logger log = LoggerFactory.getLogger(ScrapeConfigReloader.class);

    private final String location;
    private final ScrapeJobs jobs;
    private final AtomicReference<PrometheusConfig> current = new AtomicReference<>();

    public ScrapeConfigReloader(String location, ScrapeJobs jobs) {
        this.location = location;
        this.jobs = jobs;
    }

    /** Loads and applies the file; throws {@link io.pharos.model.config.ConfigException} if it is bad. */
    public synchronized PrometheusConfig reload() {
        PrometheusConfig config = PrometheusConfigLoader.load(location);
        for (String field : config.ignoredFields()) {
            log.warn("{}: field {} is accepted but not acted on yet", config.source(), field);
        }
        jobs.fileChanged(config);
        current.set(config);
        log.info("loaded {} with {} scrape configs", config.source(), config.scrapeConfigs().size());
        return config;
    }

    public PrometheusConfig current() {
        return current.get();
    }
}
