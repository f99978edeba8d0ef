package io.pharos.collector.scrape;

import io.pharos.model.config.ScrapeConfig;
import io.pharos.model.sample.SamplePublisher;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs one {@link ScrapeLoop} per target on its interval. Applying a new set of scrape configs
 * keeps the loops of unchanged targets, stops removed ones (marking their series stale) and
 * starts new ones. Each target's phase within its interval comes from its hash, as in
 * Prometheus, so scrapes spread out and keep their rhythm across restarts.
 */
public final class ScrapeManager implements AutoCloseable {
    private final ScheduledExecutorService scheduler;
    private final TargetScraper scraper;
    private final SamplePublisher publisher;
    private final Clock clock;
    private final Map<String, Running> running = new HashMap<>();

    private record Running(ScrapeLoop loop, ScheduledFuture<?> schedule) {
    }

    public ScrapeManager(ScheduledExecutorService scheduler, TargetScraper scraper, SamplePublisher publisher, Clock clock) {
        this.scheduler = scheduler;
        this.scraper = scraper;
        this.publisher = publisher;
        this.clock = clock;
    }

    public synchronized void apply(List<ScrapeConfig> configs) {
        Map<String, ScrapeTarget> wanted = new HashMap<>();
        for (ScrapeConfig c : configs) {
            for (ScrapeTarget t : TargetDiscovery.targets(c)) {
                wanted.put(t.id() + "|" + t.interval() + "|" + t.timeout() + "|" + t.honorLabels() + "|"
                        + t.honorTimestamps() + "|" + t.sampleLimit(), t);
            }
        }
        Set<String> gone = new HashSet<>(running.keySet());
        gone.removeAll(wanted.keySet());
        for (String key : gone) {
            stop(running.remove(key));
        }
        wanted.forEach((key, target) -> running.computeIfAbsent(key, k -> start(target)));
    }

    public synchronized List<ScrapeLoop> loops() {
        List<ScrapeLoop> out = new ArrayList<>();
        running.values().forEach(r -> out.add(r.loop()));
        return out;
    }

    private Running start(ScrapeTarget target) {
        ScrapeLoop loop = new ScrapeLoop(target, scraper, publisher, clock);
        long interval = target.interval().toMillis();
        long offset = Long.remainderUnsigned(target.labels().hash(), interval);
        long delay = Math.floorMod(offset - clock.millis(), interval);
        ScheduledFuture<?> f = scheduler.scheduleAtFixedRate(loop::scrapeOnce, delay, interval, TimeUnit.MILLISECONDS);
        return new Running(loop, f);
    }

    private void stop(Running r) {
        r.schedule().cancel(false);
        scheduler.execute(r.loop()::stop);
    }

    /**
     * Stops scraping without staleness markers: as in Prometheus, a shutdown is not the end of
     * the targets' series, which go on when the collector (or another replica) starts again.
     */
    @Override
    public synchronized void close() {
        running.values().forEach(r -> r.schedule().cancel(false));
        running.clear();
    }
}
