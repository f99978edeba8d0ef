package io.pharos.alertmanager.notify;

import io.pharos.alertmanager.alert.Alert;
import java.util.List;
import java.util.Optional;

/**
 * Lets a flush through only when the receiver has not already been told the same: new firing
 * alerts, newly resolved ones (when the integration sends resolved), all resolved, or the repeat
 * interval elapsed since the last notification.
 */
public final class DedupStage implements Stage {
    private final Integration integration;
    private final NotificationLog log;

    public DedupStage(Integration integration, NotificationLog log) {
        this.integration = integration;
        this.log = log;
    }

    @Override
    public List<Alert> exec(NotificationContext ctx, List<Alert> alerts) {
        AlertPartition p = AlertPartition.of(alerts, ctx.now());
        Optional<NotificationLog.Entry> entry = log.query(NotificationLog.Receiver.of(integration), ctx.groupKey());
        NotifyReason reason = needsUpdate(entry.orElse(null), p, ctx);
        return reason.shouldNotify() ? alerts : List.of();
    }

    NotifyReason needsUpdate(NotificationLog.Entry entry, AlertPartition p, NotificationContext ctx) {
        if (entry == null) {
            return p.firing().isEmpty() ? NotifyReason.NONE : NotifyReason.FIRST_NOTIFICATION;
        }
        if (!entry.isFiringSubset(p.firing())) {
            return entry.firing().isEmpty() ? NotifyReason.FIRST_NOTIFICATION : NotifyReason.NEW_ALERTS_IN_GROUP;
        }
        if (p.firing().isEmpty()) {
            // Sent even without send_resolved, so that the log forgets the firing alerts.
            return entry.firing().isEmpty() ? NotifyReason.NONE : NotifyReason.ALL_ALERTS_RESOLVED;
        }
        if (integration.sendResolved() && !entry.isResolvedSubset(p.resolved())) {
            return NotifyReason.NEW_RESOLVED_ALERTS;
        }
        if (entry.timestamp().isBefore(ctx.now().minus(ctx.repeatInterval()))) {
            return NotifyReason.REPEAT_INTERVAL_ELAPSED;
        }
        return NotifyReason.NONE;
    }
}
