package io.pharos.query.rules.unittest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pharos.model.labels.Labels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoTemplateExpanderTest {
    private final TemplateExpander expander = new GoTemplateExpander();
    private final TemplateData data = new TemplateData(Labels.of("__name__", "up", "instance", "a:9100", "job", "node"), 0.5,
            Labels.of("cluster", "eu1"), "http://pharos:9090", 60_000);

    private String expand(String text) throws TemplateException {
        return expander.expand("__alert_Test", text, data);
    }

    @Test
    void printsLabelsValueExternalLabelsAndUrl() throws TemplateException {
        assertThat(expand("Instance {{ $labels.instance }} of {{$labels.job}} is at {{ $value }}"))
                .isEqualTo("Instance a:9100 of node is at 0.5");
        assertThat(expand("{{ .Labels.instance }} {{ .Value }} {{ .ExternalLabels.cluster }} {{ .ExternalURL }}"))
                .isEqualTo("a:9100 0.5 eu1 http://pharos:9090");
        assertThat(expand("{{ $externalLabels.cluster }}/{{ $externalURL }}")).isEqualTo("eu1/http://pharos:9090");
        assertThat(expand("{{ $labels.__name__ }}")).isEqualTo("up");
        assertThat(expand("no actions at all")).isEqualTo("no actions at all");
    }

    @Test
    void missingLabelsPrintNothing() throws TemplateException {
        assertThat(expand("[{{ $labels.nope }}][{{ $externalLabels.nope }}]")).isEqualTo("[][]");
    }

    @Test
    void mapsPrintAsGoPrintsThem() throws TemplateException {
        assertThat(expand("{{ $labels }}")).isEqualTo("map[__name__:up instance:a:9100 job:node]");
        assertThat(expand("{{ $externalLabels }}")).isEqualTo("map[cluster:eu1]");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0.5|0.5", "1|1", "100000|100000", "1000000|1e+06", "0.0001|0.0001", "0.00001|1e-05",
        "1.5e300|1.5e+300", "-2|-2", "Infinity|+Inf", "-Infinity|-Inf", "NaN|NaN", "0.6666666666666666|0.6666666666666666"})
    void valuePrintsAsGoPrintsAFloat(double value, String printed) throws TemplateException {
        TemplateData d = new TemplateData(Labels.EMPTY, value, Labels.EMPTY, "", 0);
        assertThat(expander.expand("t", "{{ $value }}", d)).isEqualTo(printed);
    }

    @Test
    void trimMarkersAndComments() throws TemplateException {
        assertThat(expand("a  {{- $labels.job -}}  b")).isEqualTo("anodeb");
        assertThat(expand("a {{- $labels.job }} b")).isEqualTo("anode b");
        assertThat(expand("x{{/* a comment */}}y")).isEqualTo("xy");
        assertThat(expand("x {{- /* a comment */ -}} y")).isEqualTo("xy");
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
        "{{ $value | humanize }} => 500m", "{{ humanizePercentage $value }} => 50%", "{{ printf \"%.2f\" $value }} => 0.50",
        "{{ if gt $value 1.0 }}big{{ else }}small{{ end }} => small", "{{ range $labels }}x{{ end }} => xxx",
        "{{ with $labels.job }}{{ . }}{{ end }} => node", "{{ \"text\" }} => text", "{{ 3 }} => 3", "{{ ($value) }} => 0.5",
        "{{ $x := 1 }}{{ $x }} => 1", "{{ index $labels \"job\" }} => node", "{{ range $k, $v := $labels }}{{ $k }}={{ $v }};{{ end }} => "
            + "__name__=up;instance=a:9100;job=node;",
        "{{ $labels.instance | reReplaceAll \":.*\" \"\" | toUpper }} => A"})
    void runsGoTemplatesWithPrometheusFunctions(String template, String expanded) throws TemplateException {
        assertThat(expand(template)).isEqualTo(expanded);
    }

    @Test
    void queryRunsOnlyWhenAQueryFunctionIsGiven() {
        assertThatThrownBy(() -> expand("{{ query \"up\" | first | value }}")).isInstanceOf(TemplateException.class)
                .hasMessageStartingWith("error executing template __alert_Test: template: __alert_Test:1:");
    }

    @Test
    void errorsNameTheTemplateAndTheProblemAsPrometheusDoes() {
        assertThatThrownBy(() -> expand("line one\n{{ $labels.job "))
                .hasMessageStartingWith("error parsing template __alert_Test: template: __alert_Test:2: ");
        assertThatThrownBy(() -> expand("{{ $nope }}"))
                .hasMessage("error parsing template __alert_Test: template: __alert_Test:1: undefined variable \"$nope\"");
        assertThatThrownBy(() -> expand("{{ }}"))
                .hasMessage("error parsing template __alert_Test: template: __alert_Test:1: missing value for command");
        assertThatThrownBy(() -> expand("{{ $value.x }}"))
                .hasMessageStartingWith("error executing template __alert_Test: template: __alert_Test:1:");
    }
}
