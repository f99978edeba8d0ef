package io.pharos.query.promql.engine;

import io.pharos.model.labels.Labels;
import io.pharos.query.promql.ast.AggregateExpr;
import io.pharos.query.promql.ast.AggregateOp;
import io.pharos.query.promql.ast.PromqlText;
import io.pharos.query.promql.ast.StringLiteral;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Aggregations ({@code sum by (job) (x)}, {@code count_values("v", x)}, ...) step by step, as
 * Prometheus computes them: Kahan summation for sum and avg (switching to an incremental mean
 * before the sum overflows), Welford's method for stddev and stdvar. Groups are found once per
 * input series, not per step. {@link TopKAggregation} selects for topk and its kin.
 */
final class AggregationEvaluator {
    private AggregationEvaluator() {
    }

    static Steps evaluate(Evaluator evaluator, Evaluation ev, AggregateExpr e) {
        List<String> grouping = new ArrayList<>(e.grouping());
        grouping.sort(null);
        if (e.op() == AggregateOp.COUNT_VALUES) {
            return countValues(evaluator, ev, e, grouping);
        }
        Params params = e.param() == null ? null : Params.of(evaluator.scalarValues(e.param()));
        List<StepSeries> input = evaluator.vectorSeries(e.expr());
        Map<Labels, Integer> groupIndex = new HashMap<>();
        List<Labels> groupLabels = new ArrayList<>();
        int[] groupOf = new int[input.size()];
        for (int si = 0; si < input.size(); si++) {
            Labels key = groupingLabels(input.get(si).labels, grouping, e.without());
            Integer g = groupIndex.get(key);
            if (g == null) {
                g = groupLabels.size();
                groupIndex.put(key, g);
                groupLabels.add(key);
            }
            groupOf[si] = g;
        }
        return switch (e.op()) {
            case TOPK, BOTTOMK, LIMITK, LIMIT_RATIO ->
                    TopKAggregation.evaluate(ev, e, params, input, groupOf, groupLabels.size());
            default -> aggregate(ev, e, params, input, groupOf, groupLabels);
        };
    }

    /** The labels of a series' group: {@code by} keeps the listed labels, {@code without} drops them and the name. */
    static Labels groupingLabels(Labels l, List<String> grouping, boolean without) {
        if (without) {
            Labels.Builder b = l.toBuilder().remove(Labels.METRIC_NAME);
            for (String name : grouping) {
                b.remove(name);
            }
            return b.build();
        }
        if (grouping.isEmpty()) {
            return Labels.EMPTY;
        }
        Labels.Builder b = Labels.builder();
        for (String name : grouping) {
            b.set(name, l.get(name));
        }
        return b.build();
    }

    /** A parameter of topk, quantile, ...: its value at each step and its range over all steps. */
    record Params(double[] values, double min, double max, boolean hasNaN) {
        static Params of(double[] values) {
            double min = Double.MAX_VALUE;
            double max = -Double.MAX_VALUE;
            boolean nan = false;
            for (double v : values) {
                max = Math.max(max, v);
                min = Math.min(min, v);
                nan |= Double.isNaN(v);
            }
            if (values.length == 0) {
                return new Params(values, 0, 0, false);
            }
            return new Params(values, min, max, nan);
        }
    }

