package io.pharos.alertmanager.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.pharos.alertmanager.storage.StateStore;
import io.pharos.alertmanager.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersistentNotificationLogTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00.123456789Z");
    private static final NotificationLog.Receiver TEAM = new NotificationLog.Receiver("team", "webhook", 0);
    private static final NotificationLog.Receiver OPS = new NotificationLog.Receiver("ops", "email", 1);
    private final MutableClock clock = new MutableClock(T0);

    private static StateStore openStore(Path dir) {
        return StateStore.open(dir.resolve("state"), List.of(PersistentNotificationLog.TABLE), List.of());
    }

    private static int storedEntries(StateStore store) {
        List<byte[]> keys = new ArrayList<>();
        store.table(PersistentNotificationLog.TABLE).forEach((k, v) -> keys.add(k));
        return keys.size();
    }

    @Test
    void loggedNotificationsSurviveClosingAndReopeningTheStore(@TempDir Path dir) {
        try (StateStore store = openStore(dir)) {
            PersistentNotificationLog log = new PersistentNotificationLog(clock, store.table(PersistentNotificationLog.TABLE));
            log.log(TEAM, "{}:{a=\"b\"}", Set.of(0xfedcba9876543210L, 1L), Set.of(2L), Duration.ofHours(8));
            log.log(OPS, "{}:{a=\"b\"}", Set.of(3L), Set.of(), Duration.ofHours(2));
            clock.advance(Duration.ofMinutes(1));
            log.log(TEAM, "{}:{a=\"b\"}", Set.of(1L), Set.of(0xfedcba9876543210L, 2L), Duration.ofHours(8));
        }

        try (StateStore store = openStore(dir)) {
            PersistentNotificationLog loaded = new PersistentNotificationLog(clock, store.table(PersistentNotificationLog.TABLE));
            assertThat(loaded.load()).isEqualTo(2);
            NotificationLog.Entry team = loaded.query(TEAM, "{}:{a=\"b\"}").orElseThrow();
            assertThat(team.firing()).as("the last notification replaced the first").containsExactly(1L);
            assertThat(team.resolved()).containsExactlyInAnyOrder(0xfedcba9876543210L, 2L);
            assertThat(team.timestamp()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
            assertThat(team.expiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(1)).plus(Duration.ofHours(8)));
            NotificationLog.Entry ops = loaded.query(OPS, "{}:{a=\"b\"}").orElseThrow();
            assertThat(ops.firing()).containsExactly(3L);
            assertThat(ops.resolved()).isEmpty();
            assertThat(loaded.query(TEAM, "{}:{a=\"c\"}")).isEmpty();
        }
    }

    @Test
    void expiredEntriesAreDeletedByGarbageCollectionAndSkippedOnLoad(@TempDir Path dir) {
        try (StateStore store = openStore(dir)) {
            PersistentNotificationLog log = new PersistentNotificationLog(clock, store.table(PersistentNotificationLog.TABLE));
            log.log(TEAM, "short", Set.of(1L), Set.of(), Duration.ofHours(1));
            log.log(TEAM, "long", Set.of(1L), Set.of(), Duration.ofHours(3));
            log.log(TEAM, "longer", Set.of(1L), Set.of(), Duration.ofHours(5));
            clock.advance(Duration.ofHours(2));
            assertThat(log.gc()).isEqualTo(1);
            assertThat(log.query(TEAM, "short")).isEmpty();
            assertThat(storedEntries(store)).as("deleted from the store by the same gc").isEqualTo(2);
        }

        clock.advance(Duration.ofHours(2)); // "long" expires while the service is down
        try (StateStore store = openStore(dir)) {
            PersistentNotificationLog loaded = new PersistentNotificationLog(clock, store.table(PersistentNotificationLog.TABLE));
            assertThat(loaded.load()).isEqualTo(1);
            assertThat(loaded.query(TEAM, "long")).isEmpty();
            assertThat(loaded.query(TEAM, "longer")).isPresent();
            assertThat(storedEntries(store)).as("expired entries are dropped from the store on load").isEqualTo(1);
        }
    }
}
