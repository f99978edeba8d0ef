package io.pharos.alertmanager.matcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pharos.model.labels.Labels;
import io.pharos.model.labels.Matcher;
import java.util.List;
import org.junit.jupiter.api.Test;

class MatcherParserTest {
    @Test
    void parsesTheFourOperatorsQuotedOrBare() {
        assertThat(MatcherParser.parse("alertname=\"Watchdog\"")).isEqualTo(Matcher.of(Matcher.Type.EQ, "alertname", "Watchdog"));
        assertThat(MatcherParser.parse("team != ops")).isEqualTo(Matcher.of(Matcher.Type.NEQ, "team", "ops"));
        assertThat(MatcherParser.parse("severity=~\"crit|page\"")).isEqualTo(Matcher.of(Matcher.Type.RE, "severity", "crit|page"));
        assertThat(MatcherParser.parse("env!~dev.*")).isEqualTo(Matcher.of(Matcher.Type.NRE, "env", "dev.*"));
        assertThat(MatcherParser.parse("empty=\"\"")).isEqualTo(Matcher.of(Matcher.Type.EQ, "empty", ""));
    }

    @Test
    void parsesBracedListsWithCommasInsideQuotes() {
        List<Matcher> ms = MatcherParser.parseAll("{foo = \"bar\", quote=\"She said: \\\"Hi, all\\\"\", }");
        assertThat(ms).containsExactly(Matcher.of(Matcher.Type.EQ, "foo", "bar"),
                Matcher.of(Matcher.Type.EQ, "quote", "She said: \"Hi, all\""));
    }

    @Test
    void quotedLabelNamesAllowAnyCharacters() {
        assertThat(MatcherParser.parse("\"service.name\"=\"api\"")).isEqualTo(Matcher.of(Matcher.Type.EQ, "service.name", "api"));
    }

    @Test
    void rejectsMalformedMatchers() {
        assertThatThrownBy(() -> MatcherParser.parse("foo")).hasMessageContaining("bad matcher format");
        assertThatThrownBy(() -> MatcherParser.parse("foo=\"bar")).hasMessageContaining("unescaped double quote");
        assertThatThrownBy(() -> MatcherParser.parse("foo=~\"(\"")).hasMessageContaining("invalid regular expression");
    }

    @Test
    void formatsAsAlertmanagerDoes() {
        List<Matcher> ms = Matchers.sorted(MatcherParser.parseAll("b=~\"x\\\"y\", a=1"));
        assertThat(Matchers.format(ms)).isEqualTo("{a=\"1\",b=~\"x\\\"y\"}");
        assertThat(Matchers.matches(ms, Labels.of("a", "1", "b", "x\"y"))).isTrue();
        assertThat(Matchers.matches(ms, Labels.of("a", "1"))).isFalse();
    }
}
