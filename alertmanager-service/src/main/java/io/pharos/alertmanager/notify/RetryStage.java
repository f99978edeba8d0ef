package io.pharos.alertmanager.notify;

import io.pharos.alertmanager.alert.Alert;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers through the integration, retrying recoverable failures with exponential backoff
 * until the flush's timeout; an unrecoverable failure (a 4xx) stops at once. Without
 * {@code send_resolved}, resolved alerts are left out, and a flush of only resolved alerts
 * counts as delivered without a request (so that the log still records it).
 */
public final class RetryStage implements Stage {
    private static final Logger LOG = LoggerFactory.getLogger(RetryStage.class);

    private final Integration integration;
    private final NotificationMetrics metrics;
    private final Backoff backoff;

    public RetryStage(Integration integration, NotificationMetrics metrics, Backoff backoff) {
        this.integration = integration;
        this.metrics = metrics;
        this.backoff = backoff;
    }

    @Override
    public List<Alert> exec(NotificationContext ctx, List<Alert> alerts) throws NotificationException {
        metrics.notificationAttempted(integration.name());
        List<Alert> sent = alerts;
        if (!integration.sendResolved()) {
            sent = new ArrayList<>();
            for (Alert a : alerts) {
                if (!a.resolvedAt(ctx.now())) {
                    sent.add(a);
                }
            }
            if (sent.isEmpty()) {
                return alerts;
            }
        }
        long start = System.nanoTime();
        long budget = ctx.timeout().toNanos();
        NotificationException last = null;
        for (int attempt = 1; ; attempt++) {
            if (ctx.isCancelled()) {
                throw failed(last, attempt - 1, FailureReason.CONTEXT_CANCELED, "canceled");
            }
            long t0 = System.nanoTime();
            try {
                integration.notifier().notify(ctx, sent);
                metrics.requestDone(integration.name(), Duration.ofNanos(System.nanoTime() - t0), false);
                if (attempt > 1) {
                    LOG.info("Notify success: receiver={} integration={} attempts={}", integration.receiver(), integration, attempt);
                }
                return alerts;
            } catch (NotificationException e) {
                metrics.requestDone(integration.name(), Duration.ofNanos(System.nanoTime() - t0), true);
                if (!e.recoverable()) {
                    metrics.notificationFailed(integration.name(), e.reason());
                    throw new NotificationException(integration.receiver() + "/" + integration
                            + ": notify retry canceled due to unrecoverable error after " + attempt + " attempts: "
                            + e.getMessage(), false, e.reason(), e);
                }
                if (last == null || !String.valueOf(last.getMessage()).equals(e.getMessage())) {
                    LOG.warn("Notify attempt failed, will retry later: receiver={} integration={} attempts={} err={}",
                            integration.receiver(), integration, attempt, e.getMessage());
                }
                last = e;
            }
            Duration wait = backoff.delay(attempt);
            long elapsed = System.nanoTime() - start;
            if (elapsed + wait.toNanos() >= budget) {
                throw failed(last, attempt, FailureReason.CONTEXT_DEADLINE_EXCEEDED, "deadline exceeded");
            }
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failed(last, attempt, FailureReason.CONTEXT_CANCELED, "canceled");
            }
        }
    }

    private NotificationException failed(NotificationException last, int attempts, FailureReason whenNone, String why) {
        FailureReason reason = last != null ? last.reason() : whenNone;
        metrics.notificationFailed(integration.name(), reason);
        String cause = last != null ? last.getMessage() : why;
        return new NotificationException(integration.receiver() + "/" + integration + ": notify retry canceled after "
                + attempts + " attempts: " + cause, false, reason, last);
    }
}
