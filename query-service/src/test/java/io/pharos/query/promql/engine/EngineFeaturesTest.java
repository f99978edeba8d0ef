package io.pharos.query.promql.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pharos.model.labels.Labels;
import io.pharos.query.promql.parser.PromqlParser;
import io.pharos.query.promql.value.Matrix;
import io.pharos.query.promql.value.Sample;
import io.pharos.query.promql.value.Vector;
import io.pharos.query.storage.Series;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Engine behaviour the upstream scripts do not pin down: limits, options, annotations, result shapes. */
class EngineFeaturesTest {
    private static final Labels REQ_A = Labels.of("__name__", "req_total", "job", "a");
    private static final Labels REQ_B = Labels.of("__name__", "req_total", "job", "b");
    private static final Labels TEMP = Labels.of("__name__", "temperature", "room", "1");

    private final InMemorySeriesSource source = new InMemorySeriesSource()
            .add(REQ_A, minutes(0, 10), ramp(0, 10, 11))
            .add(REQ_B, minutes(0, 10), ramp(0, 20, 11))
            .add(TEMP, minutes(0, 10), ramp(20, 1, 11));
    private final Engine engine = new Engine(source, EngineOptions.DEFAULT);

    private static long[] minutes(int from, int to) {
        long[] ts = new long[to - from + 1];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = (from + i) * 60_000L;
        }
        return ts;
    }

    private static double[] ramp(double start, double step, int n) {
        double[] vs = new double[n];
        for (int i = 0; i < n; i++) {
            vs[i] = start + i * step;
        }
        return vs;
    }

    private List<Sample> instant(Engine e, String q, long t) {
        return ((Vector) e.instant(PromqlParser.parseExpr(q), t).value()).samples();
    }

    @Test
    void exceedingTheTimeoutIsATimeoutError() {
        Engine slow = new Engine(source, new EngineOptions(Duration.ofMinutes(5), Duration.ZERO, 1000));
        assertThatThrownBy(() -> slow.instant(PromqlParser.parseExpr("sum(req_total)"), 600_000))
                .isInstanceOf(QueryException.class)
                .hasMessage("query timed out in expression evaluation")
                .extracting(e -> ((QueryException) e).kind()).isEqualTo(QueryException.Kind.TIMEOUT);
    }

    @Test
    void anInterruptedQueryIsCanceled() {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> engine.instant(PromqlParser.parseExpr("req_total"), 600_000))
                    .isInstanceOf(QueryException.class)
                    .extracting(e -> ((QueryException) e).kind()).isEqualTo(QueryException.Kind.CANCELED);
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void subquerySamplesCountTowardsTheLimit() {
        Engine small = new Engine(source, new EngineOptions(Duration.ofMinutes(5), Duration.ofMinutes(1), 40));
        assertThat(instant(small, "req_total", 600_000)).hasSize(2);
        assertThatThrownBy(() -> small.instant(PromqlParser.parseExpr("max_over_time(req_total[10m:10s])"), 600_000))
                .hasMessage("query processing would load too many samples into memory in query execution");
    }

    @Test
    void subqueriesWithoutAStepUseTheConfiguredDefault() {
        Engine thirtySeconds = new Engine(source, EngineOptions.DEFAULT.withDefaultSubqueryStep(Duration.ofSeconds(30)));
        assertThat(instant(engine, "count_over_time(temperature[5m:])", 600_000).get(0).value()).isEqualTo(5);
        assertThat(instant(thirtySeconds, "count_over_time(temperature[5m:])", 600_000).get(0).value()).isEqualTo(10);
    }

    @Test
    void anInstantSubqueryIsAMatrixAtTheSubquerySteps() {
        Matrix m = (Matrix) engine.instant(PromqlParser.parseExpr("temperature[2m:30s]"), 600_000).value();
        assertThat(m.series()).hasSize(1);
        assertThat(m.series().get(0).timestamps()).containsExactly(510_000, 540_000, 570_000, 600_000);
        assertThat(m.series().get(0).labels()).isEqualTo(TEMP);
    }

    @Test
    void annotationsCarryTheirPosition() {
        String q = "sum(rate(temperature[5m]))";
        QueryResult r = engine.instant(PromqlParser.parseExpr(q), 600_000);
        assertThat(r.infos(q)).containsExactly("PromQL info: metric might not be a counter, name does not end in "
                + "_total/_sum/_count/_bucket: \"temperature\" (1:10)");
        assertThat(r.allWarnings(q)).isEmpty();
        String sorted = "sort(req_total)";
        QueryResult range = engine.range(PromqlParser.parseExpr(sorted), 0, 600_000, 60_000);
        assertThat(range.allWarnings(sorted)).containsExactly(
                "PromQL warning: sort is ineffective for range queries since results are always ordered by labels (1:1)");
    }

    @Test
    void aBadDurationExpressionIsBadData() {
        // step() is 0 in an instant query, and a range must be positive.
        assertThatThrownBy(() -> engine.instant(PromqlParser.parseExpr("rate(req_total[step()])"), 600_000))
                .isInstanceOf(QueryException.class)
                .hasMessageContaining("duration must be greater than 0")
                .extracting(e -> ((QueryException) e).kind()).isEqualTo(QueryException.Kind.BAD_DATA);
    }

    @Test
    void rangeStepsAreIndependentAndAbsentPointsLeftOut() {
        Matrix m = (Matrix) engine.range(PromqlParser.parseExpr("req_total > 50"), 0, 600_000, 120_000).value();
        assertThat(m.series()).extracting(Series::labels).containsExactly(REQ_A, REQ_B);
        assertThat(m.series().get(0).timestamps()).containsExactly(360_000, 480_000, 600_000);
        assertThat(m.series().get(1).timestamps()).containsExactly(240_000, 360_000, 480_000, 600_000);
        assertThat(m.series().get(1).values()).containsExactly(80, 120, 160, 200);
    }

    @Test
    void delayedNameRemovalCanCollideAtTheEnd() {
        assertThat(instant(engine, "sum by (__name__) (req_total)", 600_000))
                .extracting(Sample::labels).containsExactly(Labels.of("__name__", "req_total"));
        String colliding = "sum by (__name__) (rate({job=\"a\"}[5m]) or rate(temperature[5m]))";
        assertThatThrownBy(() -> engine.instant(PromqlParser.parseExpr(colliding), 600_000))
                .hasMessage("vector cannot contain metrics with the same labelset");
    }

    @Test
    void limitRatioSplitsSeriesByLabelHash() {
        List<Sample> part = instant(engine, "limit_ratio(0.4, {__name__=~\".+\"})", 600_000);
        List<Sample> rest = instant(engine, "limit_ratio(-0.6, {__name__=~\".+\"})", 600_000);
        Set<Labels> all = new HashSet<>();
        part.forEach(s -> all.add(s.labels()));
        rest.forEach(s -> assertThat(all.add(s.labels())).isTrue());
        assertThat(all).containsExactlyInAnyOrder(REQ_A, REQ_B, TEMP);
        assertThat(instant(engine, "limit_ratio(1, req_total)", 600_000)).hasSize(2);
    }

    @Test
    void topkOrdersAnInstantResult() {
        assertThat(instant(engine, "topk(3, {__name__=~\".+\"})", 600_000)).extracting(Sample::value)
                .containsExactly(200.0, 100.0, 30.0);
        assertThat(instant(engine, "bottomk(2, {__name__=~\".+\"})", 600_000)).extracting(Sample::value)
                .containsExactly(30.0, 100.0);
    }

    @Test
    void everyFunctionEvaluates() {
        for (io.pharos.query.promql.ast.Function f : io.pharos.query.promql.ast.Functions.all()) {
            if (f.name().equals("start_timestamp")) {
                continue; // Pharos stores no start timestamps
            }
            List<String> args = new java.util.ArrayList<>();
            for (int i = 0; i < f.minArgs(); i++) {
                args.add(switch (f.argType(i)) {
                    case SCALAR -> "0.5";
                    case VECTOR -> "req_total";
                    case MATRIX -> "req_total[5m]";
                    case STRING -> "\"x" + i + "\"";
                });
            }
            String q = f.name() + "(" + String.join(", ", args) + ")";
            engine.instant(PromqlParser.parseExpr(q), 600_000);
            if (f.returnType() != io.pharos.query.promql.ast.ValueType.STRING) {
                engine.range(PromqlParser.parseExpr(q), 0, 600_000, 60_000);
            }
        }
    }

    @Test
    void deeplyNestedQueriesFailCleanly() {
        StringBuilder q = new StringBuilder("req_total");
        for (int i = 0; i < 20_000; i++) {
            q.insert(0, "-(").append(')');
        }
        try {
            var expr = PromqlParser.parseExpr(q.toString());
            assertThatThrownBy(() -> engine.instant(expr, 600_000)).isInstanceOf(QueryException.class);
        } catch (RuntimeException parseRefused) {
            assertThat(parseRefused.getMessage()).contains("nested too deeply");
        }
    }
}
