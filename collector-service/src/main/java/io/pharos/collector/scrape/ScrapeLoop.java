package io.pharos.collector.scrape;

import io.pharos.model.labels.Labels;
import io.pharos.model.sample.SamplePublisher;
import io.pharos.model.sample.SeriesSamples;
import io.pharos.model.sample.StaleMarker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scrapes one target, once per call of {@link #scrapeOnce()}: reads its samples, adds the
 * synthesized series Prometheus adds ({@code up}, {@code scrape_duration_seconds},
 * {@code scrape_samples_scraped}, {@code scrape_samples_post_metric_relabeling},
 * {@code scrape_series_added}), writes staleness markers for series that disappeared (all of
 * them when the scrape failed), and publishes everything. Calls must not overlap; the
 * scheduler guarantees that.
 */
public final class ScrapeLoop {
    private static final Logger log = LoggerFactory.getLogger(ScrapeLoop.class);
    private static final String[] REPORT_SERIES = {
        "up", "scrape_duration_seconds", "scrape_samples_scraped", "scrape_samples_post_metric_relabeling",
        "scrape_series_added"
    };

    private final ScrapeTarget target;
    private final TargetScraper scraper;
    private final SamplePublisher publisher;
    private final Clock clock;
    private Set<Labels> previous;
    private boolean reported;
    private volatile ScrapeHealth health = ScrapeHealth.UNKNOWN;
    private volatile Map<String, MetricMetadata> metadata = Map.of();
    private volatile String forcedError;

    public ScrapeLoop(ScrapeTarget target, TargetScraper scraper, SamplePublisher publisher, Clock clock) {
        this(target, scraper, publisher, clock, null);
    }

    /** A loop that continues {@code predecessor}'s series (a reload), so they are not marked stale. */
    public ScrapeLoop(ScrapeTarget target, TargetScraper scraper, SamplePublisher publisher, Clock clock,
            ScrapeLoop predecessor) {
        this.target = target;
        this.scraper = scraper;
        this.publisher = publisher;
        this.clock = clock;
        if (predecessor != null) {
            synchronized (predecessor) {
                this.previous = predecessor.previous;
                this.reported = predecessor.reported;
                this.health = predecessor.health;
                this.metadata = predecessor.metadata;
                predecessor.previous = Set.of();
                predecessor.reported = false;
            }
        } else {
            this.previous = Set.of();
        }
    }

    public ScrapeTarget target() {
        return target;
    }

    public ScrapeHealth health() {
        return health;
    }

    /** The metric families the target described in its last successful scrape, by name. */
    public Map<String, MetricMetadata> metadata() {
        return metadata;
    }

    /** Makes every scrape fail with this error (target_limit exceeded), or scrape normally again with null. */
    public void setForcedError(String error) {
        this.forcedError = error;
    }

    public synchronized void scrapeOnce() {
        long start = clock.millis();
        long startNanos = System.nanoTime();
        List<SeriesSamples> scraped = List.of();
        int samplesScraped = 0;
        int postRelabel = 0;
        String error = forcedError;
        if (error == null) {
            try {
                ScrapeBatch batch = ScrapeBodyReader.read(scraper.scrape(target), target, start);
                scraped = batch.series();
                samplesScraped = batch.samplesScraped();
                postRelabel = scraped.size();
                metadata = batch.metadata();
            } catch (ScrapeException e) {
                error = e.getMessage();
                samplesScraped = e.samplesScraped();
                postRelabel = e.samplesPostRelabeling();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                error = e.toString();
                log.warn("scrape of {} failed unexpectedly", target.url(), e);
            }
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        boolean up = error == null;

        Set<Labels> current = new HashSet<>(scraped.size() * 2);
        int added = 0;
        boolean explicitTimestamps = target.honorTimestamps();
        for (SeriesSamples s : scraped) {
            if (explicitTimestamps && s.timestamps()[0] != start) {
                continue; // series with their own timestamps get no staleness markers, as in Prometheus
            }
            current.add(s.labels());
            if (!previous.contains(s.labels())) {
                added++;
            }
        }
        List<SeriesSamples> out = new ArrayList<>(scraped.size() + REPORT_SERIES.length + 8);
        out.addAll(scraped);
        for (Labels gone : previous) {
            if (!current.contains(gone)) {
                out.add(SeriesSamples.single(gone, start, StaleMarker.VALUE));
            }
        }
        double[] report = {up ? 1 : 0, seconds, samplesScraped, postRelabel, up ? added : 0};
        for (int i = 0; i < REPORT_SERIES.length; i++) {
            out.add(SeriesSamples.single(reportLabels(REPORT_SERIES[i]), start, report[i]));
        }
        previous = current;
        reported = true;
        health = new ScrapeHealth(up ? ScrapeHealth.State.UP : ScrapeHealth.State.DOWN, Instant.ofEpochMilli(start),
                Duration.ofNanos(System.nanoTime() - startNanos), up ? "" : error);
        if (!up) {
            log.debug("scrape of {} failed: {}", target.url(), error);
        }
        publish(out);
    }

    /** Marks every series of this target stale, as Prometheus does when a target goes away. */
    public synchronized void stop() {
        long now = clock.millis();
        List<SeriesSamples> out = new ArrayList<>();
        for (Labels l : previous) {
            out.add(SeriesSamples.single(l, now, StaleMarker.VALUE));
        }
        if (reported) {
            for (String name : REPORT_SERIES) {
                out.add(SeriesSamples.single(reportLabels(name), now, StaleMarker.VALUE));
            }
        }
        previous = Set.of();
        reported = false;
        publish(out);
    }

    private Labels reportLabels(String name) {
        return target.labels().toBuilder().set(Labels.METRIC_NAME, name).build();
    }

    private void publish(List<SeriesSamples> out) {
        if (out.isEmpty()) {
            return;
        }
        publisher.publish(out).whenComplete((ok, e) -> {
            if (e != null) {
                log.warn("publishing {} series of {} failed: {}", out.size(), target.url(), e.toString());
            }
        });
    }
}
