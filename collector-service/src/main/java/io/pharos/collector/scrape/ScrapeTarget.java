package io.pharos.collector.scrape;

import io.pharos.model.config.ScrapeConfig;
import io.pharos.model.labels.Labels;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One endpoint to scrape: its URL, the public labels every series from it gets ({@code job},
 * {@code instance} and the rest that survived relabeling), its labels before relabeling
 * ({@code discoveredLabels}), and the scrape config it belongs to.
 */
public record ScrapeTarget(
        URI url,
        Labels labels,
        Duration interval,
        Duration timeout,
        boolean honorLabels,
        boolean honorTimestamps,
        long sampleLimit,
        ScrapeConfig config,
        Labels discoveredLabels) {

    /** A target with just a URL and labels, its config built from the given options. */
    public ScrapeTarget(URI url, Labels labels, Duration interval, Duration timeout, boolean honorLabels,
            boolean honorTimestamps, long sampleLimit) {
        this(url, labels, interval, timeout, honorLabels, honorTimestamps, sampleLimit,
                new ScrapeConfig(labels.get("job"), interval, timeout, url.getPath(), url.getScheme(), Map.of(),
                        honorLabels, honorTimestamps, sampleLimit, List.of()),
                labels);
    }

    public String job() {
        return labels.get("job");
    }

    public String instance() {
        return labels.get("instance");
    }

    /** The scrape pool, as the targets API names it: the job name of the scrape config. */
    public String scrapePool() {
        return config.jobName();
    }

    /** Stable identity of the target within its pool: its URL and labels. */
    public String id() {
        return url + labels.toString();
    }
}
