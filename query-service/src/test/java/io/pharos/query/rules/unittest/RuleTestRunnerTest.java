package io.pharos.query.rules.unittest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs the example rule tests under {@code src/test/resources/rules-unittest} and small ad-hoc ones. */
class RuleTestRunnerTest {
    @TempDir
    Path tmp;

    record Outcome(int exitCode, String out, String err) {
    }

    static Path examples() {
        try {
            return Path.of(RuleTestRunnerTest.class.getResource("/rules-unittest").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Outcome run(Pattern runOnly, String... files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = new RuleTestRunner(o, e, new GoTemplateExpander(), runOnly).run(List.of(files));
        }
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Outcome run(String... files) {
        return run(null, files);
    }

    private Path write(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    /** The examples that pass, including the one the README shows. */
    @ParameterizedTest
    @ValueSource(strings = {"pass/node.test.yml", "pass/same-group.test.yml", "pass/input-series.test.yml",
        "readme/alerts.test.yml"})
    void passingExamplesPass(String name) {
        String file = examples().resolve(name).toString();
        Outcome o = run(file);
        assertThat(o.err()).isEmpty();
        assertThat(o.out()).isEqualTo("Unit Testing:  " + file + "\n  SUCCESS\n\n");
        assertThat(o.exitCode()).isZero();
    }

    /** The expected error output was checked against Debian's promtool 2.42, which prints the same. */
    @ParameterizedTest
    @ValueSource(strings = {"alerts", "samples"})
    void failingExamplesReportAsPromtool(String name) throws IOException {
        Path dir = examples().resolve("fail");
        String file = dir.resolve(name + ".test.yml").toString();
        Outcome o = run(file);
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.err()).isEqualTo(Files.readString(dir.resolve(name + ".stderr")));
        long failures = Files.readString(dir.resolve(name + ".stderr")).lines()
                .filter(l -> l.startsWith("    alertname:") || l.startsWith("    expr:")).count();
        // One empty line on stdout per failure, then one after the file, as promtool prints them.
        assertThat(o.out()).isEqualTo("Unit Testing:  " + file + "\n" + "\n".repeat((int) failures) + "\n");
    }

    @Test
    void ruleEvaluationErrorEndsTheTestGroup() {
        Outcome o = run(examples().resolve("fail/rule-error.test.yml").toString());
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.err()).startsWith("  FAILED:\n    rule: joined, time: 0s, err: ").contains("many-to-many matching not allowed")
                .doesNotContain("expr:");
    }

    @Test
    void badInputSeriesFailsTheGroup() {
        Outcome o = run(examples().resolve("fail/bad-series.test.yml").toString());
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.err()).startsWith("  FAILED:\n").contains("parse error");
    }

    @Test
    void oneFailingFileFailsTheRunAndEveryFileIsReported() {
        String pass = examples().resolve("pass/input-series.test.yml").toString();
        String fail = examples().resolve("fail/samples.test.yml").toString();
        Outcome o = run(pass, fail, pass);
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.out()).startsWith("Unit Testing:  " + pass + "\n  SUCCESS\n\nUnit Testing:  " + fail + "\n")
                .endsWith("Unit Testing:  " + pass + "\n  SUCCESS\n\n");
    }

    @Test
    void groupEvalOrderDecidesWhatALaterGroupSees() throws IOException {
        write("rules.yml", """
                groups:
                  - name: alert
                    rules:
                      - alert: Doubled
                        expr: doubled > 5
                  - name: rec
                    rules:
                      - record: doubled
                        expr: x * 2
                """);
        String test = """
                rule_files: [rules.yml]
                group_eval_order: [%s]
                tests:
                  - interval: 1m
                    input_series:
                      - series: x
                        values: 0 10 10
                    alert_rule_test:
                      - eval_time: 1m
                        alertname: Doubled
                        exp_alerts: [%s]
                      - eval_time: 2m
                        alertname: Doubled
                        exp_alerts: [{}]
                """;
        // Recording first: the alert sees the value recorded at the same evaluation.
        Path recFirst = write("rec-first.test.yml", test.formatted("rec, alert", "{}"));
        // Alert first: at 1m it still sees the value recorded at 0m.
        Path alertFirst = write("alert-first.test.yml", test.formatted("alert, rec", ""));
        assertThat(run(recFirst.toString()).exitCode()).isZero();
        assertThat(run(alertFirst.toString()).exitCode()).isZero();
    }

