package io.pharos.alertmanager.dispatch;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pharos.alertmanager.alert.Alert;
import io.pharos.alertmanager.alert.AlertStore;
import io.pharos.alertmanager.config.AlertmanagerConfig;
import io.pharos.alertmanager.config.ConfigException;
import io.pharos.alertmanager.config.ConfigLoader;
import io.pharos.alertmanager.config.ReceiverConfig;
import io.pharos.alertmanager.notify.Backoff;
import io.pharos.alertmanager.notify.Integration;
import io.pharos.alertmanager.notify.MemoryNotificationLog;
import io.pharos.alertmanager.notify.NotificationMetrics;
import io.pharos.alertmanager.notify.NotificationPipeline;
import io.pharos.alertmanager.notify.Notifier;
import io.pharos.alertmanager.testing.ManualScheduler;
import io.pharos.alertmanager.testing.MutableClock;
import io.pharos.alertmanager.testing.RecordingNotifier;
import io.pharos.model.labels.Labels;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A dispatcher on virtual time: every receiver of the config gets one integration whose
 * notifier is {@link #notifier}, unless a test swaps in its own.
 */
final class DispatchHarness {
    static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    final MutableClock clock = new MutableClock(T0);
    final ManualScheduler scheduler = new ManualScheduler(clock);
    final AlertStore store = new AlertStore(clock);
    final MemoryNotificationLog log = new MemoryNotificationLog(clock);
    final RecordingNotifier notifier = new RecordingNotifier();
    final AlertmanagerConfig config;
    Notifier delegate = notifier;
    Dispatcher dispatcher;

    DispatchHarness(String yaml, boolean sendResolved) throws ConfigException {
        this.config = new ConfigLoader().parse(yaml);
        this.dispatcher = newDispatcher(sendResolved);
        dispatcher.start(store);
    }

    Dispatcher newDispatcher(boolean sendResolved) {
        Map<String, List<Integration>> integrations = new LinkedHashMap<>();
        for (ReceiverConfig r : config.receivers()) {
            Notifier n = (ctx, alerts) -> delegate.notify(ctx, alerts);
            integrations.put(r.name(), List.of(new Integration(r.name(), "webhook", 0, n, sendResolved)));
        }
        NotificationPipeline pipeline = new NotificationPipeline(integrations, log,
                new NotificationMetrics(new SimpleMeterRegistry()), new Backoff(Duration.ofMillis(1), 1, Duration.ofMillis(1), 0),
                Runnable::run);
        return new Dispatcher(Route.tree(config.route()), pipeline, scheduler, Runnable::run, clock, n -> { });
    }

    /** Restarts on the same config, as a reload does: same store, same notification log. */
    void reload(boolean sendResolved) {
        dispatcher.stop();
        dispatcher = newDispatcher(sendResolved);
        dispatcher.start(store);
    }

    /** Posts a firing alert that started now and ends in an hour unless posted again. */
    Alert fire(String... labels) {
        Instant now = clock.instant();
        return put(new Alert(Labels.of(labels), Map.of(), now, now.plus(Duration.ofHours(1)), "", now, false));
    }

    /** Posts the alert again, ended now. */
    Alert resolve(String... labels) {
        Instant now = clock.instant();
        Alert stored = store.get(io.pharos.alertmanager.alert.Fingerprint.of(Labels.of(labels)));
        Instant start = stored == null ? now : stored.startsAt();
        return put(new Alert(Labels.of(labels), Map.of(), start, now, "", now, false));
    }

    Alert put(Alert a) {
        return store.put(List.of(a)).get(0);
    }

    void advance(Duration d) {
        scheduler.advance(d);
    }

    /** Advances to {@code T0 + offset}. */
    void advanceTo(Duration offset) {
        scheduler.advance(Duration.between(clock.instant(), T0.plus(offset)));
    }

    List<RecordingNotifier.Sent> sent() {
        return notifier.sent();
    }
}
