package io.pharos.query.promql.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.pharos.query.promql.parser.PromqlParser;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The layout rules of Prometheus's {@code format_query}, one case per rule. Each expected text
 * was worked out from the rules by hand and is also what Debian's Prometheus 2.42 answers for
 * the same query (whose prettifier is the same as 3.x's for these).
 */
class PrettifierTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("an expression of at most 100 bytes stays on one line, as printed",
                        "sum by (job) (rate(http_requests_total[5m]))",
                        lines("sum by (job) (rate(http_requests_total[5m]))")),
                Arguments.of("exactly 100 bytes is not split",
                        "topk(5, sum by (instance, job) (rate(node_cpu_seconds_total{job=\"node-exporter\",mode!=\"idle\"}[5m])))",
                        lines("topk(5, sum by (instance, job) (rate(node_cpu_seconds_total{job=\"node-exporter\",mode!=\"idle\"}[5m])))")),
                Arguments.of("a long binary expression: operands one level deeper around the operator line",
                        "sum(rate(http_requests_total{code=~\"5..\",job=\"api-server\"}[5m])) / sum(rate(http_requests_total{job=\"api-server\"}[5m]))",
                        lines("  sum(rate(http_requests_total{code=~\"5..\",job=\"api-server\"}[5m]))",
                                "/",
                                "  sum(rate(http_requests_total{job=\"api-server\"}[5m]))")),
                Arguments.of("the operator line carries bool and the vector matching; a long left operand splits again",
                        "node_filesystem_avail_bytes{mountpoint=\"/\"} / on (instance) group_left (nodename) node_uname_info{job=\"node\"} > bool 0.5",
                        lines("    node_filesystem_avail_bytes{mountpoint=\"/\"}",
                                "  / on (instance) group_left (nodename)",
                                "    node_uname_info{job=\"node\"}",
                                "> bool",
                                "  0.5")),
                Arguments.of("ignoring on the operator line",
                        "sum without (instance, pod) (rate(http_requests_total{job=\"api-server\"}[5m] offset 1h)) / ignoring (code) sum without (instance, pod) (rate(http_requests_total[5m]))",
                        lines("  sum without (instance, pod) (rate(http_requests_total{job=\"api-server\"}[5m] offset 1h))",
                                "/ ignoring (code)",
                                "  sum without (instance, pod) (rate(http_requests_total[5m]))")),
                Arguments.of("precedence: the right operand holds the tighter binary expression",
                        "a_metric_with_a_really_long_name_to_make_lines_long + b_metric_with_a_really_long_name_to_make_lines_long * c_metric_with_a_really_long_name",
                        lines("  a_metric_with_a_really_long_name_to_make_lines_long",
                                "+",
                                "  b_metric_with_a_really_long_name_to_make_lines_long * c_metric_with_a_really_long_name")),
                Arguments.of("a long function call: one argument per line, one level deeper",
                        "histogram_quantile(0.99, sum by (le, service) (rate(http_request_duration_seconds_bucket{service=\"checkout\"}[5m])))",
                        lines("histogram_quantile(",
                                "  0.99,",
                                "  sum by (le, service) (rate(http_request_duration_seconds_bucket{service=\"checkout\"}[5m]))",
                                ")")),
                Arguments.of("string arguments are arguments like any other",
                        "label_replace(up{job=\"api-server\",service=\"checkout-frontend\"}, \"foo\", \"bar-$1\", \"service\", \"(.*)-frontend-with-suffix\")",
                        lines("label_replace(",
                                "  up{job=\"api-server\",service=\"checkout-frontend\"},",
                                "  \"foo\",",
                                "  \"bar-$1\",",
                                "  \"service\",",
                                "  \"(.*)-frontend-with-suffix\"",
                                ")")),
                Arguments.of("a long aggregation: its grouping stays on the opening line",
                        "sum by (namespace) (rate(container_cpu_usage_seconds_total{namespace=\"production\",container!=\"POD\",image!=\"\"}[5m]))",
                        lines("sum by (namespace) (",
                                "  rate(container_cpu_usage_seconds_total{container!=\"POD\",image!=\"\",namespace=\"production\"}[5m])",
                                ")")),
                Arguments.of("an aggregation's parameter gets a line of its own",
                        "count_values(\"version\", build_info{job=\"a-long-job-name-for-the-build-info-metric\",instance=\"some-instance:9100\"})",
                        lines("count_values(",
                                "  \"version\",",
                                "  build_info{instance=\"some-instance:9100\",job=\"a-long-job-name-for-the-build-info-metric\"}",
                                ")")),
                Arguments.of("nested aggregations split at every level that is still too long",
                        "avg by (job) (sum by (job, instance) (rate(process_cpu_seconds_total{job=~\"api|web|worker\",instance!~\"test.*\"}[10m])))",
                        lines("avg by (job) (",
                                "  sum by (job, instance) (",
                                "    rate(process_cpu_seconds_total{instance!~\"test.*\",job=~\"api|web|worker\"}[10m])",
                                "  )",
                                ")")),
                Arguments.of("a long parenthesis: its content one level deeper",
                        "(first_metric_with_a_rather_long_name + second_metric_with_a_rather_long_name + third_metric_long_name)",
                        lines("(",
                                "    first_metric_with_a_rather_long_name + second_metric_with_a_rather_long_name",
                                "  +",
                                "    third_metric_long_name",
                                ")")),
                Arguments.of("unary minus: the sign takes the place of its operand's indentation",
                        "-sum(rate(http_requests_total{code=~\"5..\",job=\"api-server\"}[5m]) * on (instance) group_left () up{job=\"api\"})",
                        lines("-sum(",
                                "    rate(http_requests_total{code=~\"5..\",job=\"api-server\"}[5m])",
                                "  * on (instance) group_left ()",
                                "    up{job=\"api\"}",
                                ")")),
                Arguments.of("unary minus over a long parenthesis",
                        "-(sum(rate(http_requests_total{code=~\"5..\",job=\"api-server\"}[5m])) / sum(rate(http_requests_total{job=\"api-server\"}[5m])))",
                        lines("-(",
                                "    sum(rate(http_requests_total{code=~\"5..\",job=\"api-server\"}[5m]))",
                                "  /",
                                "    sum(rate(http_requests_total{job=\"api-server\"}[5m]))",
                                ")")),
                Arguments.of("a long subquery: its expression laid out in place, then range, step and offset",
                        "max_over_time(sum by (service, instance, pod) (rate(http_requests_total{job=\"api-server\",code=~\"5..\"}[5m]))[1h:5m] offset 1m)",
                        lines("max_over_time(",
                                "  sum by (service, instance, pod) (rate(http_requests_total{code=~\"5..\",job=\"api-server\"}[5m]))[1h:5m] offset 1m",
                                ")")),
                Arguments.of("a subquery that fits on a line is written without indentation, as Prometheus does",
                        "max_over_time(rate(http_requests_total{code=~\"5..\",handler=\"/api/v1/query\",job=\"api-server\"}[5m])[30m:1m])",
                        lines("max_over_time(",
                                "rate(http_requests_total{code=~\"5..\",handler=\"/api/v1/query\",job=\"api-server\"}[5m])[30m:1m]",
                                ")")),
                Arguments.of("a function call inside a split binary expression inside an aggregation",
                        "sum(max_over_time(rate(http_requests_total{code=~\"5..\",handler=\"/api/v1/query\",job=\"api\"}[5m])[30m:1m]) or vector(0))",
                        lines("sum(",
                                "    max_over_time(rate(http_requests_total{code=~\"5..\",handler=\"/api/v1/query\",job=\"api\"}[5m])[30m:1m])",
                                "  or",
                                "    vector(0)",
                                ")")),
                Arguments.of("a range selector never splits; its modifiers are printed as Prometheus prints them",
                        "rate(http_requests_total{job=\"api-server\",code=~\"5..\",handler=\"/api/v1/query_range\"}[5m] @ 1700000000 offset 5m)",
                        lines("rate(",
                                "  http_requests_total{code=~\"5..\",handler=\"/api/v1/query_range\",job=\"api-server\"}[5m] @ 1700000000.000 offset 5m",
                                ")")),
                Arguments.of("the limit counts UTF-8 bytes: 85 characters but 117 bytes is split",
                        "up{job=\"ünïcödé-ünïcödé-ünïcödé-ünïcödé-ünïcödé\"} + up{job=\"ünïcödé-ünïcödé-ünïcödé\"}",
                        lines("  up{job=\"ünïcödé-ünïcödé-ünïcödé-ünïcödé-ünïcödé\"}",
                                "+",
                                "  up{job=\"ünïcödé-ünïcödé-ünïcödé\"}")));
    }

    private static String lines(String... lines) {
        return String.join("\n", lines);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void layoutFollowsPrometheus(String rule, String query, String expected) {
        assertThat(Prettifier.prettify(PromqlParser.parseExpr(query))).as(rule).isEqualTo(expected);
    }
}
