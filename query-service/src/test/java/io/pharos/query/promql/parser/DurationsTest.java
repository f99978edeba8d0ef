package io.pharos.query.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "0, 0",
        "0s, 0",
        "500ms, 500",
        "5s, 5000",
        "1m, 60000",
        "1h30m, 5400000",
        "2d12h, 216000000",
        "1w, 604800000",
        "1y, 31536000000",
        "1y2w3d4h5m6s7ms, 33019506007",
        "20s500ms, 20500",
    })
    void parsesUnitsInDescendingOrder(String text, long millis) {
        assertThat(Durations.parse(text)).isEqualTo(millis);
    }

    @Test
    void rejectsWhatPrometheusRejects() {
        assertThatThrownBy(() -> Durations.parse("")).hasMessage("empty duration string");
        assertThatThrownBy(() -> Durations.parse("5m1h")).hasMessage("not a valid duration string: \"5m1h\"");
        assertThatThrownBy(() -> Durations.parse("5m5m")).hasMessage("not a valid duration string: \"5m5m\"");
        assertThatThrownBy(() -> Durations.parse("1.5h")).hasMessage("unknown unit \".\" in duration \"1.5h\"");
        assertThatThrownBy(() -> Durations.parse("-5m")).hasMessage("not a valid duration string: \"-5m\"");
        assertThatThrownBy(() -> Durations.parse("5")).hasMessage("not a valid duration string: \"5\"");
        assertThatThrownBy(() -> Durations.parse("5y1hs")).hasMessage("unknown unit \"hs\" in duration \"5y1hs\"");
        assertThatThrownBy(() -> Durations.parse("300y")).hasMessage("duration out of range");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "0, 0s",
        "1, 1ms",
        "1500, 1s500ms",
        "5400000, 1h30m",
        "604800000, 1w",
        "7776000000, 90d",
        "31536000000, 1y",
        "32140800000, 372d",
        "-300000, -5m",
    })
    void formatsAsPrometheusDoes(long millis, String text) {
        assertThat(Durations.format(millis)).isEqualTo(text);
    }
}
