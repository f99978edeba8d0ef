package io.pharos.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import io.pharos.alertmanager.notify.FileNotificationLog;
import io.pharos.alertmanager.notify.MemoryNotificationLog;
import io.pharos.alertmanager.notify.NotificationLog;
import io.pharos.alertmanager.silence.Silence;
import io.pharos.alertmanager.silence.Silences;
import io.pharos.alertmanager.storage.SnapshotFile;
import io.pharos.alertmanager.testing.AlertmanagerHarness;
import io.pharos.alertmanager.testing.MutableClock;
import io.pharos.alertmanager.testing.ManualScheduler;
import io.pharos.model.labels.Matcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
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

    private static AlertmanagerHarness start(Path dir, Instant at) throws Exception {
        MutableClock clock = new MutableClock(at);
        Silences silences = new Silences(clock, Silences.DEFAULT_RETENTION, new SnapshotFile(dir.resolve("silences.json")));
        silences.load();
        // The harness makes its own clock; give the stores one that follows it.
        AlertmanagerHarness[] holder = new AlertmanagerHarness[1];
        java.time.Clock follow = new java.time.Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return holder[0] == null ? at : holder[0].clock.instant();
            }
        };
        silences = new Silences(follow, Silences.DEFAULT_RETENTION, new SnapshotFile(dir.resolve("silences.json")));
        silences.load();
        FileNotificationLog log = new FileNotificationLog(new MemoryNotificationLog(follow),
                new SnapshotFile(dir.resolve("nflog.json")), new ManualScheduler(clock), Duration.ofSeconds(1));
        log.load();
        holder[0] = new AlertmanagerHarness(CONFIG, at, silences, log);
        return holder[0];
    }

    @Test
    void aRestartedServiceNeitherRepagesNorForgetsSilences(@TempDir Path dir) throws Exception {
        Instant t0 = AlertmanagerHarness.T0;
        AlertmanagerHarness first = start(dir, t0);
        first.fire("alertname", "Disk");
        first.advance(Duration.ofSeconds(30));
        assertThat(first.notifiedAlerts()).containsExactly(List.of("Disk:firing"));
        String sid = first.am.silences().set(new Silence("", List.of(Matcher.equal("alertname", "Cpu")), t0,
                t0.plus(Duration.ofHours(2)), null, "me", "known issue"));
        first.close();
        assertThat(Files.exists(dir.resolve("nflog.json"))).isTrue();

        AlertmanagerHarness second = start(dir, t0.plus(Duration.ofMinutes(2)));
        try {
            assertThat(second.am.silences().get(sid)).isPresent();
            // Prometheus re-sends its firing alerts after the restart.
            second.fire("alertname", "Disk");
            second.fire("alertname", "Cpu");
            second.advance(Duration.ofMinutes(30));
            assertThat(second.notifiedAlerts()).as("Disk was already paged, Cpu is silenced").isEmpty();
            for (int i = 0; i < 8; i++) { // Prometheus keeps re-sending the firing alert
                second.fire("alertname", "Disk");
                second.advance(Duration.ofMinutes(30));
            }
            assertThat(second.notifiedAlerts()).as("repeat interval counts from the first page")
                    .containsExactly(List.of("Disk:firing"));
        } finally {
            second.close();
        }
    }

    @Test
    void notificationLogSnapshotRoundTrips(@TempDir Path dir) throws Exception {
        MutableClock clock = new MutableClock(AlertmanagerHarness.T0);
        ManualScheduler timers = new ManualScheduler(clock);
        SnapshotFile file = new SnapshotFile(dir.resolve("nflog.json"));
        FileNotificationLog log = new FileNotificationLog(new MemoryNotificationLog(clock), file, timers, Duration.ofSeconds(1));
        NotificationLog.Receiver r = new NotificationLog.Receiver("team", "webhook", 0);
        log.log(r, "{}:{a=\"b\"}", Set.of(0xfedcba9876543210L, 1L), Set.of(2L), Duration.ofHours(8));
        assertThat(Files.exists(file.path())).as("written after the delay, not at once").isFalse();
        timers.advance(Duration.ofSeconds(1));
        assertThat(Files.exists(file.path())).isTrue();

        FileNotificationLog loaded = new FileNotificationLog(new MemoryNotificationLog(clock), file, timers, Duration.ofSeconds(1));
        assertThat(loaded.load()).isEqualTo(1);
        NotificationLog.Entry e = loaded.query(r, "{}:{a=\"b\"}").orElseThrow();
        assertThat(e.firing()).containsExactlyInAnyOrder(0xfedcba9876543210L, 1L);
        assertThat(e.resolved()).containsExactly(2L);
        assertThat(e.timestamp()).isEqualTo(AlertmanagerHarness.T0);
        assertThat(e.expiresAt()).isEqualTo(AlertmanagerHarness.T0.plus(Duration.ofHours(8)));

        clock.advance(Duration.ofHours(9));
        FileNotificationLog expired = new FileNotificationLog(new MemoryNotificationLog(clock), file, timers, Duration.ofSeconds(1));
        assertThat(expired.load()).as("expired entries are not restored").isZero();
    }
}
