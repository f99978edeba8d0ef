package io.pharos.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import io.pharos.alertmanager.notify.PersistentNotificationLog;
import io.pharos.alertmanager.silence.Silence;
import io.pharos.alertmanager.silence.Silences;
import io.pharos.alertmanager.storage.StateStore;
import io.pharos.alertmanager.testing.AlertmanagerHarness;
import io.pharos.model.labels.Matcher;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Silences and the notification log survive a restart: nothing is lost, nothing pages twice. */
class RestartTest {
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
            """;

    /** An alertmanager on virtual time whose silences and notification log are in a state store in {@code dir}. */
    private record Running(AlertmanagerHarness harness, StateStore store) implements AutoCloseable {
        static Running start(Path dir, Instant at) throws Exception {
            StateStore store = StateStore.open(dir.resolve("state"),
                    List.of(Silences.TABLE, PersistentNotificationLog.TABLE), List.of());
            // The harness makes its own clock; give the stores one that follows it.
            AlertmanagerHarness[] holder = new AlertmanagerHarness[1];
            Clock follow = new Clock() {
                @Override
                public ZoneId getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(ZoneId zone) {
                    return this;
                }

                @Override
                public Instant instant() {
                    return holder[0] == null ? at : holder[0].clock.instant();
                }
            };
            Silences silences = new Silences(follow, Silences.DEFAULT_RETENTION, store.table(Silences.TABLE));
            silences.load();
            PersistentNotificationLog log = new PersistentNotificationLog(follow, store.table(PersistentNotificationLog.TABLE));
            log.load();
            holder[0] = new AlertmanagerHarness(CONFIG, at, silences, log);
            return new Running(holder[0], store);
        }

        @Override
        public void close() {
            harness.close();
            store.close();
        }
    }

    @Test
    void aRestartedServiceNeitherRepagesNorForgetsSilences(@TempDir Path dir) throws Exception {
        Instant t0 = AlertmanagerHarness.T0;
        String sid;
        try (Running first = Running.start(dir, t0)) {
            first.harness().fire("alertname", "Disk");
            first.harness().advance(Duration.ofSeconds(30));
            assertThat(first.harness().notifiedAlerts()).containsExactly(List.of("Disk:firing"));
            sid = first.harness().am.silences().set(new Silence("", List.of(Matcher.equal("alertname", "Cpu")), t0,
                    t0.plus(Duration.ofHours(2)), null, "me", "known issue"));
        }

        try (Running second = Running.start(dir, t0.plus(Duration.ofMinutes(2)))) {
            AlertmanagerHarness am = second.harness();
            assertThat(am.am.silences().get(sid)).isPresent();
            // Prometheus re-sends its firing alerts after the restart.
            am.fire("alertname", "Disk");
            am.fire("alertname", "Cpu");
            am.advance(Duration.ofMinutes(30));
            assertThat(am.notifiedAlerts()).as("Disk was already paged, Cpu is silenced").isEmpty();
            for (int i = 0; i < 8; i++) { // Prometheus keeps re-sending the firing alert
                am.fire("alertname", "Disk");
                am.advance(Duration.ofMinutes(30));
            }
            assertThat(am.notifiedAlerts()).as("repeat interval counts from the first page")
                    .containsExactly(List.of("Disk:firing"));
        }
    }
}
