package io.pharos.alertmanager.notify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The notification metrics under Alertmanager's names: {@code alertmanager_notifications_total},
 * {@code alertmanager_notifications_failed_total} (with {@code reason}),
 * {@code alertmanager_notification_requests_total}, {@code alertmanager_notification_requests_failed_total}
 * and {@code alertmanager_notification_latency_seconds}, all by {@code integration}.
 */
public final class NotificationMetrics {
    private final MeterRegistry registry;

    public NotificationMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Creates the series of an integration at zero, so they are scraped before the first alert. */
    public void initialize(String integration) {
        notifications(integration);
        requests(integration);
        requestsFailed(integration);
        for (FailureReason r : FailureReason.values()) {
            failed(integration, r);
        }
    }

    /** Counts alerts a mute stage held back, by reason ({@code silence}, {@code inhibition}, ...). */
    void suppressed(String reason, int alerts) {
        Counter.builder("alertmanager.notifications.suppressed")
                .description("The total number of notifications suppressed for being silenced, inhibited, outside of active time intervals or within muted time intervals.")
                .tag("reason", reason)
                .register(registry)
                .increment(alerts);
    }

    void notificationAttempted(String integration) {
        notifications(integration).increment();
    }

    void notificationFailed(String integration, FailureReason reason) {
        failed(integration, reason).increment();
    }

    void requestDone(String integration, Duration latency, boolean failed) {
        requests(integration).increment();
        if (failed) {
            requestsFailed(integration).increment();
        }
        Timer.builder("alertmanager.notification.latency")
                .description("The latency of notifications in seconds.")
                .tag("integration", integration)
                .register(registry)
                .record(latency);
    }

    private Counter notifications(String integration) {
        return Counter.builder("alertmanager.notifications")
                .description("The total number of attempted notifications.")
                .tag("integration", integration)
                .register(registry);
    }

    private Counter failed(String integration, FailureReason reason) {
        return Counter.builder("alertmanager.notifications.failed")
                .description("The total number of failed notifications.")
                .tag("integration", integration)
                .tag("reason", reason.label())
                .register(registry);
    }

    private Counter requests(String integration) {
        return Counter.builder("alertmanager.notification.requests")
                .description("The total number of attempted notification requests.")
                .tag("integration", integration)
                .register(registry);
    }

    private Counter requestsFailed(String integration) {
        return Counter.builder("alertmanager.notification.requests.failed")
                .description("The total number of failed notification requests.")
                .tag("integration", integration)
                .register(registry);
    }
}
