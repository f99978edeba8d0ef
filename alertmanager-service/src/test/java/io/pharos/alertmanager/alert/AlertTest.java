package io.pharos.alertmanager.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.pharos.model.labels.Labels;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertTest {
    private static final Instant T = Instant.parse("2024-05-01T10:00:00Z");
    private static final Labels L = Labels.of("alertname", "A", "job", "j");

    private static Alert alert(long start, Long end, long updated, boolean timeout) {
        return new Alert(L, Map.of(), T.plusSeconds(start), end == null ? null : T.plusSeconds(end), "",
                T.plusSeconds(updated), timeout);
    }

    @Test
    void fingerprintIsAlertmanagersAsSixteenHexDigits() {
        Alert a = alert(0, 60L, 0, false);
        assertThat(a.fingerprint()).isEqualTo(Fingerprint.of(L));
        // Values a real Alertmanager 0.25 reported for these label sets.
        assertThat(Alert.formatFingerprint(Fingerprint.of(io.pharos.model.labels.Labels.of("alertname", "Y"))))
                .isEqualTo("d2aaefc389c68e6f");
        assertThat(Alert.formatFingerprint(Fingerprint.of(io.pharos.model.labels.Labels.of(
                "alertname", "X", "severity", "warning", "team", "a")))).isEqualTo("e852c594cbb018f7");
        assertThat(a.fingerprintHex()).hasSize(16).matches("[0-9a-f]{16}");
        assertThat(Alert.formatFingerprint(0x1fL)).isEqualTo("000000000000001f");
    }

    @Test
    void mergeKeepsEarliestStartAndNewestData() {
        Alert older = alert(0, 300L, 0, true);
        Alert newer = new Alert(L, Map.of("summary", "new"), T.plusSeconds(60), T.plusSeconds(360), "",
                T.plusSeconds(60), true);
        Alert merged = older.merge(newer, T.plusSeconds(60));
        assertThat(merged.startsAt()).isEqualTo(T);
        assertThat(merged.endsAt()).isEqualTo(T.plusSeconds(360));
        assertThat(merged.annotations()).containsEntry("summary", "new");
        assertThat(newer.merge(older, T.plusSeconds(60))).isEqualTo(merged);
    }

    @Test
    void explicitLaterEndOfOlderVersionSurvivesUnlessItWasATimeout() {
        Alert explicit = alert(0, 900L, 0, false);
        Alert refreshed = alert(60, 400L, 60, true);
        assertThat(explicit.merge(refreshed, T.plusSeconds(60)).endsAt()).isEqualTo(T.plusSeconds(900));
        Alert fromTimeout = alert(0, 900L, 0, true);
        assertThat(fromTimeout.merge(refreshed, T.plusSeconds(60)).endsAt()).isEqualTo(T.plusSeconds(400));
    }

    @Test
    void resolvedWhenEndIsNotAfterNow() {
        Alert a = alert(0, 60L, 0, false);
        assertThat(a.resolvedAt(T.plusSeconds(59))).isFalse();
        assertThat(a.resolvedAt(T.plusSeconds(60))).isTrue();
        assertThat(a.statusAt(T.plusSeconds(61))).isEqualTo("resolved");
        assertThat(alert(0, null, 0, false).resolvedAt(T.plusSeconds(99999))).isFalse();
    }

    @Test
    void timestampsAsGoWritesThem() {
        assertThat(Rfc3339.nanos(null)).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(Rfc3339.nanos(Instant.parse("2024-05-01T10:00:00.120Z"))).isEqualTo("2024-05-01T10:00:00.12Z");
        assertThat(Rfc3339.nanos(T)).isEqualTo("2024-05-01T10:00:00Z");
        assertThat(Rfc3339.millis(T)).isEqualTo("2024-05-01T10:00:00.000Z");
        assertThat(Rfc3339.parse("2024-05-01T12:00:00+02:00")).isEqualTo(T);
        assertThat(Rfc3339.parse("0001-01-01T00:00:00Z")).isNull();
    }

    @Test
    void labelSetsAreWrittenLikeGo() {
        assertThat(LabelSets.format(Labels.of("b", "x\"y", "a", "1"))).isEqualTo("{a=\"1\", b=\"x\\\"y\"}");
        assertThat(LabelSets.format(Labels.EMPTY)).isEqualTo("{}");
        assertThat(LabelSets.quote("tab\there é")).isEqualTo("\"tab\\there é\"");
    }
}
