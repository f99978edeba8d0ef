package io.pharos.query.rules.unittest;

import static org.assertj.core.api.Assertions.assertThat;

import io.pharos.model.labels.Labels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PromtoolTextTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0|0E+00", "-0.0|-0E+00", "1|1E+00", "50|5E+01", "1.5|1.5E+00", "330|3.3E+02", "0.1|1E-01",
        "1e-7|1E-07", "1e100|1E+100", "0.30000000000000004|3.0000000000000004E-01", "-2.5|-2.5E+00",
        "Infinity|+Inf", "-Infinity|-Inf", "NaN|NaN"})
    void floatsAsGoFormatsThemWithE(double v, String expected) {
        assertThat(PromtoolText.floatE(v)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0|0s", "250|250ms", "1000|1s", "60000|1m0s", "90500|1m30.5s", "3600000|1h0m0s", "3723010|1h2m3.01s",
        "-60000|-1m0s"})
    void goDurations(long millis, String expected) {
        assertThat(PromtoolText.goDuration(millis)).isEqualTo(expected);
    }

    @Test
    void modelDurationsAndLabels() {
        assertThat(PromtoolText.duration(0)).isEqualTo("0s");
        assertThat(PromtoolText.duration(510_000)).isEqualTo("8m30s");
        assertThat(PromtoolText.duration(86_400_000)).isEqualTo("1d");
        assertThat(PromtoolText.labels(Labels.of("__name__", "up", "job", "a\"b"))).isEqualTo("{__name__=\"up\", job=\"a\\\"b\"}");
        assertThat(PromtoolText.labels(Labels.EMPTY)).isEqualTo("{}");
    }

    @Test
    void indentsEveryLineButTheFirst() {
        assertThat(PromtoolText.indentLines("a\nb\nc", "  ")).isEqualTo("a\n  b\n  c");
    }
}
