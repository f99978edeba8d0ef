package io.pharos.query.promql.engine;

import io.pharos.model.labels.Labels;
import io.pharos.query.promql.ast.AggregateExpr;
import io.pharos.query.promql.ast.AggregateOp;
import java.util.Arrays;
import java.util.List;

/**
 * topk, bottomk, limitk and limit_ratio: a subset of each group's series at each step, with the
 * series' own labels. Heaps move as Go's {@code container/heap} moves, so that ties resolve as in
 * Prometheus; limit_ratio keeps a series when its label hash falls in the ratio.
 */
final class TopKAggregation {
    private static final double MAX_INT64 = 9.223372036854775807e18;
    private static final double MIN_INT64 = -9.223372036854775808e18;

    private TopKAggregation() {
    }

    /** The selected series of every group at every step; {@code groupOf} maps each input series to its group. */
    static Steps evaluate(Evaluation ev, AggregateExpr e, AggregationEvaluator.Params params, List<StepSeries> input,
            int[] groupOf, int groups) {
        AggregateOp op = e.op();
        VectorBuilder out = new VectorBuilder(ev.stepCount);
        if (params == null) {
            return out.build();
        }
        if (op == AggregateOp.LIMIT_RATIO) {
            if (params.max() == 0 && params.min() == 0) {
                return out.build();
            }
            if (params.hasNaN()) {
                throw QueryException.execution("Ratio value is NaN");
            }
            if (params.max() > 1.0) {
                ev.warn("ratio value should be between -1 and 1, got " + Messages.g(params.max()) + ", capping to 1",
                        e.param().position());
            }
            if (params.min() < -1.0) {
                ev.warn("ratio value should be between -1 and 1, got " + Messages.g(params.min()) + ", capping to -1",
                        e.param().position());
            }
        } else {
            if (params.max() < 1) {
                return out.build();
            }
            if (params.hasNaN()) {
                throw QueryException.execution("Parameter value is NaN");
            }
            if (params.min() <= MIN_INT64) {
                throw QueryException.execution("Scalar value " + Messages.g(params.min()) + " underflows int64");
            }
            if (params.max() >= MAX_INT64) {
                throw QueryException.execution("Scalar value " + Messages.g(params.max()) + " overflows int64");
            }
        }
        double[] ratioOffsets = null;
        if (op == AggregateOp.LIMIT_RATIO) {
            ratioOffsets = new double[input.size()];
            for (int si = 0; si < input.size(); si++) {
                ratioOffsets[si] = sampleOffset(input.get(si).labels);
            }
        }
        SampleHeap[] heaps = new SampleHeap[groups];
        boolean[] seen = new boolean[groups];
        for (int i = 0; i < ev.stepCount; i++) {
            ev.checkDeadline();
            double param = params.values()[i];
            long k = 0;
            double r = 0;
            if (op == AggregateOp.LIMIT_RATIO) {
                if (param == 0) {
                    continue;
                }
                r = param < -1.0 ? -1.0 : Math.min(param, 1.0);
            } else {
                k = Math.min((long) param, (long) input.size());
                if (k < 1) {
                    continue;
                }
            }
            Arrays.fill(seen, false);
            for (int si = 0; si < input.size(); si++) {
                StepSeries s = input.get(si);
                if (!s.present[i]) {
                    continue;
                }
                double f = s.values[i];
                int g = groupOf[si];
                if (heaps[g] == null) {
                    heaps[g] = new SampleHeap();
                }
                SampleHeap h = heaps[g];
                if (!seen[g]) {
                    seen[g] = true;
                    h.clear(op == AggregateOp.BOTTOMK);
                    if (op == AggregateOp.LIMIT_RATIO) {
                        if (addRatioSample(r, ratioOffsets[si])) {
                            h.push(si, f);
                        }
                    } else {
                        h.push(si, f);
                    }
                    continue;
                }
                switch (op) {
                    case TOPK -> {
                        if (h.size < k) {
                            h.push(si, f);
                        } else if (h.values[0] < f || (Double.isNaN(h.values[0]) && !Double.isNaN(f))) {
                            h.replaceTop(si, f, k > 1);
                        }
                    }
                    case BOTTOMK -> {
                        if (h.size < k) {
                            h.push(si, f);
                        } else if (h.values[0] > f || (Double.isNaN(h.values[0]) && !Double.isNaN(f))) {
                            h.replaceTop(si, f, k > 1);
                        }
                    }
                    case LIMITK -> {
                        if (h.size < k) {
                            h.push(si, f);
                        }
                    }
                    case LIMIT_RATIO -> {
                        if (addRatioSample(r, ratioOffsets[si])) {
                            h.push(si, f);
                        }
                    }
                    default -> throw new IllegalStateException();
                }
            }
            for (int g = 0; g < groups; g++) {
                if (!seen[g]) {
                    continue;
                }
                SampleHeap h = heaps[g];
                if (op == AggregateOp.TOPK || op == AggregateOp.BOTTOMK) {
                    h.sortForOutput();
                }
                for (int j = 0; j < h.size; j++) {
                    StepSeries s = input.get(h.series[j]);
                    out.add(i, s.labels, s.dropName, h.values[j]);
                }
            }
        }
        return out.build();
    }

