package io.pharos.alertmanager.notify;

import io.pharos.model.labels.Labels;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * What a flush of one aggregation group tells the notification pipeline.
 *
 * @param now the flush time: the one reference for "resolved" and "repeat interval elapsed"
 * @param timeout how long delivery, retries included, may take (until the next flush)
 * @param cancelled true once the dispatcher that started the flush has stopped
 * @param muteTimeIntervals the route's {@code mute_time_intervals}
 * @param activeTimeIntervals the route's {@code active_time_intervals}
 */
public record NotificationContext(
        String receiver,
        String groupKey,
        Labels groupLabels,
        Instant now,
        Duration repeatInterval,
        Duration timeout,
        BooleanSupplier cancelled,
        List<String> muteTimeIntervals,
        List<String> activeTimeIntervals) {

    public NotificationContext {
        muteTimeIntervals = List.copyOf(muteTimeIntervals);
        activeTimeIntervals = List.copyOf(activeTimeIntervals);
    }

    /** A context for a route without time intervals. */
    public NotificationContext(String receiver, String groupKey, Labels groupLabels, Instant now, Duration repeatInterval,
            Duration timeout, BooleanSupplier cancelled) {
        this(receiver, groupKey, groupLabels, now, repeatInterval, timeout, cancelled, List.of(), List.of());
    }

    public boolean isCancelled() {
        return cancelled.getAsBoolean();
    }
}
