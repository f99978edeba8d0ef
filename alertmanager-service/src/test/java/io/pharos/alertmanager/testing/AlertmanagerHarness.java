package io.pharos.alertmanager.testing;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pharos.alertmanager.Alertmanager;
import io.pharos.alertmanager.alert.Alert;
import io.pharos.alertmanager.alert.AlertStore;
import io.pharos.alertmanager.config.ConfigLoader;
import io.pharos.alertmanager.notify.Backoff;
import io.pharos.alertmanager.notify.MemoryNotificationLog;
import io.pharos.alertmanager.notify.NotificationLog;
import io.pharos.alertmanager.silence.Silences;
import io.pharos.model.labels.Labels;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A whole alertmanager on virtual time, delivering to a local webhook receiver: the config's
 * {@code HOOK} placeholder becomes the receiver's URL. Deliveries run on the thread that
 * advances time, so after {@link #advance} every notification due has arrived.
 */
public final class AlertmanagerHarness implements AutoCloseable {
    public static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public final MutableClock clock;
    public final ManualScheduler scheduler;
    public final WebhookReceiver hook;
    public final Alertmanager am;

    public AlertmanagerHarness(String yaml) throws Exception {
        this(yaml, T0, null, null);
    }

    public AlertmanagerHarness(String yaml, Instant start, Silences silences, NotificationLog log) throws Exception {
        clock = new MutableClock(start);
        scheduler = new ManualScheduler(clock);
        hook = new WebhookReceiver();
        am = new Alertmanager(new AlertStore(clock), log != null ? log : new MemoryNotificationLog(clock),
                silences != null ? silences : Silences.inMemory(clock), new SimpleMeterRegistry(), scheduler, Runnable::run,
                clock, "http://am.test", new Backoff(Duration.ofMillis(1), 1, Duration.ofMillis(1), 0));
        am.apply(new ConfigLoader().parse(yaml.replace("HOOK", hook.url("/hook"))));
    }

    /** Posts a firing alert that started now and ends in an hour unless posted again. */
    public Alert fire(String... labels) {
        Instant now = clock.instant();
        return am.put(List.of(new Alert(Labels.of(labels), Map.of(), now, now.plus(Duration.ofHours(1)), "", now, false)))
                .get(0);
    }

    /** Posts the alert again, ended now. */
    public Alert resolve(Alert a) {
        Instant now = clock.instant();
        return am.put(List.of(new Alert(a.labels(), a.annotations(), a.startsAt(), now, "", now, false))).get(0);
    }

    public void advance(Duration d) {
        scheduler.advance(d);
    }

    /** The webhook bodies received so far, parsed. */
    public List<JsonNode> notifications() {
        List<JsonNode> out = new ArrayList<>();
        for (WebhookReceiver.Request r : hook.requests()) {
            out.add(JSON.readTree(r.body()));
        }
        return out;
    }

    /** For each notification, its alerts as {@code alertname:status}. */
    public List<List<String>> notifiedAlerts() {
        List<List<String>> out = new ArrayList<>();
        for (JsonNode n : notifications()) {
            List<String> alerts = new ArrayList<>();
            n.get("alerts").forEach(a -> alerts.add(a.get("labels").path("alertname").asString() + ":"
                    + a.get("status").asString()));
            out.add(alerts);
        }
        return out;
    }

    @Override
    public void close() {
        am.close();
        hook.close();
    }
}