    @Test
    void alertsAreCheckedAtTheLastEvaluationNotAfterTheirEvalTime() throws IOException {
        write("rules.yml", """
                groups:
                  - name: g
                    rules:
                      - alert: Up
                        expr: x > 0
                """);
        Path test = write("t.test.yml", """
                rule_files: [rules.yml]
                evaluation_interval: 2m
                tests:
                  - interval: 1m
                    input_series:
                      - series: x
                        values: 0 1 1 0
                    alert_rule_test:
                      # evaluations at 0m, 2m, 4m: 1m is checked against 0m, 3m against 2m
                      - eval_time: 1m
                        alertname: Up
                      - eval_time: 3m
                        alertname: Up
                        exp_alerts: [{}]
                      - eval_time: 4m
                        alertname: Up
                """);
        Outcome o = run(test.toString());
        assertThat(o.err()).isEmpty();
        assertThat(o.exitCode()).isZero();
    }

    @Test
    void templatesExpandAsPrometheusDoesAndFailuresShowTheErrorInTheAnnotation() throws IOException {
        write("rules.yml", """
                groups:
                  - name: g
                    rules:
                      - alert: Hot
                        expr: temperature > 30
                        labels:
                          room: "{{ $labels.room }}"
                        annotations:
                          value: "{{ $value }} in {{ $labels.room }} ({{ $externalLabels.site }})"
                          pretty: "{{ $value | humanize }}"
                          broken: "{{ query \\"absent_series\\" | first | value }}"
                          queried: "{{ query \\"temperature\\" | first | value }}"
                """);
        Path test = write("t.test.yml", """
                rule_files: [rules.yml]
                tests:
                  - interval: 1m
                    external_labels:
                      site: hq
                    input_series:
                      - series: temperature{room="lab"}
                        values: 31.5
                    alert_rule_test:
                      - eval_time: 0m
                        alertname: Hot
                        exp_alerts:
                          - exp_labels:
                              room: lab
                            exp_annotations:
                              value: 31.5 in lab (hq)
                              pretty: "31.5"
                """);
        Outcome o = run(test.toString());
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.err()).contains("broken=\"<error expanding template: error executing template __alert_Hot: "
                + "template: __alert_Hot:1:").contains("first() called on vector with no elements>\"")
                .contains("queried=\"31.5\"")
                .contains("pretty=\"31.5\"")
                .contains("value=\"31.5 in lab (hq)\"");
    }

    @Test
    void fileLevelErrorsAndWarnings() throws IOException {
        Path unknown = write("unknown.test.yml", "tests: []\nbogus: 1\n");
        assertThat(run(unknown.toString()).err()).startsWith("  FAILED:\n").contains("field bogus not found");

        Path repeated = write("repeated.test.yml", "group_eval_order: [a, b, a]\ntests: []\n");
        assertThat(run(repeated.toString()).err()).isEqualTo("  FAILED:\ngroup name repeated in evaluation order: a\n");

        Path noMatch = write("nomatch.test.yml", "rule_files: [nothing-*.yml]\ntests: []\n");
        Outcome o = run(noMatch.toString());
        assertThat(o.exitCode()).isZero();
        assertThat(o.err()).isEqualTo("  WARNING: no file match pattern " + tmp.resolve("nothing-*.yml") + "\n");

        Path missingName = write("noname.test.yml", """
                tests:
                  - name: mine
                    alert_rule_test:
                      - eval_time: 5m
                """);
        assertThat(run(missingName.toString()).err()).isEqualTo("  FAILED:\nan item under alert_rule_test misses required "
                + "attribute alertname at eval_time 5m (in TestGroup mine)\n");

        assertThat(run(tmp.resolve("absent.test.yml").toString()).exitCode()).isEqualTo(1);
    }

    @Test
    void ruleFilesAreGlobbedRelativeToTheTestFile() throws IOException {
        write("rules/a.yml", "groups: [{name: a, rules: [{record: a, expr: vector(1)}]}]\n");
        write("rules/b.yml", "groups: [{name: b, rules: [{record: b, expr: vector(2)}]}]\n");
        Path test = write("tests/t.test.yml", """
                rule_files: ['../rules/*.yml']
                tests:
                  - promql_expr_test:
                      - expr: a + on() b
                        eval_time: 0s
                        exp_samples:
                          - value: 3
                """);
        Outcome o = run(test.toString());
        assertThat(o.err()).isEmpty();
        assertThat(o.exitCode()).isZero();
    }

    @Test
    void runSelectsTestGroupsByName() throws IOException {
        Path test = write("t.test.yml", """
                tests:
                  - name: good
                    promql_expr_test:
                      - expr: vector(1)
                        exp_samples: [{value: 1}]
                  - name: bad
                    promql_expr_test:
                      - expr: vector(1)
                        exp_samples: [{value: 2}]
                """);
        assertThat(run(test.toString()).exitCode()).isEqualTo(1);
        assertThat(run(Pattern.compile("goo"), test.toString()).exitCode()).isZero();
    }

    @Test
    void startTimestampShiftsSamplesAndEvalTimes() throws IOException {
        Path test = write("t.test.yml", """
                tests:
                  - interval: 1m
                    start_timestamp: "2024-01-01T00:00:00Z"
                    input_series:
                      - series: m
                        values: 10+10x5
                    promql_expr_test:
                      - expr: time()
                        eval_time: 5m
                        exp_samples: [{value: 1704067500}]
                      - expr: m @ 1704067320
                        eval_time: 5m
                        exp_samples: [{labels: m, value: 30}]
                  - start_timestamp: 1609459200
                    promql_expr_test:
                      - expr: time()
                        eval_time: 10m
                        exp_samples: [{value: 1609459800}]
                """);
        Outcome o = run(test.toString());
        assertThat(o.err()).isEmpty();
        assertThat(o.exitCode()).isZero();
    }

    @Test
    void valuesCompareExactlyUnlessFuzzy() throws IOException {
        String body = """
                tests:
                  - promql_expr_test:
                      - expr: vector(0.1 + 0.2)
                        exp_samples: [{value: 0.3}]
                """;
        assertThat(run(write("exact.test.yml", body).toString()).err())
                .contains("exp: {} 3E-01\n        got: {} 3.0000000000000004E-01");
        assertThat(run(write("fuzzy.test.yml", "fuzzy_compare: true\n" + body).toString()).exitCode()).isZero();
        // NaN equals nothing, as in promtool.
        Path nan = write("nan.test.yml", """
                tests:
                  - promql_expr_test:
                      - expr: vector(NaN)
                        exp_samples: [{value: .nan}]
                """);
        assertThat(run(nan.toString()).err()).contains("exp: {} NaN\n        got: {} NaN");
    }

    @Test
    void keepFiringForAndRecordedSeriesAreWrittenBack() throws IOException {
        write("rules.yml", """
                groups:
                  - name: g
                    rules:
                      - alert: Flapping
                        expr: x > 0
                        for: 1m
                        keep_firing_for: 2m
                """);
        Path test = write("t.test.yml", """
                rule_files: [rules.yml]
                tests:
                  - interval: 1m
                    input_series:
                      - series: x
                        values: 1 1 0 0 0 0
                    alert_rule_test:
                      - {eval_time: 0m, alertname: Flapping}
                      - {eval_time: 1m, alertname: Flapping, exp_alerts: [{}]}
                      - {eval_time: 3m, alertname: Flapping, exp_alerts: [{}]}
                      - {eval_time: 4m, alertname: Flapping}
                    promql_expr_test:
                      - expr: ALERTS
                        eval_time: 3m
                        exp_samples:
                          - labels: ALERTS{alertname="Flapping", alertstate="firing"}
                            value: 1
                      - expr: ALERTS_FOR_STATE
                        eval_time: 1m
                        exp_samples:
                          - labels: ALERTS_FOR_STATE{alertname="Flapping"}
                            value: 0
                      - expr: ALERTS
                        eval_time: 4m
                """);
        Outcome o = run(test.toString());
        assertThat(o.err()).isEmpty();
        assertThat(o.exitCode()).isZero();
    }
}
