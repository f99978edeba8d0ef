package io.pharos.alertmanager.notify;

import io.pharos.alertmanager.alert.Alert;
import java.util.List;

/** One step of the notification pipeline; returning no alerts ends the chain quietly. */
@FunctionalInterface
public interface Stage {
    List<Alert> exec(NotificationContext ctx, List<Alert> alerts) throws NotificationException;
}
