package io.pharos.alertmanager.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pharos.model.template.GoTime;
import io.pharos.model.template.KV;
import io.pharos.model.template.TemplateException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Go template language, with expected output as Go's text/template and Alertmanager produce it. */
class TemplatesTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-01T12:00:00Z"), ZoneOffset.UTC);
    private final Templates t = Templates.defaults(CLOCK);

    static TemplateData data(String status, Map<String, String> group, List<TemplateData.Alert> alerts) {
        Map<String, String> common = new java.util.TreeMap<>(alerts.get(0).labels().map());
        Map<String, String> commonAnn = new java.util.TreeMap<>(alerts.get(0).annotations().map());
        for (TemplateData.Alert a : alerts) {
            common.entrySet().removeIf(e -> !e.getValue().equals(a.labels().get(e.getKey())));
            commonAnn.entrySet().removeIf(e -> !e.getValue().equals(a.annotations().get(e.getKey())));
        }
        return new TemplateData("team-X", status, alerts, group, common, commonAnn, "http://am.example:9093");
    }

    static TemplateData.Alert alert(String status, Map<String, String> labels, Map<String, String> annotations) {
        return new TemplateData.Alert(status, new KV(labels), new KV(annotations),
                GoTime.of(Instant.parse("2024-05-01T10:00:00Z")),
                GoTime.of(status.equals("resolved") ? Instant.parse("2024-05-01T11:00:00Z") : null),
                "http://prom:9090/graph?g0.expr=up", "0123456789abcdef");
    }

    private final TemplateData two = data("firing", Map.of("alertname", "DiskFull"), List.of(
            alert("firing", Map.of("alertname", "DiskFull", "instance", "db1", "severity", "page"), Map.of("summary", "disk 1")),
            alert("resolved", Map.of("alertname", "DiskFull", "instance", "db2", "severity", "page"), Map.of("summary", "disk 2"))));

    private String run(String text) throws TemplateException {
        return t.executeText(text, two);
    }

    @Test
    void fieldsFunctionsAndPipelines() throws Exception {
        assertThat(run("{{ .CommonLabels.alertname }}")).isEqualTo("DiskFull");
        assertThat(run("{{ .CommonLabels.nothing }}|")).isEqualTo("|");
        assertThat(run("{{ .Status | toUpper }} {{ toLower \"ABC\" }} {{ title \"hello wORLD-x\" }}"))
                .isEqualTo("FIRING abc Hello World-X");
        assertThat(run("{{ .GroupLabels.SortedPairs.Values | join \",\" }}")).isEqualTo("DiskFull");
        assertThat(run("{{ .CommonLabels.SortedPairs }}")).isEqualTo("alertname=DiskFull, severity=page");
        assertThat(run("{{ .CommonLabels }}")).isEqualTo("alertname=DiskFull, severity=page");
        assertThat(run("{{ .CommonLabels.Names }}")).isEqualTo("[alertname severity]");
        assertThat(run("{{ (.CommonLabels.Remove (stringSlice \"alertname\")).Values | join \" \" }}")).isEqualTo("page");
        assertThat(run("{{ len .Alerts }} {{ len .Alerts.Firing }} {{ .Alerts.Resolved | len }}")).isEqualTo("2 1 1");
        assertThat(run("{{ .ExternalURL }}")).isEqualTo("http://am.example:9093");
        assertThat(run("{{ printf \"%s has %d alerts (%.2f%%) %q %5s|%-4d|%x\" .Receiver (len .Alerts) 12.3456 \"a\\\"b\" \"r\" 7 255 }}"))
                .isEqualTo("team-X has 2 alerts (12.35%) \"a\\\"b\"     r|7   |ff");
        assertThat(run("{{ printf \"%v %v %v %v\" 1.5 1000000.0 0.0001 true }}")).isEqualTo("1.5 1e+06 0.0001 true");
        assertThat(run("{{ printf \"%d\" \"x\" }}")).isEqualTo("%!d(string=x)");
        assertThat(run("{{ print 1 2 \"a\" \"b\" 3 }}")).isEqualTo("1 2ab3");
        assertThat(run("{{ reReplaceAll \"(\\\\w+)@(\\\\w+)\" \"$2 at ${1}\" \"joe@host\" }}")).isEqualTo("host at joe");
        assertThat(run("{{ match \"^Disk\" .CommonLabels.alertname }}")).isEqualTo("true");
        assertThat(run("{{ \"<b>\" | safeHtml }} {{ html \"<b>\" }} {{ urlquery \"a b&c\" }}"))
                .isEqualTo("<b> &lt;b&gt; a+b%26c");
        assertThat(run("{{ index .CommonLabels \"severity\" }} {{ index (stringSlice \"a\" \"b\") 1 }}")).isEqualTo("page b");
        assertThat(run("{{ toJson (dict \"b\" 1 \"a\" \"<x>\") }}")).isEqualTo("{\"a\":\"\\u003cx\\u003e\",\"b\":1}");
        assertThat(run("{{ humanizeDuration 3725 }} {{ humanizeDuration 1.5 }} {{ humanizeDuration 0.25 }} {{ humanizeDuration 90000 }}"))
                .isEqualTo("1h 2m 5s 1.5s 250ms 1d 1h 0m 0s");
        assertThat(run("{{ trimSpace \"  x \" }}|{{ `raw\\n` }}|{{ 'a' }}|{{ 0x1F }}|{{ printf \"%v\" nil }}"))
                .isEqualTo("x|raw\\n|97|31|<nil>");
    }

    @Test
    void controlStructuresAndVariables() throws Exception {
        assertThat(run("{{ if eq .Status \"firing\" }}F{{ else if eq .Status \"x\" }}X{{ else }}R{{ end }}")).isEqualTo("F");
        assertThat(run("{{ if gt (len .Alerts.Firing) 5 }}many{{ else }}few{{ end }}")).isEqualTo("few");
        assertThat(run("{{ if and .Receiver (not .Alerts.Firing) }}a{{ else }}b{{ end }}")).isEqualTo("b");
        assertThat(run("{{ or .CommonAnnotations.missing \"fallback\" }}")).isEqualTo("fallback");
        assertThat(run("{{ with .CommonLabels.severity }}sev={{ . }}{{ end }}{{ with .CommonLabels.none }}x{{ else }}none{{ end }}"))
                .isEqualTo("sev=pagenone");
        assertThat(run("{{ range $i, $a := .Alerts }}{{ $i }}:{{ $a.Labels.instance }}/{{ .Status }} {{ end }}"))
                .isEqualTo("0:db1/firing 1:db2/resolved ");
        assertThat(run("{{ range .CommonLabels.SortedPairs }}{{ .Name }}={{ .Value }};{{ end }}"))
                .isEqualTo("alertname=DiskFull;severity=page;");
        assertThat(run("{{ range $k, $v := .CommonLabels }}{{ $k }}{{ end }}")).isEqualTo("alertnameseverity");
        assertThat(run("{{ range .Alerts }}{{ if eq .Status \"resolved\" }}{{ break }}{{ end }}{{ .Labels.instance }}{{ end }}"))
                .isEqualTo("db1");
        assertThat(run("{{ range (stringSlice) }}x{{ else }}empty{{ end }}")).isEqualTo("empty");
        assertThat(run("{{ $n := 0 }}{{ range .Alerts }}{{ $n = len .Labels }}{{ end }}{{ $n }}")).isEqualTo("3");
        assertThat(run("{{ range 3 }}{{ . }}{{ end }}")).isEqualTo("012");
        assertThat(run("a  {{- \" b \" -}}  c {{/* comment */}}d")).isEqualTo("a b c d");
        assertThat(run("{{ define \"x\" }}[{{ . }}]{{ end }}{{ template \"x\" .Status }}{{ template \"x\" }}"))
                .isEqualTo("[firing][<no value>]");
        assertThat(run("{{ block \"y\" .Receiver }}<{{ . }}>{{ end }}")).isEqualTo("<team-X>");
        assertThat(run("{{ (index .Alerts 0).StartsAt }}")).isEqualTo("2024-05-01 10:00:00 +0000 UTC");
        assertThat(run("{{ (index .Alerts 0).EndsAt }}")).isEqualTo("0001-01-01 00:00:00 +0000 UTC");
        assertThat(run("{{ (index .Alerts 0).StartsAt.Format \"2006-01-02T15:04:05Z07:00 Mon Jan _2 3:04PM\" }}"))
                .isEqualTo("2024-05-01T10:00:00Z Wed May  1 10:00AM");
        assertThat(run("{{ (index .Alerts 0).StartsAt | date \"15:04 MST\" }} {{ (index .Alerts 0).StartsAt | tz \"Europe/Berlin\" | date \"15:04 -0700\" }}"))
                .isEqualTo("10:00 UTC 12:00 +0200");
        assertThat(run("{{ (index .Alerts 0).StartsAt.Unix }}")).isEqualTo("1714557600");
        assertThat(run("{{ since (index .Alerts 0).StartsAt }}")).isEqualTo("2h0m0s");
    }

    @Test
    void defaultSlackAndPagerDutyTextsAreAlertmanagers() throws Exception {
        assertThat(run("{{ template \"slack.default.title\" . }}")).isEqualTo("[FIRING:1] DiskFull (page)");
        assertThat(run("{{ template \"slack.default.fallback\" . }}"))
                .isEqualTo("[FIRING:1] DiskFull (page) | http://am.example:9093/#/alerts?receiver=team-X");
        assertThat(run("{{ template \"slack.default.username\" . }}")).isEqualTo("Alertmanager");
        assertThat(run("{{ template \"slack.default.color\" . }}")).isEqualTo("danger");
        assertThat(run("{{ template \"slack.default.text\" . }}")).isEmpty();
        assertThat(run("{{ template \"pagerduty.default.client\" . }}")).isEqualTo("Alertmanager");
        assertThat(run("{{ template \"pagerduty.default.instances\" .Alerts.Firing }}")).isEqualTo("""
                Labels:
                 - alertname = DiskFull
                 - instance = db1
                 - severity = page
                Annotations:
                 - summary = disk 1
                Source: http://prom:9090/graph?g0.expr=up
                """);
        TemplateData sameLabels = data("resolved", Map.of("alertname", "A"), List.of(
                alert("resolved", Map.of("alertname", "A"), Map.of())));
        assertThat(t.executeText("{{ template \"__subject\" . }}", sameLabels)).isEqualTo("[RESOLVED] A ");
        assertThat(t.executeText("{{ template \"slack.default.color\" . }}", sameLabels)).isEqualTo("good");
        TemplateData noGroup = data("firing", Map.of(), List.of(alert("firing", Map.of("alertname", "B", "job", "x"), Map.of())));
        assertThat(t.executeText("{{ template \"__subject\" . }}", noGroup)).isEqualTo("[FIRING:1]  (B x)");
    }

    @Test
    void htmlModeEscapesUnlessSafe() throws Exception {
        TemplateData d = data("firing", Map.of(), List.of(alert("firing", Map.of("alertname", "<A&B>"), Map.of())));
        assertThat(t.executeHtml("<p>{{ .CommonLabels.alertname }}</p>{{ \"<i>\" | safeHtml }}", d))
                .isEqualTo("<p>&lt;A&amp;B&gt;</p><i>");
        assertThat(t.executeHtml("{{ template \"email.default.html\" . }}", d)).contains("&lt;A&amp;B&gt;").startsWith("<!DOCTYPE html>");
    }

    @Test
    void userTemplatesOverrideDefaultsAndAreFoundByGlob(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.tmpl"), "{{ define \"slack.default.title\" }}custom {{ .Status }}{{ end }}");
        Files.writeString(dir.resolve("b.tmpl"), "{{ define \"mine\" }}{{ .CommonLabels.alertname | toUpper }}{{ end }}");
        Files.writeString(dir.resolve("ignored.txt"), "{{ define \"mine\" }}wrong{{ end }}");
        Templates user = Templates.fromGlobs(List.of("*.tmpl"), dir, CLOCK);
        assertThat(user.executeText("{{ template \"slack.default.title\" . }}|{{ template \"mine\" . }}", two))
                .isEqualTo("custom firing|DISKFULL");
        assertThat(user.executeText("{{ template \"pagerduty.default.client\" . }}", two)).isEqualTo("Alertmanager");
    }

    @Test
    void errorsNameTheProblem() {
        assertThatThrownBy(() -> run("{{ nosuch . }}")).hasMessageContaining("function \"nosuch\" not defined");
        assertThatThrownBy(() -> run("{{ if .Status }}")).hasMessageContaining("unexpected EOF");
        assertThatThrownBy(() -> run("{{ .Nope }}")).hasMessageContaining("can't evaluate field Nope in type *template.Data");
        assertThatThrownBy(() -> run("{{ template \"missing\" . }}")).hasMessageContaining("template \"missing\" not defined");
        assertThatThrownBy(() -> run("{{ eq 1 \"a\" }}")).hasMessageContaining("incompatible types for comparison");
        assertThatThrownBy(() -> run("{{ $x }}")).hasMessageContaining("undefined variable \"$x\"");
        assertThatThrownBy(() -> run("{{ break }}")).hasMessageContaining("{{break}} outside {{range}}");
        assertThatThrownBy(() -> run("{{ index .Alerts 5 }}")).hasMessageContaining("index out of range: 5");
    }
}
