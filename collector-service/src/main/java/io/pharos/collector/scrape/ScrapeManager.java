package io.pharos.collector.scrape;

import io.pharos.collector.discovery.Discoverer;
import io.pharos.collector.discovery.Discoverers;
import io.pharos.model.config.ScrapeConfig;
import io.pharos.model.sample.SamplePublisher;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

/**
 * Runs one {@link ScrapePool} per scrape config. Applying a new set of configs keeps the pools
 * of unchanged jobs, reloads changed ones, stops removed ones (marking their series stale) and
 * starts new ones. Each target's phase within its interval comes from its hash, as in
 * Prometheus, so scrapes spread out and keep their rhythm across restarts.
 */
public final class ScrapeManager implements AutoCloseable {
    private final ScheduledExecutorService scheduler;
    private final SamplePublisher publisher;
    private final Clock clock;
    private final Function<ScrapeConfig, List<Discoverer>> discovery;
    private final TargetShard shard;
    private final Map<String, ScrapePool> pools = new LinkedHashMap<>();

    public ScrapeManager(ScheduledExecutorService scheduler, SamplePublisher publisher, Clock clock) {
        this(scheduler, publisher, clock, new Discoverers(scheduler));
    }

    public ScrapeManager(ScheduledExecutorService scheduler, SamplePublisher publisher, Clock clock,
            Function<ScrapeConfig, List<Discoverer>> discovery) {
        this(scheduler, publisher, clock, discovery, TargetShard.ALL);
    }

    /** A manager that scrapes only its shard of the targets (several collector replicas). */
    public ScrapeManager(ScheduledExecutorService scheduler, SamplePublisher publisher, Clock clock,
            Function<ScrapeConfig, List<Discoverer>> discovery, TargetShard shard) {
        this.shard = shard;
        this.scheduler = scheduler;
        this.publisher = publisher;
        this.clock = clock;
        this.discovery = discovery;
    }

    public synchronized void apply(List<ScrapeConfig> configs) {
        Map<String, ScrapeConfig> wanted = new LinkedHashMap<>();
        configs.forEach(c -> wanted.put(c.jobName(), c));
        for (String job : new ArrayList<>(pools.keySet())) {
            if (!wanted.containsKey(job)) {
                pools.remove(job).stop(true);
            }
        }
        for (ScrapeConfig c : wanted.values()) {
            ScrapePool pool = pools.get(c.jobName());
            if (pool == null) {
                pool = new ScrapePool(c, scheduler, publisher, clock, discovery, shard);
                pools.put(c.jobName(), pool);
                pool.start();
            } else if (!pool.config().equals(c)) {
                pool.reload(c);
            }
        }
    }

    public synchronized List<ScrapePool> pools() {
        return new ArrayList<>(pools.values());
    }

    public synchronized List<ScrapeLoop> loops() {
        List<ScrapeLoop> out = new ArrayList<>();
        pools.values().forEach(p -> out.addAll(p.loops()));
        return out;
    }

    /**
     * Stops scraping without staleness markers: as in Prometheus, a shutdown is not the end of
     * the targets' series, which go on when the collector (or another replica) starts again.
     */
    @Override
    public synchronized void close() {
        pools.values().forEach(p -> p.stop(false));
        pools.clear();
    }
}