    /** Where a series falls in [0, 1] for limit_ratio: its label hash over the largest hash. */
    static double sampleOffset(Labels labels) {
        return unsignedToDouble(labels.hash()) / 1.8446744073709552e19;
    }

    private static double unsignedToDouble(long v) {
        if (v >= 0) {
            return v;
        }
        return ((double) ((v >>> 1) | (v & 1))) * 2.0;
    }

    private static boolean addRatioSample(double ratio, double offset) {
        return (ratio >= 0 && offset < ratio) || (ratio < 0 && offset >= 1.0 + ratio);
    }

    /**
     * The heap Prometheus keeps per group for topk (smallest on top), bottomk (largest on top),
     * limitk and limit_ratio, with Go's {@code container/heap} moves so that ties resolve as there.
     */
    private static final class SampleHeap {
        int[] series = new int[4];
        double[] values = new double[4];
        int size;
        private boolean reverse;

        void clear(boolean reverseOrder) {
            size = 0;
            reverse = reverseOrder;
        }

        private boolean less(int i, int j) {
            double vi = values[i];
            double vj = values[j];
            if (Double.isNaN(vi)) {
                return true;
            }
            return reverse ? vi > vj : vi < vj;
        }

        private void swap(int i, int j) {
            int s = series[i];
            series[i] = series[j];
            series[j] = s;
            double v = values[i];
            values[i] = values[j];
            values[j] = v;
        }

        void push(int s, double v) {
            if (size == series.length) {
                series = Arrays.copyOf(series, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            series[size] = s;
            values[size] = v;
            size++;
            up(size - 1);
        }

        void replaceTop(int s, double v, boolean fix) {
            series[0] = s;
            values[0] = v;
            if (fix && !down(0, size)) {
                up(0);
            }
        }

        private void up(int j) {
            while (true) {
                int i = (j - 1) / 2;
                if (i == j || !less(j, i)) {
                    break;
                }
                swap(i, j);
                j = i;
            }
        }

        private boolean down(int i0, int n) {
            int i = i0;
            while (true) {
                int j1 = 2 * i + 1;
                if (j1 >= n || j1 < 0) {
                    break;
                }
                int j = j1;
                int j2 = j1 + 1;
                if (j2 < n && less(j2, j1)) {
                    j = j2;
                }
                if (!less(j, i)) {
                    break;
                }
                swap(i, j);
                i = j;
            }
            return i > i0;
        }

        /** The heap reversed into output order (descending for topk, ascending for bottomk), stably. */
        void sortForOutput() {
            if (size < 2) {
                return;
            }
            // Insertion sort with the reversed heap order, as Go sorts short slices.
            for (int i = 1; i < size; i++) {
                for (int j = i; j > 0 && less(j - 1, j); j--) {
                    swap(j, j - 1);
                }
            }
        }
    }
}
