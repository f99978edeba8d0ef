package io.pharos.alertmanager.notify;

import io.pharos.alertmanager.alert.Alert;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a notification says about its group, as Alertmanager's template data holds it: the
 * webhook JSON body, and later the data Slack and PagerDuty templates read. Maps are sorted by key.
 *
 * @param receiver the receiver name, regexp-quoted as Alertmanager quotes it
 * @param status "firing" when any alert fires, else "resolved"
 */
public record NotificationData(
        String receiver,
        String status,
        List<AlertData> alerts,
        Map<String, String> groupLabels,
        Map<String, String> commonLabels,
        Map<String, String> commonAnnotations,
        String externalURL) {

    /**
     * One alert of the notification.
     *
     * @param endsAt null (written as Go's zero time) unless the alert is resolved
     */
    public record AlertData(
            String status,
            Map<String, String> labels,
            Map<String, String> annotations,
            Instant startsAt,
            Instant endsAt,
            String generatorURL,
            String fingerprint) {
    }

    public static NotificationData of(NotificationContext ctx, List<Alert> alerts, String externalUrl) {
        Instant now = ctx.now();
        List<AlertData> data = new ArrayList<>(alerts.size());
        boolean firing = false;
        for (Alert a : alerts) {
            boolean resolved = a.resolvedAt(now);
            firing |= !resolved;
            data.add(new AlertData(
                    resolved ? "resolved" : "firing",
                    sorted(a.labels().toMap()),
                    sorted(a.annotations()),
                    a.startsAt(),
                    resolved ? a.endsAt() : null,
                    a.generatorURL(),
                    a.fingerprintHex()));
        }
        Map<String, String> commonLabels = new TreeMap<>();
        Map<String, String> commonAnnotations = new TreeMap<>();
        if (!alerts.isEmpty()) {
            commonLabels.putAll(alerts.get(0).labels().toMap());
            commonAnnotations.putAll(alerts.get(0).annotations());
            for (Alert a : alerts.subList(1, alerts.size())) {
                commonLabels.entrySet().removeIf(e -> !e.getValue().equals(a.labels().get(e.getKey())));
                commonAnnotations.entrySet().removeIf(e -> !e.getValue().equals(a.annotations().get(e.getKey())));
            }
        }
        return new NotificationData(
                quoteMeta(ctx.receiver()),
                firing ? "firing" : "resolved",
                List.copyOf(data),
                sorted(ctx.groupLabels().toMap()),
                Collections.unmodifiableMap(commonLabels),
                Collections.unmodifiableMap(commonAnnotations),
                externalUrl);
    }

    private static Map<String, String> sorted(Map<String, String> m) {
        return Collections.unmodifiableMap(new TreeMap<>(m));
    }

    /** Go's regexp.QuoteMeta, which Alertmanager applies to the receiver name. */
    static String quoteMeta(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
