package io.pharos.query.promql.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pharos.model.labels.Labels;
import io.pharos.model.sample.StaleMarker;
import io.pharos.query.promql.parser.PromqlParser;
import io.pharos.query.promql.value.Matrix;
import io.pharos.query.promql.value.Sample;
import io.pharos.query.promql.value.Scalar;
import io.pharos.query.promql.value.Vector;
import java.util.List;
import org.junit.jupiter.api.Test;

class EngineTest {
    private static final Labels A = Labels.of("__name__", "m", "job", "a", "instance", "1");
    private static final Labels B = Labels.of("__name__", "m", "job", "b", "instance", "1");
    private static final Labels OTHER = Labels.of("__name__", "n", "job", "a", "instance", "1");

    private final InMemorySeriesSource source = new InMemorySeriesSource()
            .add(A, new long[] {10_000, 20_000, 30_000}, new double[] {1, 2, 3})
            .add(B, new long[] {10_000, 20_000, 25_000}, new double[] {10, 20, StaleMarker.VALUE})
            .add(OTHER, new long[] {10_000, 20_000, 30_000}, new double[] {5, 5, 5});
    private final Engine engine = new Engine(source, EngineOptions.DEFAULT);

    private List<Sample> instant(String q, long t) {
        return ((Vector) engine.instant(PromqlParser.parseExpr(q), t).value()).samples();
    }

    @Test
    void instantSelectorTakesTheNewestSampleWithinLookback() {
        List<Sample> r = instant("m", 25_000);
        assertThat(r).extracting(Sample::labels).containsExactly(A);
        assertThat(r.get(0).value()).isEqualTo(2);
        assertThat(r.get(0).timestamp()).isEqualTo(25_000);
    }

    @Test
    void stalenessMarkerEndsASeries() {
        assertThat(instant("m{job=\"b\"}", 24_000)).hasSize(1);
        assertThat(instant("m{job=\"b\"}", 26_000)).isEmpty();
    }

    @Test
    void lookbackIsLeftOpen() {
        // The sample at 30s is exactly 5m before 330s: Prometheus 3 no longer sees it.
        assertThat(instant("m{job=\"a\"}", 329_999)).hasSize(1);
        assertThat(instant("m{job=\"a\"}", 330_000)).isEmpty();
    }

    @Test
    void offsetShiftsTheWindowBack() {
        assertThat(instant("m{job=\"a\"} offset 10s", 30_000).get(0).value()).isEqualTo(2);
    }

    @Test
    void atPinsTheEvaluationTime() {
        assertThat(instant("m{job=\"a\"} @ 10", 30_000).get(0).value()).isEqualTo(1);
    }

    @Test
    void comparisonFiltersAndKeepsTheName() {
        List<Sample> r = instant("m > 2", 30_000);
        assertThat(r).extracting(Sample::labels).containsExactly(A);
        assertThat(r.get(0).value()).isEqualTo(3);
    }

    @Test
    void boolComparisonAndArithmeticDropTheName() {
        assertThat(instant("m == bool 3", 30_000)).extracting(Sample::labels).containsExactly(A.withoutMetricName());
        assertThat(instant("m * 2", 30_000).get(0).value()).isEqualTo(6);
        assertThat(instant("m * 2", 30_000).get(0).labels().has("__name__")).isFalse();
    }

    @Test
    void vectorMatchingOneToOneOnLabels() {
        List<Sample> r = instant("m + on(job, instance) n", 30_000);
        assertThat(r).hasSize(1);
        assertThat(r.get(0).value()).isEqualTo(8);
        assertThat(r.get(0).labels()).isEqualTo(Labels.of("job", "a", "instance", "1"));
    }

    @Test
    void setOperators() {
        assertThat(instant("m and n", 20_000)).extracting(Sample::labels).containsExactly(A);
        assertThat(instant("m unless n", 20_000)).extracting(Sample::labels).containsExactly(B);
        assertThat(instant("n or m", 20_000)).extracting(Sample::labels).containsExactly(OTHER, B);
    }

    @Test
    void scalarArithmeticFollowsGo() {
        Scalar s = (Scalar) engine.instant(PromqlParser.parseExpr("1 ^ NaN"), 0).value();
        assertThat(s.value()).isEqualTo(1);
        assertThat(((Scalar) engine.instant(PromqlParser.parseExpr("-2 ^ 2"), 0).value()).value()).isEqualTo(-4);
    }

    @Test
    void rangeSelectorInAnInstantQueryReturnsAMatrix() {
        Matrix m = (Matrix) engine.instant(PromqlParser.parseExpr("m{job=\"a\"}[15s]"), 30_000).value();
        assertThat(m.series().get(0).timestamps()).containsExactly(20_000, 30_000);
    }

    @Test
    void rangeQueryIsAMatrixSortedByLabels() {
        Matrix m = (Matrix) engine.range(PromqlParser.parseExpr("m"), 10_000, 30_000, 10_000).value();
        assertThat(m.series()).extracting(s -> s.labels()).containsExactly(A, B);
        assertThat(m.series().get(0).values()).containsExactly(1, 2, 3);
        assertThat(m.series().get(1).timestamps()).containsExactly(10_000, 20_000);
    }

    @Test
    void rangeQueryOfARangeVectorIsRefused() {
        assertThatThrownBy(() -> engine.range(PromqlParser.parseExpr("m[1m]"), 0, 10, 1))
                .hasMessage("invalid expression type \"range vector\" for range query, must be Scalar or instant Vector");
    }

    @Test
    void tooManySamplesIsAnExecutionError() {
        Engine small = new Engine(source, new EngineOptions(EngineOptions.DEFAULT.lookbackDelta(),
                EngineOptions.DEFAULT.timeout(), 2));
        // Five points in the window (the staleness marker is not one); MaxSamplesTest has the details.
        assertThatThrownBy(() -> small.instant(PromqlParser.parseExpr("m[1m]"), 30_000))
                .isInstanceOf(QueryException.class)
                .hasMessage("query processing would load too many samples into memory in query execution");
    }

    @Test
    void oneToOneDuplicatesAreRefused() {
        assertThatThrownBy(() -> instant("m + ignoring(job) n", 20_000))
                .hasMessageContaining("many-to-one matching must be explicit");
    }
}
