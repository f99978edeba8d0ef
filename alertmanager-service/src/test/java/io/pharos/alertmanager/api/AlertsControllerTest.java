package io.pharos.alertmanager.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pharos.alertmanager.Alertmanager;
import io.pharos.alertmanager.alert.Alert;
import io.pharos.alertmanager.alert.AlertStore;
import io.pharos.alertmanager.config.ConfigLoader;
import io.pharos.alertmanager.matcher.MatcherParser;
import io.pharos.alertmanager.notify.Backoff;
import io.pharos.alertmanager.notify.MemoryNotificationLog;
import io.pharos.alertmanager.testing.ManualScheduler;
import io.pharos.alertmanager.testing.MutableClock;
import io.pharos.model.labels.Labels;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

/** The alerts API as plain Java: what it stores and what it lists. */
class AlertsControllerTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    private final MutableClock clock = new MutableClock(T0);
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private Alertmanager alertmanager;
    private AlertsController controller;

    @BeforeEach
    void setUp() throws Exception {
        alertmanager = new Alertmanager(new AlertStore(clock), new MemoryNotificationLog(clock), new SimpleMeterRegistry(),
                scheduler, Runnable::run, clock, "http://am:9093", Backoff.DEFAULT);
        alertmanager.apply(new ConfigLoader().parse("""
                global: {resolve_timeout: 10m}
                route:
                  receiver: default
                  routes:
                    - matchers: [team="db"]
                      receiver: db-pager
                      continue: true
                    - matchers: [severity="page"]
                      receiver: oncall
                receivers: [{name: default}, {name: db-pager}, {name: oncall}]
                """));
        controller = new AlertsController(alertmanager, new SimpleMeterRegistry());
    }

    @AfterEach
    void tearDown() {
        alertmanager.close();
    }

    private ResponseEntity<Object> post(String json) {
        return controller.post(json.getBytes(StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    private List<GettableAlert> list(boolean active, List<String> filter, String receiver) {
        return (List<GettableAlert>) controller.get(active, true, true, true, filter, receiver).getBody();
    }

    @Test
    void alertWithoutEndGetsResolveTimeoutAndStartsNow() {
        assertThat(post("[{\"labels\": {\"alertname\": \"A\", \"empty\": \"\"}}]").getStatusCode().value()).isEqualTo(200);
        Alert stored = alertmanager.store().list().get(0);
        assertThat(stored.labels()).isEqualTo(Labels.of("alertname", "A"));
        assertThat(stored.startsAt()).isEqualTo(T0);
        assertThat(stored.endsAt()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
        assertThat(stored.timeout()).isTrue();
        assertThat(stored.updatedAt()).isEqualTo(T0);
    }

    @Test
    void validAlertsAreKeptWhenOthersInTheBatchAreInvalid() {
        ResponseEntity<Object> r = post("""
                [{"labels": {"alertname": "Good"}},
                 {"labels": {"alertname": "Backwards"}, "startsAt": "2024-05-01T10:00:00Z", "endsAt": "2024-05-01T09:00:00Z"},
                 {"labels": {"": "x"}},
                 {"labels": {"only": ""}}]
                """);
        assertThat(r.getStatusCode().value()).isEqualTo(400);
        assertThat(r.getBody()).hasToString("start time must be before end time; invalid label set: invalid name \"\"; "
                + "at least one label pair required");
        assertThat(alertmanager.store().list()).extracting(Alert::name).containsExactly("Good");
    }

    @Test
    void listingShowsReceiversAndFiltersByMatcherAndReceiver() {
        post("""
                [{"labels": {"alertname": "Slow", "team": "db", "severity": "page"}},
                 {"labels": {"alertname": "Full", "team": "web"}}]
                """);
        List<GettableAlert> all = list(true, null, null);
        assertThat(all).hasSize(2);
        GettableAlert slow = all.stream().filter(a -> a.labels().get("alertname").equals("Slow")).findFirst().orElseThrow();
        assertThat(slow.receivers()).extracting(GettableAlert.ReceiverReference::name).containsExactly("db-pager", "oncall");
        assertThat(slow.status().state()).isEqualTo("active");
        assertThat(slow.endsAt()).isEqualTo("2024-05-01T10:10:00.000Z");
        assertThat(slow.fingerprint()).matches("[0-9a-f]{16}");
        assertThat(all).extracting(GettableAlert::fingerprint).isSorted();

        assertThat(list(true, List.of("team=\"db\""), null)).extracting(a -> a.labels().get("alertname")).containsExactly("Slow");
        assertThat(list(true, null, "default")).extracting(a -> a.labels().get("alertname")).containsExactly("Full");
        assertThat(list(true, null, "db-.*")).extracting(a -> a.labels().get("alertname")).containsExactly("Slow");
        assertThat(list(false, null, null)).as("active=false hides active alerts").isEmpty();
    }

    @Test
    void resolvedAlertsAreNotListed() {
        post("[{\"labels\": {\"alertname\": \"Gone\"}, \"startsAt\": \"2024-05-01T09:00:00Z\", \"endsAt\": \"2024-05-01T09:30:00Z\"}]");
        assertThat(alertmanager.store().list()).hasSize(1);
        assertThat(list(true, null, null)).isEmpty();
    }

    @Test
    void filterMatchersTreatEmptyValuesAsAlertmanagerDoes() {
        Labels labels = Labels.of("alertname", "A", "team", "x");
        assertThat(AlertFilter.matchesLabels(MatcherParser.parseAll("missing=\"\""), labels)).isTrue();
        assertThat(AlertFilter.matchesLabels(MatcherParser.parseAll("team!=\"\""), labels)).isTrue();
        assertThat(AlertFilter.matchesLabels(MatcherParser.parseAll("team=~\"x|y\""), labels)).isTrue();
        assertThat(AlertFilter.matchesLabels(MatcherParser.parseAll("team=\"y\""), labels)).isFalse();
    }
}
