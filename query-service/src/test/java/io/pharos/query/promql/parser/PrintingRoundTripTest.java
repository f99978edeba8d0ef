package io.pharos.query.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;

import io.pharos.query.promql.ast.Expr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code toString()} prints the canonical PromQL Prometheus prints, and that text parses back to the same tree. */
class PrintingRoundTripTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "sum by() (task:errors:rate10s{job=\"s\"})      | sum(task:errors:rate10s{job=\"s\"})",
        "sum by(code) (task:errors:rate10s{job=\"s\"})  | sum by (code) (task:errors:rate10s{job=\"s\"})",
        "sum without(instance) (x)                    | sum without (instance) (x)",
        "sum by(\"foo.bar\") (x)                      | sum by (\"foo.bar\") (x)",
        "count by(\"ööö\", job) (foo)                 | count by (\"ööö\", job) (foo)",
        "topk(5, x)                                   | topk(5, x)",
        "a - on(b) group_left(x, y) c                 | a - on (b) group_left (x, y) c",
        "foo / on(\"äää\") group_right(\"ööö\") bar   | foo / on (\"äää\") group_right (\"ööö\") bar",
        "a offset 1m                                  | a offset 1m",
        "a[12m] offset -3m                            | a[12m] offset -3m",
        "a[1h:5m] offset 1m                           | a[1h:5m] offset 1m",
        "a @ 10                                       | a @ 10.000",
        "a[1m] @ -10.5                                | a[1m] @ -10.500",
        "a[1m] @ end()                                | a[1m] @ end()",
        "{__name__=\"a\"}                             | {__name__=\"a\"}",
        "{__name__=\"\",a=\"x\"}                      | {__name__=\"\",a=\"x\"}",
        "{\"a.b\"=\"c\"}                              | {\"a.b\"=\"c\"}",
        "{\"_0\"=\"1\"}                               | {_0=\"1\"}",
        "{``=\"0\"}                                   | {\"\"=\"0\"}",
        "foo{z=\"1\", a=\"2\", m!~\"3\"}              | foo{a=\"2\",m!~\"3\",z=\"1\"}",
        "foo{a=\"new\\nline \\\"q\\\" ☺ \\u00a0\"}    | foo{a=\"new\\nline \\\"q\\\" ☺ \\u00a0\"}",
        "foo[200-min_of(-step()^+step(),1)]           | foo[200 - min_of(-step() ^ step(), 1)]",
        "foo offset +(5)                              | foo offset (5)",
        "foo offset -(5)                              | foo offset -(5)",
        "foo offset +min_of(10s, 20s)                 | foo offset min_of(10s, 20s)",
        "foo[((5m))]                                  | foo[(5m)]",
        "foo[(5m):(1m)]                               | foo[(5m):(1m)]",
        "1 + 2 * 3                                    | 1 + 2 * 3",
        "(1 + 2) * 3                                  | (1 + 2) * 3",
        "-(foo)                                       | -(foo)",
        "- - foo                                      | --foo",
        "+foo                                         | +foo",
        "1e-7                                         | 0.0000001",
        "1e21 > bool 1                                | 1000000000000000000000 > bool 1",
        "'single'                                     | \"single\"",
        "foo and ON(a) bar                            | foo and on (a) bar",
        "SUM(x) BY (a)                                | sum by (a) (x)",
        "x offset 90d                                 | x offset 90d",
        "x offset 84d                                 | x offset 12w",
        "x offset 365d                                | x offset 1y",
        "x[1000ms]                                    | x[1s]",
        "x[1001ms]                                    | x[1s1ms]",
    })
    void printsTheCanonicalForm(String query, String printed) {
        assertThat(PromqlParser.parseExpr(query).toString()).isEqualTo(printed);
        assertThat(PromqlParser.parseExpr(printed).toString()).isEqualTo(printed);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http_requests_total{group=\"canary\",job=\"api-server\"} + rate(http_requests_total{job=\"api-server\"}[10m]) * 5 * 60",
        "sum by (pod) ((kube_pod_container_status_restarts_total{cluster=\"c\",namespace=\"n\"} - kube_pod_container_status_restarts_total{cluster=\"c\",namespace=\"n\"} offset 10m) >= 1 and ignoring (reason) min_over_time(kube_pod_container_status_last_terminated_reason{reason=\"OOMKilled\"}[10m]) == 1)",
        "histogram_quantile(0.9, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))",
        "label_replace(up, \"dst\", \"destination-value-$1\", \"src\", \"source-value-(.*)\")",
        "max_over_time(deriv(rate(distance_covered_total[5s])[30s:5s])[10m:])",
        "rate(foo[5m] @ 100.000 offset 1m)",
        "count_values without (instance) (\"value\", build_version)",
        "quantile_over_time(0.9, x[10m:1m] @ start())",
        "a / on (b) group_left (c) d unless e or f",
        "absent(nonexistent{instance=~\".*\",job=\"myjob\"})",
        "clamp(x, -Inf, +Inf)",
        "x ^ 2 ^ -1",
        "vector(time()) - (1 + 2)",
        "rate(foo[step()]) + foo offset -range()",
        "foo[5m] anchored @ end() offset 1m",
        "a + fill_left (-1) fill_right (2) b",
        "limitk(2, x) or limit_ratio(-0.5, y)",
        "sort_by_label(x, \"a\", \"b\")",
        "{__name__=~\"a|b\"} > bool on (a) group_right () c",
    })
    void canonicalTextIsAFixedPoint(String canonical) {
        Expr e = PromqlParser.parseExpr(canonical);
        assertThat(e.toString()).isEqualTo(canonical);
    }
}
