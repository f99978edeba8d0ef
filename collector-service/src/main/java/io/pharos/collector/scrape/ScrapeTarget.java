package io.pharos.collector.scrape;

import io.pharos.model.labels.Labels;
import java.net.URI;
import java.time.Duration;

/**
 * One endpoint to scrape, with the labels every series from it gets ({@code job},
 * {@code instance} and the static labels) and the options of its scrape config.
 */
public record ScrapeTarget(
        URI url,
        Labels labels,
        Duration interval,
        Duration timeout,
        boolean honorLabels,
        boolean honorTimestamps,
        long sampleLimit) {

    public String job() {
        return labels.get("job");
    }

    public String instance() {
        return labels.get("instance");
    }

    /** Stable identity of the target: its URL and labels. */
    public String id() {
        return url + labels.toString();
    }
}
