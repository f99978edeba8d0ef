package io.pharos.alertmanager.notify;

import io.pharos.model.labels.Labels;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * What a flush of one aggregation group tells the notification pipeline.
 *
 * @param now the flush time: the one reference for "resolved" and "repeat interval elapsed"
 * @param timeout how long delivery, retries included, may take (until the next flush)
 * @param cancelled true once the dispatcher that started the flush has stopped
 */
public record NotificationContext(
        String receiver,
        String groupKey,
        Labels groupLabels,
        Instant now,
        Duration repeatInterval,
        Duration timeout,
        BooleanSupplier cancelled) {

    public boolean isCancelled() {
        return cancelled.getAsBoolean();
    }
}
