package io.pharos.alertmanager.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.pharos.alertmanager.testing.MutableClock;
import io.pharos.model.labels.Labels;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertStoreTest {
    private static final Instant T = Instant.parse("2024-05-01T10:00:00Z");
    private final MutableClock clock = new MutableClock(T);
    private final AlertStore store = new AlertStore(clock);

    private static Alert alert(String name, Instant start, Instant end, Instant updated) {
        return new Alert(Labels.of("alertname", name), Map.of(), start, end, "", updated, false);
    }

    @Test
    void overlappingUpdatesMergeAndKeepTheFirstStart() {
        store.put(List.of(alert("A", T, T.plusSeconds(300), T)));
        clock.advance(Duration.ofMinutes(1));
        Alert stored = store.put(List.of(alert("A", T.plusSeconds(60), T.plusSeconds(360), clock.instant()))).get(0);
        assertThat(stored.startsAt()).isEqualTo(T);
        assertThat(stored.endsAt()).isEqualTo(T.plusSeconds(360));
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void aNewFiringAfterResolutionReplacesTheOldOne() {
        store.put(List.of(alert("A", T, T.plusSeconds(60), T)));
        clock.advance(Duration.ofMinutes(10));
        Instant later = clock.instant();
        Alert stored = store.put(List.of(alert("A", later, later.plusSeconds(300), later))).get(0);
        assertThat(stored.startsAt()).isEqualTo(later);
    }

    @Test
    void subscribersSeeStoredAlertsThenNewOnes() {
        store.put(List.of(alert("A", T, T.plusSeconds(60), T)));
        List<String> seen = new ArrayList<>();
        AlertStore.Subscription s = store.subscribe(a -> seen.add(a.name()));
        store.put(List.of(alert("B", T, T.plusSeconds(60), T)));
        s.close();
        store.put(List.of(alert("C", T, T.plusSeconds(60), T)));
        assertThat(seen).containsExactly("A", "B");
    }

    @Test
    void gcDropsResolvedAlerts() {
        store.put(List.of(alert("A", T, T.plusSeconds(60), T), alert("B", T, T.plusSeconds(600), T)));
        clock.advance(Duration.ofMinutes(2));
        assertThat(store.gc()).extracting(Alert::name).containsExactly("A");
        assertThat(store.list()).extracting(Alert::name).containsExactly("B");
    }
}
