package io.pharos.query.rules;

import io.pharos.model.labels.Labels;
import io.pharos.model.sample.SeriesSamples;
import io.pharos.query.notifier.Annotations;
import io.pharos.query.notifier.PostableAlert;
import io.pharos.query.promql.ast.Expr;
import io.pharos.query.promql.value.Sample;
import io.pharos.query.promql.value.Vector;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * An alerting rule and its alerts, evolving as Prometheus's: an alert is pending from the
 * first evaluation its expression returns it, firing once it has been so for {@code for},
 * kept firing for {@code keep_firing_for} after it stops being returned, then resolved; a
 * resolved alert is kept for {@link #RESOLVED_RETENTION} so its resolution can be sent.
 */
public final class AlertingRule implements Rule {
    static final Duration RESOLVED_RETENTION = Duration.ofMinutes(15);

    private final String name;
    private final Expr expr;
    private final Duration holdDuration;
    private final Duration keepFiringFor;
    private final Labels labels;
    private final RuleHealth health = new RuleHealth();
    private final StalenessTracker written = new StalenessTracker();
    private final Annotations annotations;
    private final Map<Labels, Alert> active = new LinkedHashMap<>();

    public AlertingRule(String name, Expr expr, Duration holdDuration, Duration keepFiringFor, Labels labels,
            Annotations annotations) {
        this.name = name;
        this.expr = expr;
        this.holdDuration = holdDuration;
        this.keepFiringFor = keepFiringFor;
        this.labels = labels;
        this.annotations = annotations;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Expr expr() {
        return expr;
    }

    public Duration holdDuration() {
        return holdDuration;
    }

    public Duration keepFiringFor() {
        return keepFiringFor;
    }

    @Override
    public RuleHealth health() {
        return health;
    }

    @Override
    public StalenessTracker written() {
        return written;
    }

    @Override
    public Labels labels() {
        return labels;
    }

    public Annotations annotations() {
        return annotations;
    }

    /**
     * Applies one evaluation's result at {@code ts}. Throws {@link RuleEvaluationException}
     * when two result series map to the same alert label set, as Prometheus refuses them.
     */
    public synchronized void apply(Vector result, long ts) {
        apply(result, ts, AlertTemplates.plain());
    }

    /**
     * Applies one evaluation's result at {@code ts}, expanding the rule's label and annotation
     * templates per result sample with {@code templates} (the alert is keyed by its expanded
     * labels), as Prometheus does.
     */
    public synchronized void apply(Vector result, long ts, AlertTemplates templates) {
        Map<Labels, Sample> samples = new LinkedHashMap<>();
        Map<Labels, Annotations> expandedAnnotations = new HashMap<>();
        for (Sample s : result.samples()) {
            Labels.Builder b = s.labels().toBuilder().remove(Labels.METRIC_NAME);
            labels.forEach((k, v) -> {
                String expanded = templates.expand(name, v, s.labels(), s.value(), ts);
                if (expanded.isEmpty()) {
                    b.remove(k); // an empty value removes the label, as in Prometheus
                } else {
                    b.set(k, expanded);
                }
            });
            b.set("alertname", name);
            Labels alertLabels = b.build();
            if (samples.put(alertLabels, s) != null) {
                throw new RuleEvaluationException("vector contains metrics with the same labelset after applying alert labels");
            }
            // Unlike a label, an annotation that expands to nothing is kept, as in Prometheus.
            TreeMap<String, String> expandedText = new TreeMap<>();
            annotations.forEach((k, v) -> expandedText.put(k, templates.expand(name, v, s.labels(), s.value(), ts)));
            expandedAnnotations.put(alertLabels, new Annotations(expandedText));
        }
        Set<Labels> seen = samples.keySet();
        for (Map.Entry<Labels, Sample> e : samples.entrySet()) {
            Labels alertLabels = e.getKey();
            Sample s = e.getValue();
            Annotations expanded = expandedAnnotations.get(alertLabels);
            Alert a = active.get(alertLabels);
            if (a != null && a.state() != Alert.State.INACTIVE) {
                a.update(s.value(), expanded);
            } else {
                active.put(alertLabels, new Alert(alertLabels, expanded, s.value(), ts));
            }
        }
        var it = active.values().iterator();
        while (it.hasNext()) {
            Alert a = it.next();
            if (!seen.contains(a.labels())) {
                if (a.state() == Alert.State.PENDING) {
                    it.remove();
                    continue;
                }
                if (a.state() == Alert.State.INACTIVE) {
                    if (ts - a.resolvedAt() > RESOLVED_RETENTION.toMillis()) {
                        it.remove();
                    }
                    continue;
                }
                a.keepFiringFrom(ts);
                if (keepFiringFor.isZero() || ts - a.keepFiringSince() >= keepFiringFor.toMillis()) {
                    a.resolve(ts);
                }
                continue;
            }
            if (a.state() == Alert.State.PENDING && ts - a.activeAt() >= holdDuration.toMillis()) {
                a.fire(ts);
            }
        }
    }

    /**
     * Refuses more than {@code limit} pending and firing alerts (0: no limit). Over the limit
     * every alert is forgotten, none announced as resolved, and the evaluation fails with
     * Prometheus's {@code exceeded limit of N with M alerts}.
     */
    public synchronized void enforceLimit(int limit) {
        if (limit <= 0) {
            return;
        }
        long activeOrPending = active.values().stream().filter(a -> a.state() != Alert.State.INACTIVE).count();
        if (activeOrPending > limit) {
            active.clear();
            throw new RuleEvaluationException("exceeded limit of " + limit + " with " + activeOrPending + " alerts");
        }
    }

    /**
     * The {@code ALERTS} (1 per pending or firing alert, with {@code alertstate}) and
     * {@code ALERTS_FOR_STATE} (the alert's activeAt in seconds) samples at {@code ts}.
     */
    public synchronized List<SeriesSamples> alertSeries(long ts) {
        List<SeriesSamples> out = new ArrayList<>();
        for (Alert a : active.values()) {
            if (a.state() == Alert.State.INACTIVE) {
                continue;
            }
            out.add(SeriesSamples.single(seriesLabels(a, "ALERTS").toBuilder()
                    .set("alertstate", a.state() == Alert.State.FIRING ? "firing" : "pending").build(), ts, 1));
            out.add(SeriesSamples.single(seriesLabels(a, "ALERTS_FOR_STATE"), ts, a.activeAt() / 1000.0));
        }
        return out;
    }

    /**
     * The labels of an alert's {@code ALERTS} and {@code ALERTS_FOR_STATE} series, built as
     * Prometheus builds them: the rule's labels as written, overlaid by the alert's. So a label
     * whose template expanded to nothing, which the alert lacks, shows there with its template text.
     */
    private Labels seriesLabels(Alert a, String metricName) {
        Labels.Builder b = labels.toBuilder();
        a.labels().forEach(b::set);
        return b.set(Labels.METRIC_NAME, metricName).set("alertname", name).build();
    }

    /**
     * After a restart, moves pending alerts' activeAt back to what {@code ALERTS_FOR_STATE} says,
     * as Prometheus restores the {@code for} state: time spent pending before the outage counts,
     * the outage itself does not, and an alert about to fire gets at least the grace period.
     *
     * @param forStateSeries the labels of the {@code ALERTS_FOR_STATE} series found, which name the alert
     * @param restoredActiveAt the alert's recorded activeAt (ms), or null when none was found
     * @param downAt when that record was last written (ms)
     */
    public synchronized void restore(Labels forStateSeries, Long restoredActiveAt, long downAt, long ts, Duration gracePeriod) {
        Alert a = null;
        for (Alert candidate : active.values()) {
            if (seriesLabels(candidate, "ALERTS_FOR_STATE").equals(forStateSeries)) {
                a = candidate;
                break;
            }
        }
        if (a == null || restoredActiveAt == null || a.state() != Alert.State.PENDING) {
            return;
        }
        Labels alertLabels = a.labels();
        long hold = holdDuration.toMillis();
        long spentPending = downAt - restoredActiveAt;
        long remaining = hold - spentPending;
        long activeAt;
        if (remaining <= 0) {
            activeAt = restoredActiveAt;
        } else if (remaining < gracePeriod.toMillis()) {
            activeAt = ts + gracePeriod.toMillis() - hold;
        } else {
            activeAt = restoredActiveAt + (ts - downAt);
        }
        active.put(alertLabels, a.withActiveAt(activeAt));
    }

    /** Continues with a predecessor's alerts (pending, firing and recently resolved), as a reload does. */
    void takeOverAlerts(AlertingRule predecessor) {
        List<Alert> theirs = predecessor.alerts();
        synchronized (this) {
            theirs.forEach(a -> active.put(a.labels(), a));
        }
    }

    public synchronized List<Alert> alerts() {
        return new ArrayList<>(active.values());
    }

    /**
     * The alerts to send at {@code ts}: firing ones not sent within {@code resendDelay}, and
     * resolved ones whose resolution was not sent yet. Marks them sent.
     */
    public synchronized List<PostableAlert> toSend(long ts, Duration resendDelay, Duration interval, String generatorUrl) {
        List<PostableAlert> out = new ArrayList<>();
        long validFor = 4 * Math.max(resendDelay.toMillis(), interval.toMillis());
        for (Alert a : active.values()) {
            if (a.state() == Alert.State.PENDING) {
                continue;
            }
            boolean resolved = a.state() == Alert.State.INACTIVE;
            boolean due = resolved ? a.resolvedAt() > a.lastSentAt() : a.lastSentAt() + resendDelay.toMillis() < ts;
            if (!due) {
                continue;
            }
            long ends = resolved ? a.resolvedAt() : ts + validFor;
            a.sent(ts, ends);
            out.add(new PostableAlert(a.labels(), a.annotations(), Instant.ofEpochMilli(a.firedAt()),
                    Instant.ofEpochMilli(ends), generatorUrl));
        }
        return out;
    }
}
