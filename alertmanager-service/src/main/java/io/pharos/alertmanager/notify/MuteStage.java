package io.pharos.alertmanager.notify;

import io.pharos.alertmanager.alert.Alert;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Drops the alerts a {@link Muter} mutes; the rest go on. */
public final class MuteStage implements Stage {
    private static final Logger LOG = LoggerFactory.getLogger(MuteStage.class);

    private final Muter muter;
    private final String reason;
    private final NotificationMetrics metrics;

    /**
     * @param reason {@code silence} or {@code inhibition}: the {@code reason} label of
     *     {@code alertmanager_notifications_suppressed_total}
     */
    public MuteStage(Muter muter, String reason, NotificationMetrics metrics) {
        this.muter = muter;
        this.reason = reason;
        this.metrics = metrics;
    }

    @Override
    public List<Alert> exec(NotificationContext ctx, List<Alert> alerts) {
        List<Alert> kept = new ArrayList<>(alerts.size());
        int muted = 0;
        for (Alert a : alerts) {
            if (muter.mutes(a.labels())) {
                muted++;
            } else {
                kept.add(a);
            }
        }
        if (muted > 0) {
            metrics.suppressed(reason, muted);
            LOG.debug("Notifications will not be sent for {} muted alerts: aggrGroup={} reason={}", muted,
                    ctx.groupKey(), reason);
        }
        return kept;
    }
}
