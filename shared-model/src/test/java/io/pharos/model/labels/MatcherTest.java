package io.pharos.model.labels;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MatcherTest {
    @Test
    void regexIsFullyAnchored() {
        Matcher m = Matcher.of(Matcher.Type.RE, "job", "node");
        assertThat(m.matches("node")).isTrue();
        assertThat(m.matches("node_exporter")).isFalse();
        assertThat(Matcher.of(Matcher.Type.RE, "job", "a|b").matches("ab")).isFalse();
    }

    @Test
    void dotMatchesNewlineAsInPrometheus3() {
        assertThat(Matcher.of(Matcher.Type.RE, "x", "a.b").matches("a\nb")).isTrue();
    }

    @Test
    void negativeMatchersMatchAbsentLabels() {
        Labels l = Labels.of("__name__", "up");
        assertThat(Matcher.of(Matcher.Type.NEQ, "job", "x").matches(l)).isTrue();
        assertThat(Matcher.of(Matcher.Type.NRE, "job", "x.*").matches(l)).isTrue();
        assertThat(Matcher.of(Matcher.Type.EQ, "job", "").matchesEmpty()).isTrue();
    }
}
