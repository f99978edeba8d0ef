package io.pharos.alertmanager.notify;

import io.pharos.alertmanager.alert.Alert;
import java.util.List;

/** Delivers one notification to one integration (a webhook, a Slack channel, ...). */
@FunctionalInterface
public interface Notifier {
    /**
     * Sends the alerts once. Throws {@link NotificationException}; whether it is
     * {@link NotificationException#recoverable() recoverable} decides whether it is retried.
     */
    void notify(NotificationContext ctx, List<Alert> alerts) throws NotificationException;
}
