package io.pharos.alertmanager.notify;

import io.pharos.alertmanager.alert.Alert;
import java.util.List;

/** Records a delivered notification in the log; entries live for twice the repeat interval. */
public final class SetNotifiesStage implements Stage {
    private final Integration integration;
    private final NotificationLog log;

    public SetNotifiesStage(Integration integration, NotificationLog log) {
        this.integration = integration;
        this.log = log;
    }

    @Override
    public List<Alert> exec(NotificationContext ctx, List<Alert> alerts) {
        AlertPartition p = AlertPartition.of(alerts, ctx.now());
        log.log(NotificationLog.Receiver.of(integration), ctx.groupKey(), p.firing(), p.resolved(),
                ctx.repeatInterval().multipliedBy(2));
        return alerts;
    }
}
