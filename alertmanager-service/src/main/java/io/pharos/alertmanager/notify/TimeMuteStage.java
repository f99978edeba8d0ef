package io.pharos.alertmanager.notify;

import io.pharos.alertmanager.alert.Alert;
import io.pharos.alertmanager.timeinterval.Intervener;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds back a whole flush while the time is inside one of the route's
 * {@code mute_time_intervals}, or (as {@link #active}) outside all of its
 * {@code active_time_intervals}. Nothing is logged as sent, so the group notifies as soon as a
 * flush falls outside the muted time.
 */
public final class TimeMuteStage implements Stage {
    private static final Logger LOG = LoggerFactory.getLogger(TimeMuteStage.class);

    private final Intervener intervener;
    private final GroupMutes marker;
    private final NotificationMetrics metrics;
    private final boolean activeIntervals;

    private TimeMuteStage(Intervener intervener, GroupMutes marker, NotificationMetrics metrics, boolean activeIntervals) {
        this.intervener = intervener;
        this.marker = marker;
        this.metrics = metrics;
        this.activeIntervals = activeIntervals;
    }

    /** Mutes inside the route's {@code mute_time_intervals}. */
    public static TimeMuteStage mute(Intervener intervener, GroupMutes marker, NotificationMetrics metrics) {
        return new TimeMuteStage(intervener, marker, metrics, false);
    }

    /** Mutes outside every one of the route's {@code active_time_intervals}. */
    public static TimeMuteStage active(Intervener intervener, GroupMutes marker, NotificationMetrics metrics) {
        return new TimeMuteStage(intervener, marker, metrics, true);
    }

    @Override
    public List<Alert> exec(NotificationContext ctx, List<Alert> alerts) throws NotificationException {
        List<String> names = activeIntervals ? ctx.activeTimeIntervals() : ctx.muteTimeIntervals();
        if (names.isEmpty()) {
            return alerts;
        }
        List<String> containing;
        try {
            containing = intervener.containing(names, ctx.now());
        } catch (IllegalArgumentException e) {
            throw new NotificationException(e.getMessage(), false, FailureReason.OTHER);
        }
        List<String> mutedBy = activeIntervals ? (containing.isEmpty() ? names : List.of()) : containing;
        marker.set(ctx.groupKey(), mutedBy);
        if (mutedBy.isEmpty()) {
            return alerts;
        }
        metrics.suppressed(activeIntervals ? "active_time_interval" : "mute_time_interval", alerts.size());
        LOG.debug("Notifications not sent, route is {}: aggrGroup={} alerts={}",
                activeIntervals ? "not within active time" : "within mute time", ctx.groupKey(), alerts.size());
        return List.of();
    }
}
