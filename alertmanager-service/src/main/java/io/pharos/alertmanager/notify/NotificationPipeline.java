package io.pharos.alertmanager.notify;

import io.pharos.alertmanager.alert.Alert;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * The notification pipeline: first the mute stages (inhibition, time intervals, silences, in
 * Alertmanager's order), then it picks the flush's receiver and runs, for each of its
 * integrations at once, dedup (against the notification log) then delivery with retries then the
 * log record.
 */
public final class NotificationPipeline implements Stage {
    private final Map<String, List<Stage>> receivers = new LinkedHashMap<>();
    private final Executor executor;
    private final Stage mute;

    /** A pipeline without mute stages. */
    public NotificationPipeline(Map<String, List<Integration>> integrations, NotificationLog log,
            NotificationMetrics metrics, Backoff backoff, Executor executor) {
        this(List.of(), integrations, log, metrics, backoff, executor);
    }

    /**
     * @param muteStages run in order before the receiver's integrations; when they leave no
     *     alerts, nothing is sent and the flush counts as done
     * @param integrations every receiver of the config by name, with its integrations (possibly none)
     * @param executor runs integrations of one receiver concurrently
     */
    public NotificationPipeline(List<Stage> muteStages, Map<String, List<Integration>> integrations,
            NotificationLog log, NotificationMetrics metrics, Backoff backoff, Executor executor) {
        this.executor = executor;
        this.mute = chain(muteStages.toArray(new Stage[0]));
        integrations.forEach((name, list) -> {
            List<Stage> stages = new ArrayList<>();
            for (Integration i : list) {
                metrics.initialize(i.name());
                stages.add(chain(new DedupStage(i, log), new RetryStage(i, metrics, backoff), new SetNotifiesStage(i, log)));
            }
            receivers.put(name, List.copyOf(stages));
        });
    }

    /** Runs stages in order, stopping when one passes no alerts on. */
    public static Stage chain(Stage... stages) {
        return (ctx, alerts) -> {
            List<Alert> current = alerts;
            for (Stage s : stages) {
                if (current.isEmpty()) {
                    return List.of();
                }
                current = s.exec(ctx, current);
            }
            return current;
        };
    }

    @Override
    public List<Alert> exec(NotificationContext ctx, List<Alert> alerts) throws NotificationException {
        List<Stage> stages = receivers.get(ctx.receiver());
        if (stages == null) {
            throw new NotificationException("stage for receiver " + ctx.receiver() + " missing", false, FailureReason.OTHER);
        }
        List<Alert> unmuted = mute.exec(ctx, alerts);
        if (unmuted.isEmpty()) {
            return alerts;
        }
        if (stages.size() == 1) {
            stages.get(0).exec(ctx, unmuted);
            return alerts;
        }
        List<CompletableFuture<Void>> running = new ArrayList<>();
        for (Stage s : stages) {
            running.add(CompletableFuture.runAsync(() -> {
                try {
                    s.exec(ctx, unmuted);
                } catch (NotificationException e) {
                    throw new CompletionException(e);
                }
            }, executor));
        }
        List<String> errors = new ArrayList<>();
        FailureReason reason = FailureReason.OTHER;
        for (CompletableFuture<Void> f : running) {
            try {
                f.join();
            } catch (CompletionException e) {
                errors.add(e.getCause() == null ? e.toString() : e.getCause().getMessage());
                if (e.getCause() instanceof NotificationException ne) {
                    reason = ne.reason();
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new NotificationException(String.join("; ", errors), false, reason);
        }
        return alerts;
    }
}
