package io.pharos.query.promql.engine;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pharos.model.labels.Labels;
import io.pharos.query.promql.parser.PromqlParser;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code --query.max-samples} limits the samples a query holds in memory at once, counted where
 * Prometheus 3.x's engine counts them, not the samples it loads. Each case states the peak,
 * worked out by hand from those rules, and checks that the query passes with exactly that limit
 * and fails with one less.
 */
class MaxSamplesTest {
    private static final String TOO_MANY = "query processing would load too many samples into memory in query execution";

    /** Three series, a sample every 10 s from 0 to 600 s, with values that differ between series. */
    private final InMemorySeriesSource source = new InMemorySeriesSource()
            .add(Labels.of("__name__", "m", "i", "1"), every10s(), values(1))
            .add(Labels.of("__name__", "m", "i", "2"), every10s(), values(2))
            .add(Labels.of("__name__", "m", "i", "3"), every10s(), values(3))
            .add(Labels.of("__name__", "requests", "instance", "a", "job", "j"), every10s(), values(4))
            .add(Labels.of("__name__", "target_info", "instance", "a", "job", "j", "version", "1"), every10s(), values(0));

    private static long[] every10s() {
        long[] ts = new long[61];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = i * 10_000L;
        }
        return ts;
    }

    private static double[] values(int series) {
        double[] vs = new double[61];
        for (int i = 0; i < vs.length; i++) {
            vs[i] = series * 1000 + i;
        }
        return vs;
    }

    private Engine engine(long maxSamples) {
        return new Engine(source, new EngineOptions(Duration.ofMinutes(5), Duration.ofMinutes(1), maxSamples));
    }

    private void instantPeakIs(String query, long peak) {
        assertThatCode(() -> engine(peak).instant(PromqlParser.parseExpr(query), 600_000)).as(query).doesNotThrowAnyException();
        assertThatThrownBy(() -> engine(peak - 1).instant(PromqlParser.parseExpr(query), 600_000)).as(query)
                .isInstanceOf(QueryException.class).hasMessage(TOO_MANY)
                .extracting(e -> ((QueryException) e).kind()).isEqualTo(QueryException.Kind.EXECUTION);
    }

    /** A range query from 0 to 600 s every 60 s: 11 steps, every series present at each. */
    private void rangePeakIs(String query, long peak) {
        assertThatCode(() -> engine(peak).range(PromqlParser.parseExpr(query), 0, 600_000, 60_000)).as(query)
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> engine(peak - 1).range(PromqlParser.parseExpr(query), 0, 600_000, 60_000)).as(query)
                .isInstanceOf(QueryException.class).hasMessage(TOO_MANY);
    }

    @Test
    void aVectorSelectorHoldsTheSamplesItSelectsNotTheSamplesItLoads() {
        // 3 series x 30 samples in the lookback window are loaded; 3 are selected.
        instantPeakIs("m", 3);
        instantPeakIs("-m", 3);
    }

    @Test
    void aRangeSelectorAtTheTopHoldsEveryPointOfItsWindows() {
        // (540 s, 600 s]: 6 points per series.
        instantPeakIs("m[1m]", 18);
    }

    @Test
    void aRangeFunctionHoldsOneSeriesWindowAtATimeAndTheOutputsSoFar() {
        // Series k: window 6 on top of the k-1 outputs so far, then its own output: 6 + 2 + 1 = 9
        // at the third series; 18 samples were loaded in all.
        instantPeakIs("sum(count_over_time(m[1m]))", 9);
    }

    @Test
    void aBinaryOperatorHoldsItsOperandsThenTheSamplesOfTheStepAndItsOutput() {
        // Operands 3 + 1 (the literal), gathered at the step 3 + 1, output 3.
        instantPeakIs("m * 2", 11);
    }

    @Test
    void timestampOfASelectorHoldsTheSamplesItReadsAtTheStepAndItsOutput() {
        instantPeakIs("timestamp(m)", 6);
    }

    @Test
    void aSubqueryResultStaysHeldWhileTheFunctionOverItRuns() {
        // Inner steps 560, 580, 600 s: 9 held; then per series a window of 3 and the outputs so far:
        // 9 + 2 + 3 + 1 = 15 at the third series.
        instantPeakIs("max_over_time(m[1m:20s])", 15);
    }

    @Test
    void aRangeQueryHoldsEveryStepOfItsSelectors() {
        rangePeakIs("m", 33);
    }

    @Test
    void anAggregationHoldsItsInputThenOnlyItsOutput() {
        // Prometheus 3.x aggregates without gathering per step: the input is the peak.
        rangePeakIs("sum(m)", 33);
        // Then the sum's 11 and the literal's 11 are held; at the last step 10 outputs so far,
        // 2 samples gathered and 1 output: 35.
        rangePeakIs("sum(m) + 1", 35);
    }

    @Test
    void aStepInvariantExpressionHoldsOneStepWhileItIsEvaluatedThenItsCopies() {
        // Pinned by @, the sum is computed at one step (3 selected, 1 output) and copied to 11 steps.
        rangePeakIs("sum(m @ 600)", 11);
        // One step: windows of 6 and outputs so far, 9 at most; then the sum's 11 copies.
        rangePeakIs("sum(count_over_time(m[1m] @ 600))", 11);
        rangePeakIs("m @ 600", 33);
    }

    @Test
    void infoHoldsItsBaseAndTheInfoSeriesThroughout() {
        // Base 1 and info series 1 held; at the step 2 gathered and 1 output.
        instantPeakIs("info(requests)", 5);
        // Both operands stay held after info(), with its output: 3, the literal 1, then 2 gathered
        // and 1 output (5 if info() released its operands as other functions do).
        instantPeakIs("info(requests) * 2", 7);
    }

    @Test
    void countValuesHoldsItsOutputStepByStepOnTopOfItsInput() {
        // Input 33; at the last step 10 steps x 3 outputs so far + 3 gathered + 3 output.
        rangePeakIs("count_values(\"v\", m)", 69);
    }
}