    private static Steps aggregate(Evaluation ev, AggregateExpr e, Params params, List<StepSeries> input, int[] groupOf,
            List<Labels> groupLabels) {
        AggregateOp op = e.op();
        if (op == AggregateOp.QUANTILE && params != null) {
            if (params.hasNaN()) {
                ev.warn("quantile value should be between 0 and 1, got NaN", e.param().position());
            }
            if (params.max() > 1) {
                ev.warn("quantile value should be between 0 and 1, got " + Messages.g(params.max()), e.param().position());
            }
            if (params.min() < 0) {
                ev.warn("quantile value should be between 0 and 1, got " + Messages.g(params.min()), e.param().position());
            }
        }
        int groups = groupLabels.size();
        int steps = ev.stepCount;
        double[][] outValues = new double[groups][];
        boolean[][] outPresent = new boolean[groups][];
        boolean[] outDropName = new boolean[groups];

        // Steps are taken in blocks, series by series within a block, with one state cell per group
        // and step of the block: memory is read in order, and each cell still sees the series in
        // input order, so the sums come out exactly as step by step. Quantiles go one step at a time.
        int block = op == AggregateOp.QUANTILE ? 1 : Math.max(1, Math.min(steps, (1 << 16) / Math.max(1, groups)));
        int cells = groups * block;
        boolean[] seen = new boolean[cells];
        double[] value = new double[cells];
        double[] mean = new double[cells];
        double[] kahanC = new double[cells];
        double[] count = new double[cells];
        boolean[] incremental = new boolean[cells];
        boolean[] dropName = new boolean[cells];
        double[][] quantileValues = op == AggregateOp.QUANTILE ? new double[groups][] : null;
        int[] quantileCount = op == AggregateOp.QUANTILE ? new int[groups] : null;
        KahanSum k = new KahanSum();

        for (int b0 = 0; b0 < steps; b0 += block) {
            int b1 = Math.min(steps, b0 + block);
            ev.checkDeadline();
            Arrays.fill(seen, false);
            for (int si = 0; si < input.size(); si++) {
                StepSeries s = input.get(si);
                int g = groupOf[si];
                int base = g * block - b0;
                for (int i = b0; i < b1; i++) {
                    if (!s.present[i]) {
                        continue;
                    }
                    double f = s.values[i];
                    int x = base + i;
                    if (!seen[x]) {
                        seen[x] = true;
                        value[x] = f;
                        mean[x] = f;
                        kahanC[x] = 0;
                        count[x] = 1;
                        incremental[x] = false;
                        dropName[x] = s.dropName;
                        switch (op) {
                            case STDDEV, STDVAR -> value[x] = Double.isNaN(f) || Double.isInfinite(f) ? Double.NaN : 0;
                            case QUANTILE -> {
                                quantileCount[g] = 0;
                                addQuantileValue(quantileValues, quantileCount, g, f);
                            }
                            case GROUP -> value[x] = 1;
                            default -> {
                            }
                        }
                        continue;
                    }
                    if (s.dropName) {
                        dropName[x] = true;
                    }
                    switch (op) {
                        case SUM -> {
                            k.set(value[x], kahanC[x]);
                            k.add(f);
                            value[x] = k.sum;
                            kahanC[x] = k.c;
                        }
                        case AVG -> {
                            count[x]++;
                            if (!incremental[x]) {
                                k.set(value[x], kahanC[x]);
                                k.add(f);
                                if (!Double.isInfinite(k.sum)) {
                                    value[x] = k.sum;
                                    kahanC[x] = k.c;
                                    break;
                                }
                                // The sum would overflow: from here on the mean is computed incrementally.
                                incremental[x] = true;
                                mean[x] = value[x] / (count[x] - 1);
                                kahanC[x] /= count[x] - 1;
                            }
                            double q = (count[x] - 1) / count[x];
                            k.set(q * mean[x], q * kahanC[x]);
                            k.add(f / count[x]);
                            mean[x] = k.sum;
                            kahanC[x] = k.c;
                        }
                        case MAX -> {
                            if (value[x] < f || Double.isNaN(value[x])) {
                                value[x] = f;
                            }
                        }
                        case MIN -> {
                            if (value[x] > f || Double.isNaN(value[x])) {
                                value[x] = f;
                            }
                        }
                        case COUNT -> count[x]++;
                        case STDDEV, STDVAR -> {
                            count[x]++;
                            double delta = f - mean[x];
                            mean[x] += delta / count[x];
                            value[x] += delta * (f - mean[x]);
                        }
                        case QUANTILE -> addQuantileValue(quantileValues, quantileCount, g, f);
                        case GROUP -> {
                        }
                        default -> throw new IllegalStateException("not an aggregation: " + op);
                    }
                }
            }
            for (int g = 0; g < groups; g++) {
                for (int i = b0; i < b1; i++) {
                    int x = g * block + i - b0;
                    if (!seen[x]) {
                        continue;
                    }
                    double result = switch (op) {
                        case AVG -> incremental[x] ? mean[x] + kahanC[x] : value[x] / count[x] + kahanC[x] / count[x];
                        case COUNT -> count[x];
                        case STDVAR -> value[x] / count[x];
                        case STDDEV -> Math.sqrt(value[x] / count[x]);
                        case QUANTILE -> Quantiles.quantile(params.values()[i], quantileValues[g], quantileCount[g]);
                        case SUM -> value[x] + kahanC[x];
                        default -> value[x];
                    };
                    if (outValues[g] == null) {
                        outValues[g] = new double[steps];
                        outPresent[g] = new boolean[steps];
                    }
                    outValues[g][i] = result;
                    outPresent[g][i] = true;
                    outDropName[g] = dropName[x];
                }
            }
        }
        List<StepSeries> out = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            if (outValues[g] != null) {
                out.add(new StepSeries(groupLabels.get(g), outDropName[g], outValues[g], outPresent[g]));
            }
        }
        return new Steps.VectorSteps(out);
    }

    private static void addQuantileValue(double[][] values, int[] counts, int g, double f) {
        double[] a = values[g];
        if (a == null) {
            a = new double[8];
            values[g] = a;
        } else if (counts[g] == a.length) {
            a = Arrays.copyOf(a, a.length * 2);
            values[g] = a;
        }
        a[counts[g]++] = f;
    }

    private static Steps countValues(Evaluator evaluator, Evaluation ev, AggregateExpr e, List<String> grouping) {
        StringLiteral param = (StringLiteral) Evaluator.unwrap(e.param());
        String valueLabel = param.value();
        if (valueLabel.isEmpty() || !PromqlText.isValidUtf8(valueLabel)) {
            throw QueryException.execution("invalid label name " + PromqlText.quote(valueLabel));
        }
        List<String> keyLabels = new ArrayList<>(grouping);
        if (!e.without()) {
            keyLabels.add(valueLabel);
            keyLabels.sort(null);
        }
        List<StepSeries> input = evaluator.vectorSeries(e.expr());
        VectorBuilder out = new VectorBuilder(ev.stepCount);
        for (int i = 0; i < ev.stepCount; i++) {
            Map<Labels, int[]> counts = new LinkedHashMap<>();
            for (StepSeries s : input) {
                if (!s.present[i]) {
                    continue;
                }
                Labels withValue = s.labels.toBuilder().set(valueLabel, PromqlText.formatFloat(s.values[i])).build();
                Labels key = groupingLabels(withValue, keyLabels, e.without());
                counts.computeIfAbsent(key, x -> new int[1])[0]++;
            }
            for (Map.Entry<Labels, int[]> c : counts.entrySet()) {
                out.add(i, c.getKey(), false, c.getValue()[0]);
            }
        }
        return out.build();
    }
}
