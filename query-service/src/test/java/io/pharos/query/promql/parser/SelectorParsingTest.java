package io.pharos.query.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;

import io.pharos.model.labels.Matcher;
import io.pharos.query.promql.ast.AtModifier;
import io.pharos.query.promql.ast.DurationExpr;
import io.pharos.query.promql.ast.Expr;
import io.pharos.query.promql.ast.ExtendedRange;
import io.pharos.query.promql.ast.MatrixSelector;
import io.pharos.query.promql.ast.PositionRange;
import io.pharos.query.promql.ast.SubqueryExpr;
import io.pharos.query.promql.ast.ValueType;
import io.pharos.query.promql.ast.VectorSelector;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SelectorParsingTest {

    private static VectorSelector vs(String q) {
        return (VectorSelector) PromqlParser.parseExpr(q);
    }

    @Test
    void aMetricNameBecomesTheLastEqualityMatcher() {
        VectorSelector v = vs("foo{a=\"b\", c!=\"d\", e=~\"f.*\", g!~\"h\"}");
        assertThat(v.name()).isEqualTo("foo");
        assertThat(v.matchers()).containsExactly(
                Matcher.of(Matcher.Type.EQ, "a", "b"), Matcher.of(Matcher.Type.NEQ, "c", "d"),
                Matcher.of(Matcher.Type.RE, "e", "f.*"), Matcher.of(Matcher.Type.NRE, "g", "h"),
                Matcher.equal("__name__", "foo"));
        assertThat(v.type()).isEqualTo(ValueType.VECTOR);
        assertThat(v.position()).isEqualTo(new PositionRange(0, 36));
    }

    @Test
    void aTrailingCommaInsideBracesIsAllowed() {
        assertThat(vs("foo{a=\"b\",}").matchers()).hasSize(2);
    }

    @Test
    void metricNamesMayContainColons() {
        assertThat(vs("task:errors:rate10s{job=\"s\"}").name()).isEqualTo("task:errors:rate10s");
    }

    @Test
    void theNameCanBeGivenAsAMatcherOrAsAQuotedString() {
        VectorSelector byMatcher = vs("{__name__=\"foo\", a=\"b\"}");
        assertThat(byMatcher.name()).isNull();
        assertThat(byMatcher.matchers()).contains(Matcher.equal("__name__", "foo"));

        VectorSelector quoted = vs("{\"metric.with.dots\", \"label.x\"=\"v\"}");
        assertThat(quoted.name()).isNull();
        assertThat(quoted.matchers()).containsExactly(Matcher.equal("__name__", "metric.with.dots"),
                Matcher.equal("label.x", "v"));
        assertThat(quoted.toString()).isEqualTo("{\"label.x\"=\"v\",__name__=\"metric.with.dots\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sum", "by", "without", "offset", "and", "or", "unless", "start", "end", "step", "range",
        "anchored", "smoothed", "min_of", "max_of", "fill", "topk", "count_values", "limitk"})
    void keywordsNameMetricsWhereTheyCannotBeAnythingElse(String keyword) {
        assertThat(vs(keyword).name()).isEqualTo(keyword);
        assertThat(vs(keyword + "{a=\"b\"}").name()).isEqualTo(keyword);
        assertThat(Shapes.of("x + " + keyword)).isEqualTo("(+ x " + keyword + ")");
    }

    @Test
    void keywordsAreOrdinaryLabelNamesInsideBraces() {
        assertThat(vs("foo{offset=\"1\", by=\"2\", on=\"3\", bool=\"4\"}").matchers())
                .extracting(Matcher::name).containsExactly("offset", "by", "on", "bool", "__name__");
    }

    @Test
    void fillIsAKeywordOnlyBeforeAParenthesis() {
        assertThat(Shapes.of("fill + fill")).isEqualTo("(+ fill fill)");
        assertThat(PromqlParser.parseExpr("a + fill(0) b").toString()).isEqualTo("a + fill (0) b");
    }

    @Test
    void aRangeTurnsASelectorIntoARangeVector() {
        MatrixSelector m = (MatrixSelector) PromqlParser.parseExpr("foo{a=\"b\"}[1h30m]");
        assertThat(m.rangeMillis()).isEqualTo(5_400_000);
        assertThat(m.selector().name()).isEqualTo("foo");
        assertThat(m.type()).isEqualTo(ValueType.MATRIX);
        assertThat(((MatrixSelector) PromqlParser.parseExpr("foo[5]")).rangeMillis()).isEqualTo(5000);
        assertThat(((MatrixSelector) PromqlParser.parseExpr("foo[4.018]")).rangeMillis()).isEqualTo(4018);
        assertThat(PromqlParser.parseExpr("foo[4.18]").toString()).isEqualTo("foo[4s180ms]");
    }

    @Test
    void offsetsArePositiveOrNegativeDurationsOrSeconds() {
        assertThat(vs("foo offset 5m").offsetMillis()).isEqualTo(300_000);
        assertThat(vs("foo offset -7m").offsetMillis()).isEqualTo(-420_000);
        assertThat(vs("foo OFFSET 1h30m").offsetMillis()).isEqualTo(5_400_000);
        assertThat(vs("foo offset 3600").offsetMillis()).isEqualTo(3_600_000);
        assertThat(vs("foo offset 1m30ms").offsetMillis()).isEqualTo(60_030);
        MatrixSelector m = (MatrixSelector) PromqlParser.parseExpr("foo[5m] offset 1w");
        assertThat(m.selector().offsetMillis()).isEqualTo(7 * 24 * 3_600_000L);
    }

    @Test
    void atTakesUnixSecondsOrStartOrEnd() {
        VectorSelector v = vs("foo @ 1603774568.123");
        assertThat(v.atModifier()).isEqualTo(AtModifier.TIMESTAMP);
        assertThat(v.atMillis()).isEqualTo(1_603_774_568_123L);
        assertThat(vs("foo @ -100").atMillis()).isEqualTo(-100_000);
        assertThat(vs("foo @ 0xA").atMillis()).isEqualTo(10_000);
        assertThat(vs("foo @ 3e2").atMillis()).isEqualTo(300_000);
        assertThat(vs("foo @ 1m").atMillis()).isEqualTo(60_000);
        assertThat(vs("foo @ start()").atModifier()).isEqualTo(AtModifier.START);
        assertThat(vs("foo @ end()").atModifier()).isEqualTo(AtModifier.END);
        assertThat(vs("foo @ start()").atMillis()).isNull();
    }

    @Test
    void atAndOffsetComeInEitherOrder() {
        for (String q : List.of("foo @ 123 offset 1m", "foo offset 1m @ 123")) {
            VectorSelector v = vs(q);
            assertThat(v.offsetMillis()).isEqualTo(60_000);
            assertThat(v.atMillis()).isEqualTo(123_000);
            assertThat(v.toString()).isEqualTo("foo @ 123.000 offset 1m");
        }
        MatrixSelector m = (MatrixSelector) PromqlParser.parseExpr("foo[5m] offset 1m @ start()");
        assertThat(m.toString()).isEqualTo("foo[5m] @ start() offset 1m");
    }

    @Test
    void subqueriesTakeARangeAndAnOptionalStep() {
        SubqueryExpr s = (SubqueryExpr) PromqlParser.parseExpr("rate(foo[5m])[30m:1m]");
        assertThat(s.rangeMillis()).isEqualTo(1_800_000);
        assertThat(s.stepMillis()).isEqualTo(60_000);
        assertThat(s.type()).isEqualTo(ValueType.MATRIX);
        SubqueryExpr noStep = (SubqueryExpr) PromqlParser.parseExpr("foo[30m:]");
        assertThat(noStep.stepMillis()).isZero();
        assertThat(noStep.toString()).isEqualTo("foo[30m:]");
        SubqueryExpr mods = (SubqueryExpr) PromqlParser.parseExpr("foo[10m:5s] offset 1m @ 123");
        assertThat(mods.offsetMillis()).isEqualTo(60_000);
        assertThat(mods.atMillis()).isEqualTo(123_000);
        assertThat(PromqlParser.parseExpr("some_metric @ 123 offset 1m [10m:5s]").toString())
                .isEqualTo("some_metric @ 123.000 offset 1m[10m:5s]");
        assertThat(PromqlParser.parseExpr("min_over_time(rate(foo[2s])[5m:])[4m:3s]").toString())
                .isEqualTo("min_over_time(rate(foo[2s])[5m:])[4m:3s]");
    }

    @Test
    void anchoredAndSmoothedAreRecordedOnTheSelector() {
        MatrixSelector a = (MatrixSelector) PromqlParser.parseExpr("foo[5m] anchored");
        assertThat(a.selector().extendedRange()).isEqualTo(ExtendedRange.ANCHORED);
        assertThat(vs("foo smoothed").extendedRange()).isEqualTo(ExtendedRange.SMOOTHED);
        assertThat(PromqlParser.parseExpr("a{b=\"c\"}[5m] smoothed @ start() offset 1m").toString())
                .isEqualTo("a{b=\"c\"}[5m] smoothed @ start() offset 1m");
        assertThat(vs("anchored{job=\"x\"}").name()).isEqualTo("anchored");
    }

    @Test
    void durationExpressionsAreKeptForTheEngine() {
        MatrixSelector m = (MatrixSelector) PromqlParser.parseExpr("foo[26m + 4m]");
        assertThat(m.rangeMillis()).isZero();
        assertThat(m.rangeExpr()).isInstanceOf(DurationExpr.Binary.class);
        assertThat(m.rangeExpr().toMillis(0, 0, false)).isEqualTo(1_800_000);
        assertThat(m.rangeExpr().isConstant()).isTrue();

        VectorSelector step = vs("foo offset -step()");
        assertThat(step.offsetExpr()).isInstanceOf(DurationExpr.Negation.class);
        assertThat(step.offsetExpr().toMillis(15, 0, true)).isEqualTo(-15_000);
        assertThat(step.offsetExpr().isConstant()).isFalse();

        SubqueryExpr s = (SubqueryExpr) PromqlParser.parseExpr("foo[29s+1s:((((8 - 2) / 3) * 7s) % 4) + 8000ms]");
        assertThat(s.rangeExpr().toMillis(0, 0, false)).isEqualTo(30_000);
        assertThat(s.stepExpr().toMillis(0, 0, false)).isEqualTo(10_000);
        assertThat(PromqlParser.parseExpr("foo[min_of(step()+1,1h)]").toString())
                .isEqualTo("foo[min_of(step() + 1, 1h)]");
    }

    @Test
    void metricSelectorsForMatchParametersIncludeTheNameMatcher() {
        assertThat(PromqlParser.parseMetricSelector("up{job=\"api\"}"))
                .containsExactly(Matcher.equal("job", "api"), Matcher.equal("__name__", "up"));
        assertThat(PromqlParser.parseMetricSelector("{__name__=~\"go_.*\"}"))
                .containsExactly(Matcher.of(Matcher.Type.RE, "__name__", "go_.*"));
        assertThat(PromqlParser.parseMetricSelector("{}")).isEmpty();
    }

    @Test
    void nodesKnowWhereTheyAreInTheQuery() {
        Expr e = PromqlParser.parseExpr("sum(rate(foo[5m])) + bar offset 1m");
        assertThat(e.position()).isEqualTo(new PositionRange(0, 34));
        var bin = (io.pharos.query.promql.ast.BinaryExpr) e;
        assertThat(bin.lhs().position()).isEqualTo(new PositionRange(0, 18));
        assertThat(bin.rhs().position()).isEqualTo(new PositionRange(21, 34));
    }
}
