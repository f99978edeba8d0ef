package io.pharos.alertmanager.dispatch;

import static io.pharos.alertmanager.dispatch.DispatchHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.pharos.alertmanager.alert.Alert;
import io.pharos.alertmanager.notify.FailureReason;
import io.pharos.alertmanager.notify.NotificationException;
import io.pharos.alertmanager.testing.RecordingNotifier;
import io.pharos.model.labels.Labels;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** group_wait, group_interval, repeat_interval and resolution, on a virtual clock. */
class AggregationTimingTest {
    private static final String CONFIG = """
            route:
              receiver: team
              group_by: [alertname]
              group_wait: 30s
              group_interval: 5m
              repeat_interval: 4h
            receivers:
              - name: team
            """;

    @Test
    void firstNotificationWaitsForGroupWaitThenChangesWaitForGroupInterval() throws Exception {
        DispatchHarness h = new DispatchHarness(CONFIG, true);
        h.fire("alertname", "HighLatency", "instance", "a");
        h.advanceTo(Duration.ofSeconds(29));
        assertThat(h.sent()).isEmpty();

        h.advanceTo(Duration.ofSeconds(30));
        assertThat(h.sent()).hasSize(1);
        assertThat(h.sent().get(0).at()).isEqualTo(T0.plusSeconds(30));
        assertThat(h.sent().get(0).groupKey()).isEqualTo("{}:{alertname=\"HighLatency\"}");

        h.advanceTo(Duration.ofMinutes(1));
        h.fire("alertname", "HighLatency", "instance", "b");
        h.fire("alertname", "HighLatency", "instance", "c");
        h.advanceTo(Duration.ofMinutes(5).plusSeconds(29));
        assertThat(h.sent()).as("batched until the next group_interval").hasSize(1);

        h.advanceTo(Duration.ofMinutes(5).plusSeconds(30));
        assertThat(h.sent()).hasSize(2);
        RecordingNotifier.Sent second = h.sent().get(1);
        assertThat(second.alerts()).extracting(a -> a.labels().get("instance")).containsExactly("a", "b", "c");
        assertThat(second.alerts()).allSatisfy(a -> assertThat(a.endsAt()).as("firing alerts carry no end").isNull());

        h.advanceTo(Duration.ofMinutes(30));
        assertThat(h.sent()).as("nothing new: no notification before repeat_interval").hasSize(2);
    }

    @Test
    void alertsOfDifferentGroupLabelsAreNotifiedSeparately() throws Exception {
        DispatchHarness h = new DispatchHarness(CONFIG, true);
        h.fire("alertname", "A", "instance", "1");
        h.fire("alertname", "B", "instance", "1");
        h.fire("alertname", "A", "instance", "2");
        h.advanceTo(Duration.ofSeconds(30));
        assertThat(h.sent()).extracting(RecordingNotifier.Sent::groupKey)
                .containsExactlyInAnyOrder("{}:{alertname=\"A\"}", "{}:{alertname=\"B\"}");
        assertThat(h.sent()).filteredOn(s -> s.groupKey().contains("\"A\""))
                .singleElement().extracting(s -> s.alerts().size()).isEqualTo(2);
        assertThat(h.dispatcher.groups()).hasSize(2);
    }

    @Test
    void unchangedGroupIsRepeatedOnlyAfterRepeatInterval() throws Exception {
        DispatchHarness h = new DispatchHarness(CONFIG.replace("repeat_interval: 4h", "repeat_interval: 1h"), true);
        h.put(new Alert(Labels.of("alertname", "Disk"), Map.of(), T0, T0.plus(Duration.ofHours(10)), "", T0, false));
        h.advanceTo(Duration.ofSeconds(30));
        assertThat(h.sent()).hasSize(1);

        // Ticks every 5m from 0:00:30; the first tick more than 1h after the last notification is 1:05:30.
        h.advanceTo(Duration.ofHours(1).plusMinutes(5).plusSeconds(29));
        assertThat(h.sent()).hasSize(1);
        h.advanceTo(Duration.ofHours(1).plusMinutes(5).plusSeconds(30));
        assertThat(h.sent()).hasSize(2);
        assertThat(h.sent().get(1).at()).isEqualTo(T0.plus(Duration.ofHours(1).plusMinutes(5).plusSeconds(30)));
    }

    @Test
    void resolvedAlertIsNotifiedWithSendResolvedAndTheGroupIsThenDropped() throws Exception {
        DispatchHarness h = new DispatchHarness(CONFIG, true);
        h.fire("alertname", "Down", "instance", "a");
        h.advanceTo(Duration.ofSeconds(30));
        h.advanceTo(Duration.ofMinutes(2));
        h.resolve("alertname", "Down", "instance", "a");
        h.advanceTo(Duration.ofMinutes(5).plusSeconds(30));

        assertThat(h.sent()).hasSize(2);
        RecordingNotifier.Sent resolved = h.sent().get(1);
        assertThat(resolved.statuses()).containsExactly("resolved");
        assertThat(resolved.alerts().get(0).endsAt()).isEqualTo(T0.plus(Duration.ofMinutes(2)));
        assertThat(h.dispatcher.groups()).as("a group left empty is destroyed").isEmpty();

        h.advanceTo(Duration.ofHours(5));
        assertThat(h.sent()).as("no repeats of a resolved group").hasSize(2);
    }

