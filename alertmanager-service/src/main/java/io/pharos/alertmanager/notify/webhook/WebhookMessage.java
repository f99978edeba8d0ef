package io.pharos.alertmanager.notify.webhook;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.pharos.alertmanager.alert.Rfc3339;
import io.pharos.alertmanager.notify.NotificationData;
import java.util.List;
import java.util.Map;

/**
 * The JSON body Alertmanager POSTs to webhooks, version 4. Timestamps are RFC 3339 strings, an
 * unset {@code endsAt} (a firing alert) is Go's zero time {@code 0001-01-01T00:00:00Z}.
 *
 * @param truncatedAlerts how many alerts {@code max_alerts} left out
 */
@JsonPropertyOrder({"receiver", "status", "alerts", "groupLabels", "commonLabels", "commonAnnotations",
    "externalURL", "version", "groupKey", "truncatedAlerts"})
public record WebhookMessage(
        String receiver,
        String status,
        List<Alert> alerts,
        Map<String, String> groupLabels,
        Map<String, String> commonLabels,
        Map<String, String> commonAnnotations,
        String externalURL,
        String version,
        String groupKey,
        long truncatedAlerts) {

    public static final String VERSION = "4";

    /** One alert of the message. */
    @JsonPropertyOrder({"status", "labels", "annotations", "startsAt", "endsAt", "generatorURL", "fingerprint"})
    public record Alert(
            String status,
            Map<String, String> labels,
            Map<String, String> annotations,
            String startsAt,
            String endsAt,
            String generatorURL,
            String fingerprint) {
    }

    public static WebhookMessage of(NotificationData data, String groupKey, long truncatedAlerts) {
        List<Alert> alerts = data.alerts().stream()
                .map(a -> new Alert(a.status(), a.labels(), a.annotations(), Rfc3339.nanos(a.startsAt()),
                        Rfc3339.nanos(a.endsAt()), a.generatorURL(), a.fingerprint()))
                .toList();
        return new WebhookMessage(data.receiver(), data.status(), alerts, data.groupLabels(), data.commonLabels(),
                data.commonAnnotations(), data.externalURL(), VERSION, groupKey, truncatedAlerts);
    }
}
