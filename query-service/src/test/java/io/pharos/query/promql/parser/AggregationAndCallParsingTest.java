package io.pharos.query.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;

import io.pharos.query.promql.ast.AggregateExpr;
import io.pharos.query.promql.ast.AggregateOp;
import io.pharos.query.promql.ast.Call;
import io.pharos.query.promql.ast.Function;
import io.pharos.query.promql.ast.Functions;
import io.pharos.query.promql.ast.ValueType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AggregationAndCallParsingTest {

    private static AggregateExpr agg(String q) {
        return (AggregateExpr) PromqlParser.parseExpr(q);
    }

    @Test
    void groupingComesBeforeOrAfterTheArguments() {
        AggregateExpr before = agg("sum by (job, instance) (rate(x[5m]))");
        AggregateExpr after = agg("sum(rate(x[5m])) by (job, instance)");
        assertThat(before.grouping()).containsExactly("job", "instance");
        assertThat(after.grouping()).containsExactly("job", "instance");
        assertThat(before.toString()).isEqualTo(after.toString()).isEqualTo("sum by (job, instance) (rate(x[5m]))");
        assertThat(agg("avg without (a) (x)").without()).isTrue();
        assertThat(agg("avg(x) without (a)").without()).isTrue();
    }

    @Test
    void emptyGroupingsPrintAsPrometheusPrintsThem() {
        assertThat(agg("sum by () (x)").toString()).isEqualTo("sum(x)");
        assertThat(agg("sum without () (x)").toString()).isEqualTo("sum without () (x)");
        assertThat(agg("sum by (foo,)(x)").grouping()).containsExactly("foo");
    }

    @Test
    void keywordsAndQuotedNamesAreLabelNamesInGroupings() {
        assertThat(agg("sum without(and, by, avg, count, alert, annotations, on, bool, offset)(x)").grouping())
                .containsExactly("and", "by", "avg", "count", "alert", "annotations", "on", "bool", "offset");
        AggregateExpr quoted = agg("sum by (\"foo.bar\", 'baz')({\"some.metric\"})");
        assertThat(quoted.grouping()).containsExactly("foo.bar", "baz");
        assertThat(quoted.toString()).isEqualTo("sum by (\"foo.bar\", baz) ({__name__=\"some.metric\"})");
    }

    @Test
    void aggregationKeywordsAreCaseInsensitive() {
        AggregateExpr a = agg("SUM BY (group) (((http_requests{job=\"api-server\"})))");
        assertThat(a.op()).isEqualTo(AggregateOp.SUM);
        assertThat(a.toString()).isEqualTo("sum by (group) (((http_requests{job=\"api-server\"})))");
    }

    @Test
    void parametersComeFirst() {
        AggregateExpr topk = agg("topk(5, x)");
        assertThat(topk.param().toString()).isEqualTo("5");
        assertThat(topk.expr().toString()).isEqualTo("x");
        assertThat(agg("count_values(\"v\", x)").param().type()).isEqualTo(ValueType.STRING);
        assertThat(agg("quantile without(point)(0.8, x)").toString()).isEqualTo("quantile without (point) (0.8, x)");
        assertThat(agg("limitk(2, x)").op()).isEqualTo(AggregateOp.LIMITK);
        assertThat(agg("limit_ratio(0.5, x)").op()).isEqualTo(AggregateOp.LIMIT_RATIO);
        assertThat(agg("bottomk by (a) (1, x)").toString()).isEqualTo("bottomk by (a) (1, x)");
    }

    @Test
    void aggregatorNamesWithoutArgumentsAreMetrics() {
        assertThat(PromqlParser.parseExpr("sum(sum)").toString()).isEqualTo("sum(sum)");
        assertThat(Shapes.of("a + sum")).isEqualTo("(+ a sum)");
    }

    @Test
    void callsCarryTheirSignature() {
        Call c = (Call) PromqlParser.parseExpr("label_replace(up, \"dst\", \"$1\", \"src\", \"(.*)\")");
        assertThat(c.func().name()).isEqualTo("label_replace");
        assertThat(c.args()).hasSize(5);
        assertThat(c.type()).isEqualTo(ValueType.VECTOR);
        assertThat(PromqlParser.parseExpr("scalar(x)").type()).isEqualTo(ValueType.SCALAR);
        assertThat(PromqlParser.parseExpr("time()").type()).isEqualTo(ValueType.SCALAR);
        assertThat(PromqlParser.parseExpr("round(x)").toString()).isEqualTo("round(x)");
        assertThat(PromqlParser.parseExpr("round(x, 5)").toString()).isEqualTo("round(x, 5)");
        assertThat(PromqlParser.parseExpr("label_join(x, \"d\", \",\", \"a\", \"b\", \"c\", \"e\")").toString())
                .startsWith("label_join(");
        assertThat(PromqlParser.parseExpr("hour()").toString()).isEqualTo("hour()");
    }

    @Test
    void startEndStepAndRangeAreFunctionsWhenCalled() {
        assertThat(((Call) PromqlParser.parseExpr("start()")).func().name()).isEqualTo("start");
        assertThat(((Call) PromqlParser.parseExpr("step()")).func().returnType()).isEqualTo(ValueType.SCALAR);
        assertThat(Shapes.of("start")).isEqualTo("start");
        assertThat(PromqlParser.parseExpr("foo unless on(start) bar").toString()).isEqualTo("foo unless on (start) bar");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abs", "absent", "absent_over_time", "ceil", "changes", "clamp", "clamp_max", "clamp_min",
        "day_of_month", "day_of_week", "day_of_year", "days_in_month", "delta", "deriv", "exp", "floor",
        "histogram_quantile", "holt_winters", "double_exponential_smoothing", "hour", "idelta", "increase", "irate",
        "label_replace", "label_join", "last_over_time", "ln", "log10", "log2", "minute", "month", "predict_linear",
        "quantile_over_time", "rate", "resets", "round", "scalar", "sgn", "sort", "sort_desc", "sort_by_label",
        "sort_by_label_desc", "sqrt", "time", "timestamp", "vector", "year", "avg_over_time", "min_over_time",
        "max_over_time", "sum_over_time", "count_over_time", "stddev_over_time", "stdvar_over_time",
        "present_over_time", "mad_over_time", "acos", "acosh", "asin", "asinh", "atan", "atanh", "cos", "cosh", "sin",
        "sinh", "tan", "tanh", "deg", "rad", "pi", "histogram_count", "histogram_sum", "histogram_fraction",
        "histogram_avg", "histogram_stddev", "histogram_stdvar", "histogram_quantiles", "info", "first_over_time",
        "ts_of_first_over_time", "ts_of_last_over_time", "ts_of_max_over_time", "ts_of_min_over_time",
        "start_timestamp", "start", "end", "step", "range", "min_of", "max_of"})
    void theRegistryKnowsEveryFunction(String name) {
        Function f = Functions.get(name).orElseThrow();
        assertThat(f.name()).isEqualTo(name);
        // A call with the right argument types parses.
        List<String> args = new java.util.ArrayList<>();
        for (int i = 0; i < f.minArgs(); i++) {
            args.add(switch (f.argType(i)) {
                case SCALAR -> "1";
                case VECTOR -> i == 1 && name.equals("info") ? "{a=\"b\"}" : "x";
                case MATRIX -> "x[5m]";
                case STRING -> "\"s\"";
            });
        }
        String q = name + "(" + String.join(", ", args) + ")";
        assertThat(PromqlParser.parseExpr(q).toString()).isEqualTo(q);
    }
}
