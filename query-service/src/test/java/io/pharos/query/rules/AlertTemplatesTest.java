package io.pharos.query.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.pharos.model.labels.Labels;
import io.pharos.query.notifier.Annotations;
import io.pharos.query.promql.parser.PromqlParser;
import io.pharos.query.promql.value.Sample;
import io.pharos.query.promql.value.Vector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlertTemplatesTest {
    private static final Labels SAMPLE = Labels.of("__name__", "up", "instance", "a:9100", "job", "node");
    private final List<String> queried = new ArrayList<>();
    private final QueryFunction query = (expr, ts) -> {
        queried.add(expr + "@" + ts);
        return new Vector(List.of(
                new Sample(Labels.of("instance", "b", "job", "x", "__value__", "two"), ts, 2),
                new Sample(Labels.of("instance", "a", "job", "x"), ts, 1)));
    };
    private final AlertTemplates templates = new AlertTemplates(Labels.of("cluster", "eu1"),
            "https://prom.example.com/prefix", query);

    private String expand(String text) {
        return templates.expand("Test", text, SAMPLE, 1234567, 90_000);
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
        // Prometheus's documented examples
        "{{ 1234567.0 | humanize }} => 1.235M", "{{ humanize 0.001234 }} => 1.234m", "{{ humanize 0 }} => 0",
        "{{ humanize 1000 }} => 1k", "{{ humanize \"2048\" }} => 2.048k", "{{ humanize -1500 }} => -1.5k",
        "{{ humanize1024 1048576 }} => 1Mi", "{{ humanize1024 1024 }} => 1ki", "{{ humanize1024 1 }} => 1",
        "{{ humanize1024 1536.0 }} => 1.5ki",
        "{{ humanizeDuration 90 }} => 1m 30s", "{{ humanizeDuration 0.25 }} => 250ms", "{{ humanizeDuration 0 }} => 0s",
        "{{ humanizeDuration 93784 }} => 1d 2h 3m 4s",
        "{{ humanizePercentage 0.1234 }} => 12.34%", "{{ humanizePercentage 1 }} => 100%",
        "{{ humanizeTimestamp 1435065584.128 }} => 2015-06-23 13:19:44.128 +0000 UTC",
        "{{ humanizeTimestamp 0 }} => 1970-01-01 00:00:00 +0000 UTC",
        "{{ printf \"%.1f %s %d\" 1.25 \"x\" 3 }} => 1.2 x 3", "{{ title \"hello world\" }} => Hello World",
        "{{ toUpper \"abc\" }} => ABC", "{{ toLower \"ABC\" }} => abc",
        "{{ reReplaceAll \"(a)(b)\" \"$2$1\" \"xaby\" }} => xbay", "{{ match \"^a.c$\" \"abc\" }} => true",
        "{{ safeHtml \"<b>\" }} => <b>", "{{ (args 1 \"two\").arg1 }} => two",
        "{{ pathPrefix }} => /prefix", "{{ externalURL }} => https://prom.example.com/prefix",
        "{{ parseDuration \"1h30m\" }} => 5400", "{{ parseDuration \"-1m\" }} => -60",
        "{{ toTime 1435065584.128 }} => 2015-06-23 13:19:44.128 +0000 UTC", "{{ toDuration 90 }} => 1m30s",
        "{{ now }} => 90", "{{ graphLink \"up == 0\" }} => /graph?g0.expr=up+%3D%3D+0&g0.tab=0",
        "{{ tableLink \"up\" }} => /graph?g0.expr=up&g0.tab=1", "{{ stripPort \"host:9100\" }} => host",
        // data
        "{{ $value }} => 1.234567e+06", "{{ .Value | humanize }} => 1.235M", "{{ $labels.instance }} => a:9100",
        "{{ .Labels.job }} => node", "{{ $externalLabels.cluster }} => eu1",
        "{{ .ExternalLabels.cluster }} => eu1", "{{ $externalURL }} => https://prom.example.com/prefix",
        "{{ $labels }} => map[__name__:up instance:a:9100 job:node]",
        // query and its helpers
        "{{ query \"up\" | first | value }} => 2", "{{ with query \"up\" }}{{ . | first | label \"instance\" }}{{ end }} => b",
        "{{ range query \"up\" | sortByLabel \"instance\" }}{{ .Labels.instance }}={{ .Value }};{{ end }} => a=1;b=2;",
        "{{ query \"up\" | first | strvalue }} => two", "{{ len (query \"up\") }} => 2"})
    void functionsGivePrometheusOutputs(String template, String expanded) {
        assertThat(expand(template)).isEqualTo(expanded);
    }

    @Test
    void queryRunsAtTheEvaluationTime() {
        expand("{{ query \"up\" }}");
        assertThat(queried).containsExactly(PromqlParser.parseExpr("up") + "@90000");
    }

    @Test
    void failuresRenderTheErrorIntoTheText() {
        assertThat(expand("{{ query \"up\" | first | nosuch }}")).startsWith(
                "<error expanding template: error parsing template __alert_Test: template: __alert_Test:1: function \"nosuch\" not defined");
        assertThat(expand("{{ query \"absent\" | sortByLabel \"x\" | len }}")).isEqualTo("2");
        AlertTemplates empty = new AlertTemplates(Labels.EMPTY, "", (e, ts) -> new Vector(List.of()));
        // Located as Go locates it: the column of the failed command, counted after Prometheus's variable definitions.
        assertThat(empty.expand("T", "{{ query \"up\" | first | value }}", Labels.EMPTY, 0, 0)).isEqualTo(
                "<error expanding template: error executing template __alert_T: template: __alert_T:1:128: "
                + "executing \"__alert_T\" at <first>: error calling first: first() called on vector with no elements>");
        assertThat(expand("{{ humanize \"abc\" }}")).contains("strconv.ParseFloat: parsing \"abc\": invalid syntax");
        assertThat(expand("{{ query \"up{\" }}")).startsWith("<error expanding template: error executing template");
    }

    @Test
    void textWithoutActionsIsKeptAsIs() {
        assertThat(expand("plain $labels text")).isEqualTo("plain $labels text");
        assertThat(expand("[{{ $labels.missing }}]")).isEqualTo("[]");
    }

    @Test
    void alertingRuleExpandsLabelsAndAnnotationsPerSampleAndKeysByExpandedLabels() {
        AlertingRule rule = new AlertingRule("High", PromqlParser.parseExpr("x > 1"), Duration.ZERO, Duration.ZERO,
                Labels.of("severity", "{{ if gt $value 10.0 }}page{{ else }}ticket{{ end }}"),
                Annotations.of("summary", "{{ $labels.instance }} at {{ $value | humanize }} in {{ $externalLabels.cluster }}",
                        "bad", "{{ nosuch }}"));
        rule.apply(new Vector(List.of(new Sample(Labels.of("__name__", "x", "instance", "a"), 0, 20),
                new Sample(Labels.of("__name__", "x", "instance", "b"), 0, 2))), 0, templates);
        assertThat(rule.alerts()).hasSize(2);
        Alert a = rule.alerts().stream().filter(x -> "a".equals(x.labels().get("instance"))).findFirst().orElseThrow();
        Alert b = rule.alerts().stream().filter(x -> "b".equals(x.labels().get("instance"))).findFirst().orElseThrow();
        assertThat(a.labels()).isEqualTo(Labels.of("alertname", "High", "instance", "a", "severity", "page"));
        assertThat(b.labels()).isEqualTo(Labels.of("alertname", "High", "instance", "b", "severity", "ticket"));
        assertThat(a.annotations().get("summary")).isEqualTo("a at 20 in eu1");
        assertThat(b.annotations().get("summary")).isEqualTo("b at 2 in eu1");
        assertThat(a.annotations().get("bad")).startsWith("<error expanding template: error parsing template __alert_High:");
        // the value changes: same alert, annotation updated
        rule.apply(new Vector(List.of(new Sample(Labels.of("__name__", "x", "instance", "b"), 60_000, 3))), 60_000, templates);
        Alert b2 = rule.alerts().stream().filter(x -> "b".equals(x.labels().get("instance"))).findFirst().orElseThrow();
        assertThat(b2.annotations().get("summary")).isEqualTo("b at 3 in eu1");
        assertThat(b2.activeAt()).isZero();
    }

    @Test
    void aLabelThatExpandsToNothingIsRemoved() {
        AlertingRule rule = new AlertingRule("R", PromqlParser.parseExpr("x"), Duration.ZERO, Duration.ZERO,
                Labels.of("team", "{{ $labels.team }}", "instance", "{{ $labels.nope }}"), Annotations.EMPTY);
        rule.apply(new Vector(List.of(new Sample(Labels.of("__name__", "x", "instance", "a"), 0, 1))), 0, templates);
        assertThat(rule.alerts().get(0).labels()).isEqualTo(Labels.of("alertname", "R"));
    }

    @Test
    void anAnnotationThatExpandsToNothingIsKept() {
        AlertingRule rule = new AlertingRule("R", PromqlParser.parseExpr("x"), Duration.ZERO, Duration.ZERO,
                Labels.EMPTY, Annotations.of("runbook", "{{ $labels.runbook }}", "note", ""));
        rule.apply(new Vector(List.of(new Sample(Labels.of("__name__", "x", "instance", "a"), 0, 1))), 0, templates);
        assertThat(rule.alerts().get(0).annotations()).isEqualTo(Annotations.of("runbook", "", "note", ""));
    }
}
