package io.pharos.collector.scrape;

import io.pharos.collector.discovery.Discoverer;
import io.pharos.collector.discovery.TargetGroup;
import io.pharos.model.config.ScrapeConfig;
import io.pharos.model.labels.Labels;
import io.pharos.model.sample.SamplePublisher;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The targets of one scrape config (one job): takes the target groups its discoverers report,
 * builds targets from them (relabeling; dropped ones are remembered for the targets API),
 * enforces {@code target_limit}, and runs one {@link ScrapeLoop} per target. A reload with a
 * changed config restarts the loops with the new settings without marking their series stale.
 */
public final class ScrapePool implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ScrapePool.class);

    private final ScheduledExecutorService scheduler;
    private final SamplePublisher publisher;
    private final Clock clock;
    private final Function<ScrapeConfig, List<Discoverer>> discovery;
    private final TargetShard shard;
    private ScrapeConfig config;
    private TargetScraper scraper;
    private List<Discoverer> discoverers = List.of();
    private final Map<String, List<TargetGroup>> groupsByProvider = new LinkedHashMap<>();
    private final Map<String, Running> running = new HashMap<>();
    private List<DroppedTarget> dropped = List.of();
    private int droppedCount;
    private boolean closed;
    /** During a reload: the loops of the old config, handed to the new loops of the same targets. */
    private Map<String, Running> reloading;

    private record Running(ScrapeLoop loop, ScheduledFuture<?> schedule) {
    }

    public ScrapePool(ScrapeConfig config, ScheduledExecutorService scheduler, SamplePublisher publisher, Clock clock,
            Function<ScrapeConfig, List<Discoverer>> discovery) {
        this(config, scheduler, publisher, clock, discovery, TargetShard.ALL);
    }

    public ScrapePool(ScrapeConfig config, ScheduledExecutorService scheduler, SamplePublisher publisher, Clock clock,
            Function<ScrapeConfig, List<Discoverer>> discovery, TargetShard shard) {
        this.shard = shard;
        this.config = config;
        this.scheduler = scheduler;
        this.publisher = publisher;
        this.clock = clock;
        this.discovery = discovery;
        this.scraper = new TargetScraper(HttpClients.build(config.http()), config.http());
    }

    public synchronized ScrapeConfig config() {
        return config;
    }

    public synchronized void start() {
        discoverers = discovery.apply(config);
        // After a reload, providers the new config no longer has are forgotten; the others keep
        // their last groups until their new discoverer reports (see reload).
        groupsByProvider.keySet().removeIf(provider -> Integer.parseInt(provider) >= discoverers.size());
        for (int i = 0; i < discoverers.size(); i++) {
            String provider = Integer.toString(i);
            Discoverer d = discoverers.get(i);
            try {
                d.start(groups -> update(provider, groups));
            } catch (RuntimeException e) {
                log.error("scrape pool {}: discovery failed to start: {}", config.jobName(), e.getMessage());
            }
        }
        sync();
    }

    /**
     * Applies a changed config: new discovery, new settings for every loop. As in Prometheus, the
     * targets found before stay until the new discovery reports: a discoverer that answers later
     * (DNS, Kubernetes) must not make its targets vanish, and their series stale, for a moment.
     */
    public synchronized void reload(ScrapeConfig newConfig) {
        closeDiscoverers();
        this.config = newConfig;
        this.scraper = new TargetScraper(HttpClients.build(newConfig.http()), newConfig.http());
        Map<String, Running> old = new HashMap<>(running);
        running.clear();
        old.values().forEach(r -> r.schedule().cancel(false));
        reloading = old;
        try {
            start();
        } finally {
            // targets gone after the reload are stopped with staleness markers
            for (Running r : reloading.values()) {
                scheduler.execute(r.loop()::stop);
            }
            reloading = null;
        }
    }

    synchronized void update(String provider, List<TargetGroup> groups) {
        if (closed) {
            return;
        }
        groupsByProvider.put(provider, groups);
        if (reloading == null) {
            sync();
        }
    }

    private void sync() {
        Map<String, ScrapeTarget> wanted = new LinkedHashMap<>();
        List<DroppedTarget> droppedNow = new ArrayList<>();
        int droppedTotal = 0;
        for (List<TargetGroup> groups : groupsByProvider.values()) {
            for (TargetGroup g : groups) {
                for (Labels t : g.targets()) {
                    TargetLabels.Result r = TargetLabels.populate(config, t, g.labels());
                    if (r.target() != null) {
                        if (shard.owns(r.target())) {
                            wanted.putIfAbsent(r.target().id(), r.target());
                        }
                    } else if (r.error().isEmpty()) {
                        droppedTotal++;
                        long keep = config.limits().keepDroppedTargets();
                        if (keep == 0 || droppedNow.size() < keep) {
                            droppedNow.add(new DroppedTarget(r.discoveredLabels(), config.jobName()));
                        }
                    } else {
                        log.warn("scrape pool {}: creating target failed: {} ({})", config.jobName(), r.error(),
                                r.discoveredLabels());
                    }
                }
            }
        }
        dropped = List.copyOf(droppedNow);
        droppedCount = droppedTotal;
        for (String key : new ArrayList<>(running.keySet())) {
            if (!wanted.containsKey(key)) {
                Running r = running.remove(key);
                r.schedule().cancel(false);
                scheduler.execute(r.loop()::stop);
            }
        }
        for (Map.Entry<String, ScrapeTarget> e : wanted.entrySet()) {
            if (!running.containsKey(e.getKey())) {
                ScrapeLoop predecessor = null;
                if (reloading != null) {
                    Running old = reloading.remove(e.getKey());
                    predecessor = old == null ? null : old.loop();
                }
                running.put(e.getKey(), schedule(new ScrapeLoop(e.getValue(), scraper, publisher, clock, predecessor)));
            }
        }
        long limit = config.limits().targetLimit();
        String forced = limit > 0 && running.size() > limit
                ? "target_limit exceeded (number of targets: " + running.size() + ", limit: " + limit + ")" : null;
        running.values().forEach(r -> r.loop().setForcedError(forced));
    }

    private Running schedule(ScrapeLoop loop) {
        ScrapeTarget target = loop.target();
        long interval = target.interval().toMillis();
        long offset = Long.remainderUnsigned(target.labels().hash() ^ target.url().toString().hashCode(), interval);
        long delay = Math.floorMod(offset - clock.millis(), interval);
        ScheduledFuture<?> f = scheduler.scheduleAtFixedRate(loop::scrapeOnce, delay, interval, TimeUnit.MILLISECONDS);
        return new Running(loop, f);
    }

    public synchronized List<ScrapeLoop> loops() {
        List<ScrapeLoop> out = new ArrayList<>();
        running.values().forEach(r -> out.add(r.loop()));
        return out;
    }

    public synchronized List<DroppedTarget> droppedTargets() {
        return dropped;
    }

    /** Every dropped target, also those beyond {@code keep_dropped_targets}. */
    public synchronized int droppedTargetCount() {
        return droppedCount;
    }

    /** Stops the pool; with {@code stale}, every series of every target gets a staleness marker. */
    public synchronized void stop(boolean stale) {
        closed = true;
        closeDiscoverers();
        for (Running r : running.values()) {
            r.schedule().cancel(false);
            if (stale) {
                scheduler.execute(r.loop()::stop);
            }
        }
        running.clear();
    }

    private void closeDiscoverers() {
        for (Discoverer d : discoverers) {
            try {
                d.close();
            } catch (RuntimeException e) {
                log.warn("closing discovery of {} failed: {}", config.jobName(), e.toString());
            }
        }
        discoverers = List.of();
    }

    @Override
    public void close() {
        stop(false);
    }
}
