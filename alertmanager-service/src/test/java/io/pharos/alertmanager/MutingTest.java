package io.pharos.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import io.pharos.alertmanager.alert.Alert;
import io.pharos.alertmanager.alert.AlertState;
import io.pharos.alertmanager.alert.AlertStatus;
import io.pharos.alertmanager.silence.Silence;
import io.pharos.alertmanager.testing.AlertmanagerHarness;
import io.pharos.model.labels.Matcher;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Silences, inhibition and time intervals muting notifications, on virtual time. */
class MutingTest {
    private AlertmanagerHarness h;

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
    }

    private static final String CONFIG = """
            route:
              receiver: hook
              group_by: [alertname]
              group_wait: 30s
              group_interval: 5m
              repeat_interval: 4h
            receivers:
              - name: hook
                webhook_configs: [{url: HOOK}]
            inhibit_rules:
              - source_matchers: [severity="critical"]
                target_matchers: [severity="warning"]
                equal: [alertname]
            """;

    @Test
    void silencedAlertIsNotNotifiedUntilTheSilenceExpires() throws Exception {
        h = new AlertmanagerHarness(CONFIG);
        Instant now = h.clock.instant();
        String id = h.am.silences().set(new Silence("", List.of(Matcher.equal("alertname", "A")), now,
                now.plus(Duration.ofHours(1)), null, "me", "deploy"));
        Alert a = h.fire("alertname", "A");
        h.fire("alertname", "B");
        AlertStatus status = h.am.status(a);
        assertThat(status.state()).isEqualTo(AlertState.SUPPRESSED);
        assertThat(status.silencedBy()).containsExactly(id);

        h.advance(Duration.ofSeconds(30));
        assertThat(h.notifiedAlerts()).containsExactly(List.of("B:firing"));

        h.advance(Duration.ofMinutes(10));
        assertThat(h.notifiedAlerts()).as("still silenced").hasSize(1);

        h.am.silences().expire(id);
        h.advance(Duration.ofMinutes(5));
        assertThat(h.notifiedAlerts()).containsExactly(List.of("B:firing"), List.of("A:firing"));
        assertThat(h.am.status(a).state()).isEqualTo(AlertState.ACTIVE);
    }

    @Test
    void criticalInhibitsWarningUntilItResolves() throws Exception {
        h = new AlertmanagerHarness(CONFIG);
        Alert critical = h.fire("alertname", "Disk", "severity", "critical");
        Alert warning = h.fire("alertname", "Disk", "severity", "warning");
        assertThat(h.am.status(warning).inhibitedBy()).containsExactly(critical.fingerprintHex());
        assertThat(h.am.status(critical).state()).isEqualTo(AlertState.ACTIVE);

        h.advance(Duration.ofSeconds(30));
        assertThat(h.notifiedAlerts()).containsExactly(List.of("Disk:firing"));
        assertThat(h.notifications().get(0).get("alerts").get(0).get("labels").get("severity").asString())
                .isEqualTo("critical");

        h.advance(Duration.ofMinutes(1));
        h.resolve(critical);
        assertThat(h.am.status(warning).state()).isEqualTo(AlertState.ACTIVE);
        h.advance(Duration.ofMinutes(4));
        assertThat(h.notifiedAlerts()).hasSize(2);
        assertThat(h.notifiedAlerts().get(1)).containsExactlyInAnyOrder("Disk:resolved", "Disk:firing");
    }

    @Test
    void muteTimeIntervalHoldsNotificationsBackUntilItEnds() throws Exception {
        // T0 is Wednesday 2024-05-01 10:00 UTC; the route is muted 10:00-10:20 on weekdays.
        h = new AlertmanagerHarness("""
                route:
                  receiver: hook
                  group_by: [alertname]
                  group_wait: 30s
                  group_interval: 5m
                  routes:
                    - matchers: [team="db"]
                      mute_time_intervals: [morning]
                    - matchers: [team="web"]
                      active_time_intervals: [morning]
                receivers:
                  - name: hook
                    webhook_configs: [{url: HOOK}]
                time_intervals:
                  - name: morning
                    time_intervals:
                      - weekdays: ['monday:friday']
                        times: [{start_time: '10:00', end_time: '10:20'}]
                """);
        h.fire("alertname", "Db", "team", "db");
        h.fire("alertname", "Web", "team", "web");
        h.advance(Duration.ofSeconds(30));
        assertThat(h.notifiedAlerts()).containsExactly(List.of("Web:firing"));
        assertThat(h.am.groupMutes().mutedBy(h.am.dispatcher().groups().stream()
                .filter(g -> g.labels().get("alertname").equals("Db")).findFirst().orElseThrow().groupKey()))
                .containsExactly("morning");

        h.advance(Duration.ofMinutes(20));
        assertThat(h.notifiedAlerts()).containsExactly(List.of("Web:firing"), List.of("Db:firing"));
    }
}
