package io.pharos.query.promql.engine;

import io.pharos.model.labels.Labels;
import io.pharos.query.promql.ast.Call;
import io.pharos.query.promql.ast.Expr;
import io.pharos.query.promql.ast.PositionRange;
import io.pharos.query.promql.ast.PromqlText;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code histogram_quantile}, {@code histogram_quantiles} and {@code histogram_fraction} over
 * classic histograms: the {@code _bucket} series of one histogram (same labels but {@code le})
 * form its buckets. As in Prometheus the buckets are sorted, equal bounds merged, counts that go
 * down are raised to stay monotonic (with an info), and tiny relative differences ignored.
 */
final class HistogramQuantile {
    private static final double SMALL_DELTA_TOLERANCE = 1e-12;
    private static final String MONOTONICITY = "input to histogram_quantile needed to be fixed for monotonicity "
            + "(see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile)";

    private HistogramQuantile() {
    }

    static Steps evaluate(Evaluator evaluator, Evaluation ev, Call call) {
        String name = call.func().name();
        List<Expr> args = call.args();
        int steps = ev.stepCount;
        switch (name) {
            case "histogram_quantile" -> {
                double[] q = evaluator.scalarValues(args.get(0));
                List<StepSeries> in = evaluator.vectorSeries(args.get(1));
                Groups groups = Groups.of(ev, in, args.get(1));
                Monotonicity mono = new Monotonicity();
                VectorBuilder out = new VectorBuilder(steps);
                for (int i = 0; i < steps; i++) {
                    validate(ev, q[i], args.get(0));
                    for (Group g : groups.list) {
                        Buckets b = g.at(i);
                        if (b != null) {
                            out.add(i, g.labels, true, b.quantile(q[i], mono, g.labels, ev.time(i)));
                        }
                    }
                }
                mono.report(ev, args.get(1).position());
                return out.build();
            }
            case "histogram_quantiles" -> {
                List<StepSeries> in = evaluator.vectorSeries(args.get(0));
                String label = ((Steps.StringSteps) evaluator.eval(args.get(1))).value();
                double[][] qs = new double[args.size() - 2][];
                for (int j = 2; j < args.size(); j++) {
                    qs[j - 2] = evaluator.scalarValues(args.get(j));
                }
                Groups groups = Groups.of(ev, in, args.get(0));
                Monotonicity mono = new Monotonicity();
                VectorBuilder out = new VectorBuilder(steps);
                for (int i = 0; i < steps; i++) {
                    for (int j = 0; j < qs.length; j++) {
                        validate(ev, qs[j][i], args.get(j + 2));
                    }
                    for (double[] qv : qs) {
                        double q = qv[i];
                        for (Group g : groups.list) {
                            Buckets b = g.at(i);
                            if (b != null) {
                                double v = b.quantile(q, mono, g.labels, ev.time(i));
                                out.add(i, g.labels.toBuilder().set(label, openMetricsFloat(q)).build(), true, v);
                            }
                        }
                    }
                }
                mono.report(ev, args.get(0).position());
                return out.build();
            }
            default -> {
                double[] lower = evaluator.scalarValues(args.get(0));
                double[] upper = evaluator.scalarValues(args.get(1));
                List<StepSeries> in = evaluator.vectorSeries(args.get(2));
                Groups groups = Groups.of(ev, in, args.get(2));
                VectorBuilder out = new VectorBuilder(steps);
                for (int i = 0; i < steps; i++) {
                    for (Group g : groups.list) {
                        Buckets b = g.at(i);
                        if (b != null) {
                            out.add(i, g.labels, true, b.fraction(lower[i], upper[i]));
                        }
                    }
                }
                return out.build();
            }
        }
    }

    private static void validate(Evaluation ev, double q, Expr arg) {
        if (Double.isNaN(q) || q < 0 || q > 1) {
            ev.warn("quantile value should be between 0 and 1, got " + Messages.g(q), arg.position());
        }
    }

    /** Prometheus's {@code FormatOpenMetricsFloat}: {@code 0.5}, {@code 1.0}, {@code 1e-05}, {@code +Inf}. */
    static String openMetricsFloat(double f) {
        if (f == 1) {
            return "1.0";
        }
        if (f == 0) {
            return "0.0";
        }
        if (f == -1) {
            return "-1.0";
        }
        String s = PromqlText.formatFloatG(f);
        if (Double.isNaN(f) || Double.isInfinite(f) || s.contains("e") || s.contains(".")) {
            return s;
        }
        return s + ".0";
    }

