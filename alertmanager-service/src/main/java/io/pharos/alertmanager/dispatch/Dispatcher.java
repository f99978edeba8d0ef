package io.pharos.alertmanager.dispatch;

import io.pharos.alertmanager.alert.Alert;
import io.pharos.alertmanager.alert.AlertStore;
import io.pharos.alertmanager.notify.NotificationContext;
import io.pharos.alertmanager.notify.NotificationException;
import io.pharos.alertmanager.notify.Stage;
import io.pharos.model.labels.Labels;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sorts alerts into aggregation groups, per matching route and group labels, and flushes each
 * group through the notification pipeline on its timers. One dispatcher serves one config: a
 * reload stops it and starts a new one, which rebuilds its groups from the alert store (the
 * notification log keeps them from notifying again what was already sent).
 */
public final class Dispatcher {
    /** The least time a flush gets to deliver, however short the group interval. */
    static final Duration MIN_FLUSH_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final Route root;
    private final Stage pipeline;
    private final ScheduledExecutorService timers;
    private final Executor flushExecutor;
    private final Clock clock;
    private final IntConsumer groupCount;
    private final Map<Route, Map<Labels, AggregationGroup>> groups = new HashMap<>();
    private volatile boolean stopped;
    private AlertStore.Subscription subscription;

    /**
     * @param timers runs the group timers (short tasks only)
     * @param flushExecutor runs flushes, which block while delivering
     * @param groupCount told the number of aggregation groups whenever it changes
     */
    public Dispatcher(Route root, Stage pipeline, ScheduledExecutorService timers, Executor flushExecutor, Clock clock,
            IntConsumer groupCount) {
        this.root = root;
        this.pipeline = pipeline;
        this.timers = timers;
        this.flushExecutor = flushExecutor;
        this.clock = clock;
        this.groupCount = groupCount;
    }

    /** While {@link #start} replays the stored alerts: the group timers to start once it is done. */
    private List<Map.Entry<AggregationGroup, Duration>> timersOnHold;

    public Route route() {
        return root;
    }

    /**
     * Takes every stored alert, then every alert put from now on. The stored alerts are all in
     * their groups before any group's timer starts: a group due at once (after a reload) must
     * not flush with only the first of its alerts, and so notify a change that is none.
     */
    public void start(AlertStore store) {
        synchronized (this) {
            timersOnHold = new ArrayList<>();
        }
        subscription = store.subscribe(this::route);
        List<Map.Entry<AggregationGroup, Duration>> held;
        synchronized (this) {
            held = timersOnHold;
            timersOnHold = null;
        }
        held.forEach(e -> schedule(e.getKey(), e.getValue()));
    }

    /** Stops taking alerts and cancels every timer; flushes under way see themselves cancelled. */
    public void stop() {
        stopped = true;
        if (subscription != null) {
            subscription.close();
        }
        synchronized (this) {
            groups.values().forEach(m -> m.values().forEach(AggregationGroup::stop));
            groups.clear();
        }
    }

    /** Routes one alert into the group of each matching route. */
    public void route(Alert alert) {
        if (stopped) {
            return;
        }
        for (Route r : root.match(alert.labels())) {
            insert(alert, r);
        }
    }

    private synchronized void insert(Alert alert, Route route) {
        Labels groupLabels = route.groupLabels(alert.labels());
        Map<Labels, AggregationGroup> byLabels = groups.computeIfAbsent(route, r -> new HashMap<>());
        AggregationGroup existing = byLabels.get(groupLabels);
        if (existing != null && existing.insert(alert)) {
            return;
        }
        AggregationGroup group = new AggregationGroup(route, groupLabels);
        group.insert(alert);
        byLabels.put(groupLabels, group);
        groupCount.accept(count());
        Duration wait = route.options().groupWait();
        Instant now = clock.instant();
        if (alert.startsAt() != null && alert.startsAt().plus(wait).isBefore(now)) {
            wait = Duration.ZERO;
        }
        if (timersOnHold != null) {
            timersOnHold.add(Map.entry(group, wait));
        } else {
            schedule(group, wait);
        }
    }

    private void schedule(AggregationGroup group, Duration delay) {
        try {
            group.setTimer(timers.schedule(() -> tick(group), delay.toNanos(), TimeUnit.NANOSECONDS));
        } catch (RejectedExecutionException e) {
            if (!stopped) {
                LOG.warn("cannot schedule flush of {}: {}", group, e.toString());
            }
        }
    }

    private void tick(AggregationGroup group) {
        if (stopped || group.isDestroyed()) {
            return;
        }
        Instant now = clock.instant();
        Duration interval = group.route().options().groupInterval();
        schedule(group, interval);
        try {
            flushExecutor.execute(() -> flush(group, now));
        } catch (RejectedExecutionException e) {
            if (!stopped) {
                LOG.warn("cannot run flush of {}: {}", group, e.toString());
            }
        }
    }

    /** Sends the group's alerts as of {@code now}; after success, forgets the resolved ones sent. */
    void flush(AggregationGroup group, Instant now) {
        group.flushLock().lock();
        try {
            if (stopped) {
                return;
            }
            AggregationGroup.Snapshot snapshot = group.snapshot(now);
            if (snapshot.alerts().isEmpty()) {
                return;
            }
            RouteOptions opts = group.route().options();
            Duration timeout = opts.groupInterval().compareTo(MIN_FLUSH_TIMEOUT) < 0 ? MIN_FLUSH_TIMEOUT : opts.groupInterval();
            NotificationContext ctx = new NotificationContext(opts.receiver(), group.groupKey(), group.labels(), now,
                    opts.repeatInterval(), timeout, () -> stopped, opts.muteTimeIntervals(), opts.activeTimeIntervals());
            try {
                pipeline.exec(ctx, snapshot.alerts());
            } catch (NotificationException e) {
                if (stopped) {
                    LOG.debug("Notify for alerts failed: aggrGroup={} err={}", group, e.getMessage());
                } else {
                    LOG.error("Notify for alerts failed: aggrGroup={} num_alerts={} err={}", group,
                            snapshot.alerts().size(), e.getMessage());
                }
                return;
            } catch (RuntimeException e) {
                LOG.error("Notify for alerts failed: aggrGroup={}", group, e);
                return;
            }
            if (group.deleteResolved(snapshot.resolved())) {
                remove(group);
            }
        } finally {
            group.flushLock().unlock();
        }
    }

    private synchronized void remove(AggregationGroup group) {
        Map<Labels, AggregationGroup> byLabels = groups.get(group.route());
        if (byLabels != null && byLabels.remove(group.labels(), group)) {
            groupCount.accept(count());
        }
    }

    private int count() {
        int n = 0;
        for (Map<Labels, AggregationGroup> m : groups.values()) {
            n += m.size();
        }
        return n;
    }

    /** The live aggregation groups, for the API and tests. */
    public synchronized List<AggregationGroup> groups() {
        List<AggregationGroup> out = new ArrayList<>();
        root.walk(r -> {
            Map<Labels, AggregationGroup> m = groups.get(r);
            if (m != null) {
                out.addAll(m.values());
            }
        });
        return out;
    }
}
