package io.pharos.alertmanager.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void parsesPrometheusDurations() {
        assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(Durations.parse("2w")).isEqualTo(Duration.ofDays(14));
        assertThat(Durations.parse("1y")).isEqualTo(Duration.ofDays(365));
        assertThat(Durations.parse("100ms")).isEqualTo(Duration.ofMillis(100));
        assertThat(Durations.parse("0")).isEqualTo(Duration.ZERO);
    }

    @Test
    void rejectsWhatPrometheusRejects() {
        for (String bad : new String[] {"", "5", "1.5h", "30m1h", "-5m", "5 m", "1hh"}) {
            assertThatThrownBy(() -> Durations.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void formatsAsPrometheusDoes() {
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(Durations.format(Duration.ofHours(4))).isEqualTo("4h");
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
        // Years and weeks only when exact, as Prometheus prints them ("90d", not "12w6d").
        assertThat(Durations.format(Duration.ofDays(8))).isEqualTo("8d");
        assertThat(Durations.format(Duration.ofDays(14))).isEqualTo("2w");
    }

    @Test
    void parsesGoDurations() {
        assertThat(Durations.parseGo("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Durations.parseGo("300ms")).isEqualTo(Duration.ofMillis(300));
        assertThat(Durations.parseGo("2h45m")).isEqualTo(Duration.ofMinutes(165));
        assertThat(Durations.parseGo("0")).isEqualTo(Duration.ZERO);
        assertThatThrownBy(() -> Durations.parseGo("1d")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Durations.parseGo("5")).isInstanceOf(IllegalArgumentException.class);
    }
}