    /** The bucket series of each histogram: grouped once by their labels without {@code le}. */
    private static final class Groups {
        final List<Group> list = new ArrayList<>();

        static Groups of(Evaluation ev, List<StepSeries> in, Expr arg) {
            Groups groups = new Groups();
            Map<Labels, Group> byLabels = new LinkedHashMap<>();
            for (StepSeries s : in) {
                String le = s.labels.get("le");
                double bound;
                try {
                    bound = GoFloat.parse(le);
                } catch (NumberFormatException e) {
                    String metric = s.labels.metricName();
                    ev.warn("bucket label \"le\" is missing or has a malformed value of " + PromqlText.quote(le)
                            + (metric.isEmpty() ? "" : " for metric name " + PromqlText.quote(metric)), arg.position());
                    continue;
                }
                Labels key = s.labels.without("le");
                Group g = byLabels.get(key);
                if (g == null) {
                    g = new Group(key);
                    byLabels.put(key, g);
                    groups.list.add(g);
                }
                g.add(s, bound);
            }
            for (Group g : groups.list) {
                g.sortByBound();
            }
            return groups;
        }
    }

    private static final class Group {
        final Labels labels;
        private final List<StepSeries> added = new ArrayList<>();
        private final List<Double> addedBounds = new ArrayList<>();
        /** The bucket series ordered by upper bound, and their bounds. */
        private StepSeries[] series;
        private double[] bounds;
        private Buckets buckets;

        Group(Labels labels) {
            this.labels = labels;
        }

        void add(StepSeries s, double bound) {
            added.add(s);
            addedBounds.add(bound);
        }

        /** Orders the bucket series by upper bound once, so each step only merges equal bounds. */
        void sortByBound() {
            Integer[] order = new Integer[added.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Double.compare(addedBounds.get(a), addedBounds.get(b)));
            series = new StepSeries[order.length];
            bounds = new double[order.length];
            for (int i = 0; i < order.length; i++) {
                series[i] = added.get(order[i]);
                bounds[i] = addedBounds.get(order[i]);
            }
            buckets = new Buckets(order.length);
        }

        /** The buckets present at a step, or null when there are none. */
        Buckets at(int step) {
            buckets.n = 0;
            for (int j = 0; j < series.length; j++) {
                if (series[j].present[step]) {
                    buckets.add(bounds[j], series[j].values[step]);
                }
            }
            return buckets.n == 0 ? null : buckets;
        }
    }

    /** Per metric name, the forced-monotonicity fixes over all steps, reported as one info. */
    private static final class Monotonicity {
        private final Map<String, double[]> byMetric = new LinkedHashMap<>();

        void record(String metric, long t, double minBucket, double maxBucket, double maxDiff) {
            double[] a = byMetric.get(metric);
            if (a == null) {
                byMetric.put(metric, new double[] {t, t, minBucket, maxBucket, maxDiff, 1});
                return;
            }
            a[0] = Math.min(a[0], t);
            a[1] = Math.max(a[1], t);
            a[2] = Math.min(a[2], minBucket);
            a[3] = Math.max(a[3], maxBucket);
            a[4] = Math.max(a[4], maxDiff);
            a[5]++;
        }

        void report(Evaluation ev, PositionRange position) {
            for (Map.Entry<String, double[]> e : byMetric.entrySet()) {
                double[] a = e.getValue();
                String metric = e.getKey();
                ev.info(MONOTONICITY + (metric.isEmpty() ? "" : " for metric name " + PromqlText.quote(metric))
                        + ", from buckets " + Messages.g(a[2]) + " to " + Messages.g(a[3]) + ", with a max diff of "
                        + GoFloat.formatG(a[4], 2) + ", over " + (long) a[5] + " samples from " + rfc3339((long) a[0])
                        + " to " + rfc3339((long) a[1]), position);
            }
        }

