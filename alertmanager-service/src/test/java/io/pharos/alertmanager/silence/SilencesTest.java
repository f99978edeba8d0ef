package io.pharos.alertmanager.silence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pharos.alertmanager.storage.StateStore;
import io.pharos.alertmanager.testing.MutableClock;
import io.pharos.model.labels.Labels;
import io.pharos.model.labels.Matcher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SilencesTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    private final MutableClock clock = new MutableClock(T0);
    private final Silences silences = Silences.inMemory(clock);

    private static Silence silence(String id, Instant start, Instant end, Matcher... matchers) {
        return new Silence(id, List.of(matchers), start, end, null, "me", "maintenance");
    }

    @Test
    void newSilenceGetsAUuidStartsNoEarlierThanNowAndMutesMatchingAlerts() throws Exception {
        String id = silences.set(silence("", T0.minusSeconds(600), T0.plusSeconds(3600), Matcher.equal("alertname", "A"),
                Matcher.of(Matcher.Type.RE, "instance", "db[0-9]+")));
        assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");
        Silence s = silences.get(id).orElseThrow();
        assertThat(s.startsAt()).isEqualTo(T0);
        assertThat(s.updatedAt()).isEqualTo(T0);
        assertThat(s.state(T0)).isEqualTo(SilenceState.ACTIVE);
        assertThat(silences.activeMatching(Labels.of("alertname", "A", "instance", "db12"))).containsExactly(id);
        assertThat(silences.activeMatching(Labels.of("alertname", "A", "instance", "web1"))).isEmpty();
        assertThat(silences.activeMatching(Labels.of("alertname", "A"))).as("regex is anchored").isEmpty();
    }

    @Test
    void pendingSilenceBecomesActiveThenExpired() throws Exception {
        String id = silences.set(silence("", T0.plusSeconds(60), T0.plusSeconds(120), Matcher.equal("a", "b")));
        Labels l = Labels.of("a", "b");
        assertThat(silences.get(id).orElseThrow().state(clock.instant())).isEqualTo(SilenceState.PENDING);
        assertThat(silences.activeMatching(l)).isEmpty();
        clock.advance(Duration.ofSeconds(60));
        assertThat(silences.activeMatching(l)).containsExactly(id);
        clock.advance(Duration.ofSeconds(61));
        assertThat(silences.activeMatching(l)).isEmpty();
        assertThat(silences.get(id).orElseThrow().state(clock.instant())).isEqualTo(SilenceState.EXPIRED);
    }

    @Test
    void extendingAnActiveSilenceKeepsItsId() throws Exception {
        String id = silences.set(silence("", T0, T0.plusSeconds(3600), Matcher.equal("a", "b")));
        clock.advance(Duration.ofMinutes(10));
        Silence current = silences.get(id).orElseThrow();
        String again = silences.set(new Silence(id, current.matchers(), current.startsAt(), T0.plusSeconds(7200), null, "you",
                "longer"));
        assertThat(again).isEqualTo(id);
        Silence updated = silences.get(id).orElseThrow();
        assertThat(updated.endsAt()).isEqualTo(T0.plusSeconds(7200));
        assertThat(updated.comment()).isEqualTo("longer");
        assertThat(updated.updatedAt()).isEqualTo(T0.plusSeconds(600));
        assertThat(silences.list()).hasSize(1);
    }

    @Test
    void changingMatchersOfAnActiveSilenceExpiresItAndCreatesANewOne() throws Exception {
        String id = silences.set(silence("", T0, T0.plusSeconds(3600), Matcher.equal("a", "b")));
        clock.advance(Duration.ofMinutes(1));
        String next = silences.set(silence(id, T0, T0.plusSeconds(3600), Matcher.equal("a", "c")));
        assertThat(next).isNotEqualTo(id);
        assertThat(silences.get(id).orElseThrow().endsAt()).isEqualTo(clock.instant());
        clock.advance(Duration.ofMillis(1));
        assertThat(silences.get(id).orElseThrow().state(clock.instant())).isEqualTo(SilenceState.EXPIRED);
        assertThat(silences.get(next).orElseThrow().state(clock.instant())).isEqualTo(SilenceState.ACTIVE);
    }

    @Test
    void movingTheStartOfAnActiveSilenceIsNotAnInPlaceUpdate() throws Exception {
        String id = silences.set(silence("", T0, T0.plusSeconds(3600), Matcher.equal("a", "b")));
        clock.advance(Duration.ofMinutes(5));
        String next = silences.set(silence(id, T0.plusSeconds(120), T0.plusSeconds(3600), Matcher.equal("a", "b")));
        assertThat(next).isNotEqualTo(id);
        assertThat(silences.get(next).orElseThrow().startsAt()).as("start moved up to now").isEqualTo(clock.instant());
    }

    @Test
    void expiringEndsAnActiveSilenceNowAndAPendingOneEntirely() throws Exception {
        String active = silences.set(silence("", T0, T0.plusSeconds(3600), Matcher.equal("a", "b")));
        String pending = silences.set(silence("", T0.plusSeconds(600), T0.plusSeconds(3600), Matcher.equal("a", "b")));
        clock.advance(Duration.ofSeconds(30));
        silences.expire(active);
        silences.expire(pending);
        Instant now = clock.instant();
        assertThat(silences.get(active).orElseThrow().endsAt()).isEqualTo(now);
        assertThat(silences.get(active).orElseThrow().startsAt()).isEqualTo(T0);
        assertThat(silences.get(pending).orElseThrow().startsAt()).isEqualTo(now);
        assertThat(silences.get(pending).orElseThrow().endsAt()).isEqualTo(now);
        clock.advance(Duration.ofSeconds(1));
        silences.expire(active); // already expired: no error, no change
        assertThat(silences.get(active).orElseThrow().endsAt()).isEqualTo(now);
        assertThatThrownBy(() -> silences.expire("00000000-0000-4000-8000-000000000000"))
                .isInstanceOfSatisfying(SilenceException.class, e -> assertThat(e.isNotFound()).isTrue())
                .hasMessage("silence not found");
    }

    @Test
    void invalidSilencesAreRejectedWithAlertmanagersWording() {
        assertThatThrownBy(() -> silences.set(silence("", T0, T0.plusSeconds(60))))
                .hasMessage("silence invalid: at least one matcher required");
        assertThatThrownBy(() -> silences.set(silence("", T0, T0.plusSeconds(60), Matcher.equal("a", ""),
                Matcher.of(Matcher.Type.RE, "b", ".*"))))
                .hasMessage("silence invalid: at least one matcher must not match the empty string");
        assertThatThrownBy(() -> silences.set(silence("", T0, T0.plusSeconds(60), Matcher.equal("0bad", "x"))))
                .hasMessage("silence invalid: invalid label matcher 0: invalid label name \"0bad\"");
        assertThatThrownBy(() -> silences.set(silence("", T0.plusSeconds(60), T0, Matcher.equal("a", "x"))))
                .hasMessage("silence invalid: end time must not be before start time");
        assertThatThrownBy(() -> silences.set(silence("5d7c3b5a-0000-4000-8000-000000000000", T0, T0.plusSeconds(60),
                Matcher.equal("a", "x"))))
                .isInstanceOfSatisfying(SilenceException.class, e -> assertThat(e.isNotFound()).isTrue());
        assertThat(silences.list()).isEmpty();
    }

    @Test
    void negativeMatchersAloneAreValidAndMuteWhatTheyDoNotName() throws Exception {
        String id = silences.set(silence("", T0, T0.plusSeconds(60), Matcher.of(Matcher.Type.NEQ, "env", "prod")));
        assertThat(silences.activeMatching(Labels.of("env", "dev"))).containsExactly(id);
        assertThat(silences.activeMatching(Labels.of("env", "prod"))).isEmpty();
    }

    @Test
    void garbageCollectionDropsSilencesPastRetention() throws Exception {
        Silences short1 = new Silences(clock, Duration.ofHours(1), null);
        short1.set(silence("", T0, T0.plusSeconds(60), Matcher.equal("a", "b")));
        clock.advance(Duration.ofMinutes(30));
        assertThat(short1.gc()).isZero();
        clock.advance(Duration.ofMinutes(32));
        assertThat(short1.gc()).isEqualTo(1);
        assertThat(short1.list()).isEmpty();
    }

    private static StateStore openStore(Path dir) {
        return StateStore.open(dir.resolve("state"), List.of(Silences.TABLE), List.of());
    }

    @Test
    void silencesSurviveClosingAndReopeningTheStore(@TempDir Path dir) throws Exception {
        String a;
        String b;
        Silence storedA;
        Silence storedB;
        try (StateStore store = openStore(dir)) {
            Silences first = new Silences(clock, Silences.DEFAULT_RETENTION, store.table(Silences.TABLE));
            a = first.set(silence("", T0, T0.plusSeconds(3600), Matcher.equal("alertname", "A"),
                    Matcher.of(Matcher.Type.NRE, "env", "dev|test")));
            clock.advance(Duration.ofSeconds(1));
            b = first.set(silence("", T0.plusSeconds(600), T0.plusSeconds(3600), Matcher.equal("alertname", "B")));
            storedA = first.get(a).orElseThrow();
            storedB = first.get(b).orElseThrow();
        }

        try (StateStore store = openStore(dir)) {
            Silences second = new Silences(clock, Silences.DEFAULT_RETENTION, store.table(Silences.TABLE));
            assertThat(second.load()).isEqualTo(2);
            assertThat(second.get(a)).contains(storedA);
            assertThat(second.get(b)).contains(storedB);
            assertThat(second.list()).extracting(Silence::id).as("in the order they were made (by last update)").containsExactly(a, b);
            assertThat(second.activeMatching(Labels.of("alertname", "A", "env", "prod"))).containsExactly(a);
            assertThat(second.activeMatching(Labels.of("alertname", "A", "env", "dev"))).isEmpty();
            assertThat(second.storedBytes()).isPositive();
        }
    }

    @Test
    void expiringAndUpdatingAreDurable(@TempDir Path dir) throws Exception {
        String expired;
        String extended;
        String replaced;
        String replacement;
        try (StateStore store = openStore(dir)) {
            Silences first = new Silences(clock, Silences.DEFAULT_RETENTION, store.table(Silences.TABLE));
            expired = first.set(silence("", T0, T0.plusSeconds(3600), Matcher.equal("a", "1")));
            extended = first.set(silence("", T0, T0.plusSeconds(3600), Matcher.equal("a", "2")));
            replaced = first.set(silence("", T0, T0.plusSeconds(3600), Matcher.equal("a", "3")));
            clock.advance(Duration.ofMinutes(5));
            first.expire(expired);
            assertThat(first.set(silence(extended, T0, T0.plusSeconds(7200), Matcher.equal("a", "2")))).isEqualTo(extended);
            replacement = first.set(silence(replaced, T0, T0.plusSeconds(3600), Matcher.equal("a", "4")));
        }
        Instant changedAt = T0.plusSeconds(300);
        clock.advance(Duration.ofSeconds(1));

        try (StateStore store = openStore(dir)) {
            Silences second = new Silences(clock, Silences.DEFAULT_RETENTION, store.table(Silences.TABLE));
            assertThat(second.load()).isEqualTo(4);
            Instant now = clock.instant();
            assertThat(second.get(expired).orElseThrow().endsAt()).isEqualTo(changedAt);
            assertThat(second.get(expired).orElseThrow().state(now)).isEqualTo(SilenceState.EXPIRED);
            assertThat(second.get(extended).orElseThrow().endsAt()).isEqualTo(T0.plusSeconds(7200));
            assertThat(second.get(extended).orElseThrow().updatedAt()).isEqualTo(changedAt);
            assertThat(second.get(replaced).orElseThrow().state(now)).isEqualTo(SilenceState.EXPIRED);
            assertThat(second.get(replacement).orElseThrow().matchers()).containsExactly(Matcher.equal("a", "4"));
            assertThat(second.activeMatching(Labels.of("a", "1"))).isEmpty();
            assertThat(second.activeMatching(Labels.of("a", "3"))).isEmpty();
            assertThat(second.activeMatching(Labels.of("a", "4"))).containsExactly(replacement);
        }
    }

    @Test
    void silencesPastRetentionAreDeletedFromTheStore(@TempDir Path dir) throws Exception {
        String old;
        String young;
        try (StateStore store = openStore(dir)) {
            Silences first = new Silences(clock, Duration.ofHours(1), store.table(Silences.TABLE));
            old = first.set(silence("", T0, T0.plusSeconds(60), Matcher.equal("a", "old")));
            young = first.set(silence("", T0, T0.plusSeconds(3 * 3600), Matcher.equal("a", "young")));
            long bothBytes = first.storedBytes();
            clock.advance(Duration.ofMinutes(62));
            assertThat(first.gc()).isEqualTo(1);
            assertThat(first.storedBytes()).isPositive().isLessThan(bothBytes);
        }
        try (StateStore store = openStore(dir)) {
            List<String> stored = new ArrayList<>();
            store.table(Silences.TABLE).forEach((k, v) -> stored.add(new String(k, StandardCharsets.UTF_8)));
            assertThat(stored).containsExactly(young).doesNotContain(old);
        }

        clock.advance(Duration.ofHours(4)); // the young one is past retention too, with no gc run before the restart
        try (StateStore store = openStore(dir)) {
            Silences third = new Silences(clock, Duration.ofHours(1), store.table(Silences.TABLE));
            assertThat(third.load()).isZero();
            List<byte[]> stored = new ArrayList<>();
            store.table(Silences.TABLE).forEach((k, v) -> stored.add(k));
            assertThat(stored).as("dropped on load, from the store too").isEmpty();
        }
    }
}
