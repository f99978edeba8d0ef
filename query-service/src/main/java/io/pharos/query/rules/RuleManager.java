package io.pharos.query.rules;

import io.pharos.model.labels.Labels;
import io.pharos.model.labels.Matcher;
import io.pharos.model.sample.SamplePublisher;
import io.pharos.model.sample.SeriesSamples;
import io.pharos.model.sample.StaleMarker;
import io.pharos.query.notifier.AlertNotifier;
import io.pharos.query.promql.ast.MatrixSelector;
import io.pharos.query.promql.ast.VectorSelector;
import io.pharos.query.promql.value.Vector;
import io.pharos.query.storage.Series;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs rule groups on their intervals. Each group's evaluations happen at times aligned to a
 * phase derived from its identity, as in Prometheus, so they are stable across restarts.
 */
public final class RuleManager implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RuleManager.class);
    static final Duration RESEND_DELAY = Duration.ofMinutes(1);
    /** Prometheus's --rules.alert.for-outage-tolerance and --rules.alert.for-grace-period. */
    static final Duration FOR_OUTAGE_TOLERANCE = Duration.ofHours(1);
    static final Duration FOR_GRACE_PERIOD = Duration.ofMinutes(10);

    private final ScheduledExecutorService scheduler;
    private final java.util.function.Supplier<QueryFunction> queries;
    private final RangeQueryFunction history;
    private final AlertNotifier notifier;
    private final SamplePublisher publisher;
    private final Clock clock;
    private final String externalUrl;
    private volatile Labels externalLabels = Labels.EMPTY;
    private final Map<String, Running> running = new HashMap<>();

    /** A scheduled group; once retired (replaced or removed) it evaluates no more. */
    private record Running(RuleGroup group, ScheduledFuture<?> schedule, AtomicBoolean retired) {
        void retire() {
            retired.set(true);
            schedule.cancel(false);
        }
    }

    public RuleManager(ScheduledExecutorService scheduler, QueryFunction query, RangeQueryFunction history,
            AlertNotifier notifier, SamplePublisher publisher, Clock clock, String externalUrl) {
        this(scheduler, () -> query, history, notifier, publisher, clock, externalUrl);
    }

    /**
     * @param queries gives, before each rule's evaluation, the query function to use: in the
     *     service one that reads after everything published so far (the design's
     *     read-after-write contract), so that a rule sees what the rules before it recorded
     */
    public RuleManager(ScheduledExecutorService scheduler, java.util.function.Supplier<QueryFunction> queries,
            RangeQueryFunction history, AlertNotifier notifier, SamplePublisher publisher, Clock clock,
            String externalUrl) {
        this.scheduler = scheduler;
        this.queries = queries;
        this.history = history;
        this.notifier = notifier;
        this.publisher = publisher;
        this.clock = clock;
        this.externalUrl = externalUrl;
    }

    /** The {@code global.external_labels} that alert templates see as {@code $externalLabels}. */
    public void setExternalLabels(Labels externalLabels) {
        this.externalLabels = externalLabels == null ? Labels.EMPTY : externalLabels;
    }

    /** Replaces the running groups; a group with the same file and name keeps its alerts' state. */
    public synchronized void apply(List<RuleGroup> groups) {
        Map<String, Running> next = new HashMap<>();
        for (RuleGroup g : groups) {
            Running old = running.remove(g.key());
            if (old != null) {
                old.retire();
                // An evaluation of the old group in flight holds its state: the new group takes
                // over what it leaves, and it cannot run again once retired.
                synchronized (old.group().state()) {
                    g = carryOverState(old.group(), g);
                }
            }
            next.put(g.key(), start(g));
        }
        running.values().forEach(removed -> {
            removed.retire();
            scheduleStaleMarkers(removed.group());
        });
        running.clear();
        running.putAll(next);
    }

    /**
     * The series a removed group wrote end as Prometheus ends them: staleness markers stamped
     * with the time of the removal, written two intervals later, so that a rule moved to another
     * group has written its newer samples by then and the markers, older, are refused for those
     * series (an out-of-order sample) while every other series ends.
     */
    private void scheduleStaleMarkers(RuleGroup removed) {
        long removedAt = clock.millis();
        scheduler.schedule(() -> {
            Set<Labels> series = new HashSet<>();
            synchronized (removed.state()) { // after an evaluation in flight
                removed.rules().forEach(r -> series.addAll(r.written().previous()));
                series.addAll(removed.state().takeOrphaned());
            }
            publishStaleMarkers(removed, series, removedAt);
        }, 2 * removed.interval().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void publishStaleMarkers(RuleGroup g, Set<Labels> series, long ts) {
        if (series.isEmpty()) {
            return;
        }
        List<SeriesSamples> markers = new ArrayList<>(series.size());
        series.forEach(l -> markers.add(SeriesSamples.single(l, ts, StaleMarker.VALUE)));
        try {
            publisher.publish(markers).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("marking the series of removed rules of group {} stale failed: {}", g.name(), e.toString());
        }
    }

    /**
     * A reloaded group carries on from the one it replaces, as Prometheus's does. Each rule
     * succeeds the first old rule not yet taken with its name and labels, whatever else changed
     * (expression, {@code for}, annotations): it inherits the series that rule wrote, so they get
     * staleness markers when no longer written, and an alerting rule its alerts, which keep
     * their activeAt and are not announced again. An unchanged rule simply stays. What old rules
     * without a successor wrote is marked stale at the group's next evaluation.
     */
    private static RuleGroup carryOverState(RuleGroup old, RuleGroup fresh) {
        Map<String, ArrayDeque<Rule>> byIdentity = new LinkedHashMap<>();
        for (Rule o : old.rules()) {
            byIdentity.computeIfAbsent(identity(o), k -> new ArrayDeque<>()).add(o);
        }
        List<Rule> rules = new ArrayList<>();
        for (Rule r : fresh.rules()) {
            ArrayDeque<Rule> candidates = byIdentity.get(identity(r));
            Rule predecessor = candidates == null ? null : candidates.poll();
            if (predecessor == null) {
                rules.add(r);
            } else if (sameDefinition(predecessor, r)) {
                rules.add(predecessor);
            } else {
                r.written().takeOver(predecessor.written());
                if (r instanceof AlertingRule ar && predecessor instanceof AlertingRule pa) {
                    ar.takeOverAlerts(pa);
                }
                rules.add(r);
            }
        }
        byIdentity.values().forEach(left -> left.forEach(o -> old.state().orphan(o.written().previous())));
        return new RuleGroup(fresh.name(), fresh.file(), fresh.interval(), fresh.limit(), fresh.queryOffset(), rules,
                old.state());
    }

    /** Prometheus matches rules across a reload by name and (unexpanded) labels. */
    private static String identity(Rule r) {
        return r.name() + r.labels();
    }

    private static boolean sameDefinition(Rule a, Rule b) {
        if (!a.getClass().equals(b.getClass()) || !a.expr().toString().equals(b.expr().toString())) {
            return false;
        }
        if (a instanceof AlertingRule x && b instanceof AlertingRule y) {
            return x.annotations().equals(y.annotations()) && x.holdDuration().equals(y.holdDuration())
                    && x.keepFiringFor().equals(y.keepFiringFor());
        }
        return true;
    }

    public synchronized List<RuleGroup> groups() {
        List<RuleGroup> out = new ArrayList<>();
        running.values().forEach(r -> out.add(r.group()));
        return out;
    }

    private Running start(RuleGroup g) {
        long interval = g.interval().toMillis();
        long delay = Math.floorMod(phase(g) - clock.millis(), interval);
        AtomicBoolean retired = new AtomicBoolean();
        ScheduledFuture<?> f = scheduler.scheduleAtFixedRate(() -> {
            synchronized (g.state()) {
                if (!retired.get()) {
                    evaluate(g);
                }
            }
        }, delay, interval, TimeUnit.MILLISECONDS);
        return new Running(g, f, retired);
    }

    /** One evaluation of a group at the current interval-aligned time. */
    void evaluate(RuleGroup g) {
        long now = clock.millis();
        evaluateAt(g, now - Math.floorMod(now - phase(g), g.interval().toMillis()));
    }

    /** Where in its interval a group evaluates, from a hash of its identity. */
    private static long phase(RuleGroup g) {
        return Long.remainderUnsigned(Labels.of("group", g.key()).hash(), g.interval().toMillis());
    }

    public void evaluateAt(RuleGroup g, long ts) {
        long groupStart = System.nanoTime();
        long queryTime = ts - g.queryOffset().toMillis();
        for (Rule rule : g.rules()) {
            long started = System.nanoTime();
            String error = null;
            try {
                Vector result = queries.get().query(rule.expr(), queryTime);
                List<SeriesSamples> written;
                if (rule instanceof AlertingRule ar) {
                    ar.apply(result, ts, new AlertTemplates(externalLabels, externalUrl, queries.get()));
                    if (!g.state().restored()) {
                        restoreForState(ar, ts);
                    }
                    // An alerting rule's limit counts its pending and firing alerts (kept-firing ones
                    // included), not the result's series, as in Prometheus.
                    ar.enforceLimit(g.limit());
                    written = ar.alertSeries(ts);
                } else {
                    if (g.limit() > 0 && result.samples().size() > g.limit()) {
                        throw new RuleEvaluationException("exceeded limit of " + g.limit() + " with "
                                + result.samples().size() + " series");
                    }
                    written = ((RecordingRule) rule).record(result, ts);
                }
                // Waiting for the acknowledgement keeps the group's order meaningful: a later
                // rule of the group reads what this one wrote.
                publisher.publish(rule.written().withStaleMarkers(written, ts)).get(30, TimeUnit.SECONDS);
                if (rule instanceof AlertingRule ar) {
                    notifier.send(ar.toSend(ts, RESEND_DELAY, g.interval(), generatorUrl(ar)));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                error = e.getMessage() == null ? e.toString() : e.getMessage();
                log.warn("evaluating rule {} of group {} failed: {}", rule.name(), g.name(), error);
            }
            rule.health().record(ts, System.nanoTime() - started, error);
        }
        publishStaleMarkers(g, g.state().takeOrphaned(), ts);
        if (Thread.currentThread().isInterrupted()) {
            return;
        }
        g.state().markRestored();
        g.state().health().record(ts, System.nanoTime() - groupStart, null);
    }

    /**
     * Restores the {@code for} state of an alerting rule's pending alerts from the
     * {@code ALERTS_FOR_STATE} series written before a restart, within the outage tolerance.
     */
    private void restoreForState(AlertingRule rule, long ts) {
        if (rule.holdDuration().isZero() || rule.alerts().isEmpty()) {
            return;
        }
        VectorSelector selector = VectorSelector.of("ALERTS_FOR_STATE", Matcher.equal("alertname", rule.name()));
        MatrixSelector range = new MatrixSelector(selector, FOR_OUTAGE_TOLERANCE.toMillis());
        for (Series s : history.query(range, ts)) {
            if (s.size() == 0) {
                continue;
            }
            int last = s.size() - 1;
            rule.restore(s.labels(), Math.round(s.values()[last] * 1000), s.timestamps()[last], ts,
                    FOR_GRACE_PERIOD);
        }
    }

    private String generatorUrl(AlertingRule rule) {
        return externalUrl + "/graph?g0.expr="
                + java.net.URLEncoder.encode(rule.expr().toString(), java.nio.charset.StandardCharsets.UTF_8)
                + "&g0.tab=1";
    }

    @Override
    public synchronized void close() {
        running.values().forEach(Running::retire);
        running.clear();
    }
}
