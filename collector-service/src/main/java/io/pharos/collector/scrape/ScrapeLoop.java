package io.pharos.collector.scrape;

import io.pharos.model.labels.Labels;
import io.pharos.model.sample.SamplePublisher;
import io.pharos.model.sample.SeriesSamples;
import io.pharos.model.sample.StaleMarker;
import io.pharos.model.textparse.ExpositionParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scrapes one target, once per call of {@link #scrapeOnce()}: reads its samples, adds the
 * synthesized series Prometheus adds ({@code up}, {@code scrape_duration_seconds},
 * {@code scrape_samples_scraped}, {@code scrape_samples_post_metric_relabeling},
 * {@code scrape_series_added}), writes staleness markers for series that disappeared, and
 * publishes everything. Calls must not overlap; the scheduler guarantees that.
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
    private Set<Labels> previous = Set.of();
    private volatile ScrapeHealth health = ScrapeHealth.UNKNOWN;

    public ScrapeLoop(ScrapeTarget target, TargetScraper scraper, SamplePublisher publisher, Clock clock) {
        this.target = target;
        this.scraper = scraper;
        this.publisher = publisher;
        this.clock = clock;
    }

    public ScrapeTarget target() {
        return target;
    }

    public ScrapeHealth health() {
        return health;
    }

    public void scrapeOnce() {
        long start = clock.millis();
        long startNanos = System.nanoTime();
        List<SeriesSamples> scraped;
        String error = "";
        try {
            scraped = ScrapeBodyReader.read(scraper.scrape(target), target, start);
        } catch (ScrapeException | ExpositionParseException | ScrapeBodyReader.SampleLimitExceededException e) {
            scraped = List.of();
            error = e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        boolean up = error.isEmpty();

        Set<Labels> current = new HashSet<>(scraped.size() * 2);
        int added = 0;
        for (SeriesSamples s : scraped) {
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
        double[] report = {up ? 1 : 0, seconds, scraped.size(), scraped.size(), added};
        for (int i = 0; i < REPORT_SERIES.length; i++) {
            out.add(SeriesSamples.single(reportLabels(REPORT_SERIES[i]), start, report[i]));
        }
        previous = current;
        health = new ScrapeHealth(up ? ScrapeHealth.State.UP : ScrapeHealth.State.DOWN, Instant.ofEpochMilli(start),
                Duration.ofNanos(System.nanoTime() - startNanos), error);
        if (!up) {
            log.debug("scrape of {} failed: {}", target.url(), error);
        }
        publish(out);
    }

    /** Marks every series of this target stale, as Prometheus does when a target goes away. */
    public void stop() {
        long now = clock.millis();
        List<SeriesSamples> out = new ArrayList<>();
        for (Labels l : previous) {
            out.add(SeriesSamples.single(l, now, StaleMarker.VALUE));
        }
        if (health.state() != ScrapeHealth.State.UNKNOWN) {
            for (String name : REPORT_SERIES) {
                out.add(SeriesSamples.single(reportLabels(name), now, StaleMarker.VALUE));
            }
        }
        previous = Set.of();
        publish(out);
    }

    private Labels reportLabels(String name) {
        return target.labels().toBuilder().set(Labels.METRIC_NAME, name).build();
    }

    private void publish(List<SeriesSamples> out) {
        publisher.publish(out).whenComplete((ok, e) -> {
            if (e != null) {
                log.warn("publishing {} series of {} failed: {}", out.size(), target.url(), e.toString());
            }
        });
    }
}
