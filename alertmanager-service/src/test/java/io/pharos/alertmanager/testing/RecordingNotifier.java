package io.pharos.alertmanager.testing;

import io.pharos.alertmanager.alert.Alert;
import io.pharos.alertmanager.notify.NotificationContext;
import io.pharos.alertmanager.notify.NotificationException;
import io.pharos.alertmanager.notify.Notifier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A notifier that remembers what it was asked to send, and when. */
public final class RecordingNotifier implements Notifier {
    /** One delivery: the flush time, the group, and the alerts as sent. */
    public record Sent(Instant at, String receiver, String groupKey, List<Alert> alerts) {
        public List<String> alertNames() {
            return alerts.stream().map(Alert::name).toList();
        }

        public List<String> statuses() {
            return alerts.stream().map(a -> a.statusAt(at)).toList();
        }
    }

    private final List<Sent> sent = new ArrayList<>();

    @Override
    public synchronized void notify(NotificationContext ctx, List<Alert> alerts) throws NotificationException {
        sent.add(new Sent(ctx.now(), ctx.receiver(), ctx.groupKey(), List.copyOf(alerts)));
    }

    public synchronized List<Sent> sent() {
        return List.copyOf(sent);
    }

    public synchronized void clear() {
        sent.clear();
    }
}