        private static String rfc3339(long millis) {
            return DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(millis / 1000));
        }
    }

    /** The buckets of one histogram at one step. */
    private static final class Buckets {
        double[] upper;
        double[] count;
        int n;

        Buckets(int capacity) {
            upper = new double[capacity];
            count = new double[capacity];
        }

        void add(double bound, double c) {
            upper[n] = bound;
            count[n] = c;
            n++;
        }

        /** Merges buckets with the same bound (they arrive sorted by bound); false without a +Inf bucket. */
        private boolean normalize() {
            if (!(upper[n - 1] == Double.POSITIVE_INFINITY)) {
                return false;
            }
            int j = 0;
            for (int i = 1; i < n; i++) {
                if (upper[i] == upper[j]) {
                    count[j] += count[i];
                } else {
                    j++;
                    upper[j] = upper[i];
                    count[j] = count[i];
                }
            }
            n = j + 1;
            return true;
        }

        double quantile(double q, Monotonicity mono, Labels metric, long t) {
            if (Double.isNaN(q)) {
                return Double.NaN;
            }
            if (q < 0) {
                return Double.NEGATIVE_INFINITY;
            }
            if (q > 1) {
                return Double.POSITIVE_INFINITY;
            }
            if (!normalize()) {
                return Double.NaN;
            }
            // Raise counts that go down, and ignore tiny relative differences.
            double minBucket = Double.POSITIVE_INFINITY;
            double maxBucket = Double.NEGATIVE_INFINITY;
            double maxDiff = 0;
            boolean forced = false;
            double prev = count[0];
            for (int i = 1; i < n; i++) {
                double curr = count[i];
                if (curr == prev) {
                    continue;
                }
                if (GoFloat.almostEqual(prev, curr, SMALL_DELTA_TOLERANCE)) {
                    count[i] = prev;
                    continue;
                }
                if (curr < prev) {
                    count[i] = prev;
                    forced = true;
                    minBucket = Math.min(minBucket, upper[i]);
                    maxBucket = Math.max(maxBucket, upper[i]);
                    maxDiff = Math.max(maxDiff, prev - curr);
                    continue;
                }
                prev = curr;
            }
            if (forced) {
                mono.record(metric.metricName(), t, minBucket, maxBucket, maxDiff);
            }
            if (n < 2) {
                return Double.NaN;
            }
            double observations = count[n - 1];
            if (observations == 0) {
                return Double.NaN;
            }
            double rank = q * observations;
            int b = 0;
            while (b < n - 1 && !(count[b] >= rank)) {
                b++;
            }
            if (b == n - 1) {
                return upper[n - 2];
            }
            if (b == 0 && upper[0] <= 0) {
                return upper[0];
            }
            double bucketStart = 0;
            double bucketEnd = upper[b];
            double c = count[b];
            if (b > 0) {
                bucketStart = upper[b - 1];
                c -= count[b - 1];
                rank -= count[b - 1];
            }
            return bucketStart + (bucketEnd - bucketStart) * (rank / c);
        }

        double fraction(double lower, double upperLimit) {
            if (!normalize()) {
                return Double.NaN;
            }
            double total = count[n - 1];
            if (total == 0 || Double.isNaN(lower) || Double.isNaN(upperLimit)) {
                return Double.NaN;
            }
            if (lower >= upperLimit) {
                return 0;
            }
            double rank = 0;
            double lowerRank = 0;
            double upperRank = 0;
            boolean lowerSet = false;
            boolean upperSet = false;
            double lowerBound = upper[0] <= 0 ? Double.NEGATIVE_INFINITY : 0.0;
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    lowerBound = upper[i - 1];
                }
                double upperBound = upper[i];
                double bucketCount = count[i];
                if (!lowerSet && lowerBound >= lower) {
                    lowerRank = rank;
                    lowerSet = true;
                }
                if (!upperSet && lowerBound >= upperLimit) {
                    upperRank = rank;
                    upperSet = true;
                }
                if (lowerSet && upperSet) {
                    break;
                }
                if (!lowerSet && lowerBound < lower && upperBound > lower) {
                    lowerRank = interpolate(rank, bucketCount, lowerBound, upperBound, lower);
                    lowerSet = true;
                }
                if (!upperSet && lowerBound < upperLimit && upperBound > upperLimit) {
                    upperRank = interpolate(rank, bucketCount, lowerBound, upperBound, upperLimit);
                    upperSet = true;
                }
                if (lowerSet && upperSet) {
                    break;
                }
                rank = bucketCount;
            }
            if (!lowerSet || lowerRank > total) {
                lowerRank = total;
            }
            if (!upperSet || upperRank > total) {
                upperRank = total;
            }
            return (upperRank - lowerRank) / total;
        }

        private static double interpolate(double rank, double bucketCount, double lowerBound, double upperBound, double v) {
            if (lowerBound == Double.NEGATIVE_INFINITY) {
                return bucketCount;
            }
            return rank + (bucketCount - rank) * (v - lowerBound) / (upperBound - lowerBound);
        }
    }
}