    @Test
    void resolvedAlertIsNotSentWithoutSendResolvedButIsForgotten() throws Exception {
        DispatchHarness h = new DispatchHarness(CONFIG, false);
        h.fire("alertname", "Down", "instance", "a");
        h.advanceTo(Duration.ofSeconds(30));
        h.resolve("alertname", "Down", "instance", "a");
        h.advanceTo(Duration.ofMinutes(5).plusSeconds(30));
        assertThat(h.sent()).hasSize(1);
        assertThat(h.dispatcher.groups()).isEmpty();

        // Firing again later is a first notification again (after group_wait), not a repeat.
        h.advanceTo(Duration.ofMinutes(20));
        h.fire("alertname", "Down", "instance", "a");
        h.advanceTo(Duration.ofMinutes(20).plusSeconds(30));
        assertThat(h.sent()).hasSize(2);
        assertThat(h.sent().get(1).statuses()).containsExactly("firing");
    }

    @Test
    void resolvedAndFiringTogetherSendBothStatuses() throws Exception {
        DispatchHarness h = new DispatchHarness(CONFIG, true);
        h.fire("alertname", "Down", "instance", "a");
        h.fire("alertname", "Down", "instance", "b");
        h.advanceTo(Duration.ofSeconds(30));
        h.resolve("alertname", "Down", "instance", "a");
        h.advanceTo(Duration.ofMinutes(5).plusSeconds(30));
        assertThat(h.sent()).hasSize(2);
        assertThat(h.sent().get(1).statuses()).containsExactly("resolved", "firing");
        assertThat(h.dispatcher.groups()).singleElement()
                .satisfies(g -> assertThat(g.alerts()).extracting(a -> a.labels().get("instance")).containsExactly("b"));
    }

    @Test
    void alertWithoutRefreshResolvesWhenItsEndPasses() throws Exception {
        DispatchHarness h = new DispatchHarness(CONFIG, true);
        // As the API stores an alert sent without endsAt: endsAt = received + resolve_timeout.
        h.put(new Alert(Labels.of("alertname", "Flaky"), Map.of(), T0, T0.plus(Duration.ofMinutes(5)), "", T0, true));
        h.advanceTo(Duration.ofSeconds(30));
        assertThat(h.sent()).singleElement().satisfies(s -> assertThat(s.statuses()).containsExactly("firing"));
        h.advanceTo(Duration.ofMinutes(5).plusSeconds(30));
        assertThat(h.sent()).hasSize(2);
        assertThat(h.sent().get(1).statuses()).containsExactly("resolved");
    }

    @Test
    void alertOlderThanGroupWaitIsFlushedAtOnce() throws Exception {
        DispatchHarness h = new DispatchHarness(CONFIG, true);
        h.advanceTo(Duration.ofMinutes(10));
        h.put(new Alert(Labels.of("alertname", "Old"), Map.of(), T0, T0.plus(Duration.ofHours(1)), "",
                h.clock.instant(), false));
        h.scheduler.runDue();
        assertThat(h.sent()).singleElement().satisfies(s -> assertThat(s.at()).isEqualTo(T0.plus(Duration.ofMinutes(10))));
    }

    @Test
    void failedNotificationIsTriedAgainAtTheNextGroupInterval() throws Exception {
        DispatchHarness h = new DispatchHarness(CONFIG, true);
        AtomicInteger failures = new AtomicInteger(1);
        h.delegate = (ctx, alerts) -> {
            if (failures.getAndDecrement() > 0) {
                throw new NotificationException("unexpected status code 400", false, FailureReason.CLIENT_ERROR);
            }
            h.notifier.notify(ctx, alerts);
        };
        h.fire("alertname", "X");
        h.advanceTo(Duration.ofSeconds(30));
        assertThat(h.sent()).isEmpty();
        h.advanceTo(Duration.ofMinutes(5).plusSeconds(30));
        assertThat(h.sent()).hasSize(1);
    }

    @Test
    void reloadDoesNotSendAgainWhatWasAlreadySent() throws Exception {
        DispatchHarness h = new DispatchHarness(CONFIG, true);
        h.fire("alertname", "X");
        h.advanceTo(Duration.ofSeconds(30));
        assertThat(h.sent()).hasSize(1);

        h.advanceTo(Duration.ofMinutes(2));
        h.reload(true);
        h.advanceTo(Duration.ofMinutes(30));
        assertThat(h.sent()).as("the notification log remembers across reloads").hasSize(1);
        assertThat(h.dispatcher.groups()).hasSize(1);

        h.fire("alertname", "X", "instance", "new");
        h.advanceTo(Duration.ofMinutes(40));
        assertThat(h.sent()).hasSize(2);
        assertThat(h.sent().get(1).alerts()).hasSize(2);
    }

    @Test
    void stoppedDispatcherSendsNothing() throws Exception {
        DispatchHarness h = new DispatchHarness(CONFIG, true);
        h.fire("alertname", "X");
        h.dispatcher.stop();
        h.advanceTo(Duration.ofHours(1));
        assertThat(h.sent()).isEmpty();
        assertThat(h.scheduler.pending()).isZero();
    }
}
