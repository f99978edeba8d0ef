package io.pharos.alertmanager.dispatch;

import io.pharos.alertmanager.alert.Alert;
import io.pharos.alertmanager.alert.LabelSets;
import io.pharos.model.labels.Labels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The alerts of one route that share their group labels, notified together. Its timer fires
 * first after {@code group_wait} (at once for an alert older than that), then every
 * {@code group_interval}; each firing flushes the group through the notification pipeline.
 * After a successful flush, the resolved alerts that were in it are dropped, and a group left
 * empty is destroyed.
 */
public final class AggregationGroup {
    /** Alertmanager's order in notifications and the API: by job, then instance, then the whole label set. */
    public static final Comparator<Alert> NOTIFICATION_ORDER = Comparator
            .comparing((Alert a) -> a.labels().has("job") ? 0 : 1)
            .thenComparing(a -> a.labels().get("job"))
            .thenComparing(a -> a.labels().has("instance") ? 0 : 1)
            .thenComparing(a -> a.labels().get("instance"))
            .thenComparing(Alert::labels, LabelSets.BEFORE);

    private final Route route;
    private final Labels labels;
    private final String groupKey;
    private final Map<Long, Alert> alerts = new LinkedHashMap<>();
    private final ReentrantLock flushLock = new ReentrantLock();
    private ScheduledFuture<?> timer;
    private boolean destroyed;

    AggregationGroup(Route route, Labels labels) {
        this.route = route;
        this.labels = labels;
        this.groupKey = route.key() + ":" + LabelSets.format(labels);
    }

    public Route route() {
        return route;
    }

    public Labels labels() {
        return labels;
    }

    public String receiver() {
        return route.options().receiver();
    }

    /** Alertmanager's group key: {@code {}/{team="X"}:{alertname="A"}}. */
    public String groupKey() {
        return groupKey;
    }

    /** Adds or replaces an alert; false when the group is already destroyed. */
    synchronized boolean insert(Alert alert) {
        if (destroyed) {
            return false;
        }
        alerts.put(alert.fingerprint(), alert);
        return true;
    }

    public synchronized List<Alert> alerts() {
        List<Alert> out = new ArrayList<>(alerts.values());
        out.sort(NOTIFICATION_ORDER);
        return out;
    }

    synchronized boolean isDestroyed() {
        return destroyed;
    }

    synchronized void setTimer(ScheduledFuture<?> next) {
        if (destroyed) {
            next.cancel(false);
            return;
        }
        this.timer = next;
    }

    synchronized void stop() {
        destroyed = true;
        if (timer != null) {
            timer.cancel(false);
        }
    }

    /** Serialises flushes of this group: a tick that comes during a slow flush waits for it. */
    ReentrantLock flushLock() {
        return flushLock;
    }

    /**
     * The alerts to notify at {@code now}: a copy of each, firing ones without their end time so
     * that they do not read as resolved later in the pipeline.
     */
    synchronized Snapshot snapshot(Instant now) {
        List<Alert> notified = new ArrayList<>(alerts.size());
        List<Alert> resolved = new ArrayList<>();
        for (Alert a : alerts.values()) {
            if (a.resolvedAt(now)) {
                resolved.add(a);
                notified.add(a);
            } else {
                notified.add(a.withEndsAt(null));
            }
        }
        notified.sort(NOTIFICATION_ORDER);
        return new Snapshot(notified, resolved);
    }

    /** What a flush sends, and the stored resolved alerts it may drop once sent. */
    record Snapshot(List<Alert> alerts, List<Alert> resolved) {
    }

    /**
     * Drops the resolved alerts that were notified, unless they changed meanwhile (fired again);
     * destroys the group when it is left empty. Returns whether it was destroyed.
     */
    synchronized boolean deleteResolved(List<Alert> notifiedResolved) {
        for (Alert a : notifiedResolved) {
            alerts.remove(a.fingerprint(), a);
        }
        if (alerts.isEmpty()) {
            destroyed = true;
            if (timer != null) {
                timer.cancel(false);
            }
            return true;
        }
        return false;
    }

    @Override
    public String toString() {
        return groupKey;
    }
}
