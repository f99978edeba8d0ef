package io.pharos.query.promql.engine;

import io.pharos.model.labels.Labels;
import io.pharos.model.labels.Matcher;
import io.pharos.query.promql.ast.Call;
import io.pharos.query.promql.ast.Expr;
import io.pharos.query.promql.ast.MatrixSelector;
import io.pharos.query.promql.ast.VectorSelector;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ToDoubleFunction;

/**
 * Functions of instant vectors and scalars: element-wise math, clamping and rounding, time and
 * date functions, {@code timestamp}, {@code vector}, {@code scalar}, {@code absent} and the
 * sorting functions. Element-wise functions transform whole series at once.
 */
final class InstantFunctions {
    private static final Map<String, DoubleUnaryOperator> MATH = new HashMap<>();
    private static final Map<String, ToDoubleFunction<LocalDateTime>> DATES = new HashMap<>();
    /** Functions defined for native histograms only: on floats they return nothing. */
    private static final Set<String> HISTOGRAM_ONLY = Set.of("histogram_avg", "histogram_count", "histogram_sum",
            "histogram_stddev", "histogram_stdvar");

    static {
        MATH.put("abs", Math::abs);
        MATH.put("ceil", Math::ceil);
        MATH.put("floor", Math::floor);
        MATH.put("exp", Math::exp);
        MATH.put("sqrt", Math::sqrt);
        MATH.put("ln", Math::log);
        MATH.put("log2", GoMath::log2);
        MATH.put("log10", Math::log10);
        MATH.put("sin", Math::sin);
        MATH.put("cos", Math::cos);
        MATH.put("tan", Math::tan);
        MATH.put("asin", Math::asin);
        MATH.put("acos", Math::acos);
        MATH.put("atan", Math::atan);
        MATH.put("sinh", Math::sinh);
        MATH.put("cosh", Math::cosh);
        MATH.put("tanh", Math::tanh);
        MATH.put("asinh", GoMath::asinh);
        MATH.put("acosh", GoMath::acosh);
        MATH.put("atanh", GoMath::atanh);
        MATH.put("rad", v -> v * Math.PI / 180);
        MATH.put("deg", v -> v * 180 / Math.PI);
        MATH.put("sgn", v -> v < 0 ? -1 : v > 0 ? 1 : v);

        DATES.put("day_of_month", t -> t.getDayOfMonth());
        DATES.put("day_of_week", t -> t.getDayOfWeek().getValue() % 7);
        DATES.put("day_of_year", t -> t.getDayOfYear());
        DATES.put("days_in_month", t -> t.toLocalDate().lengthOfMonth());
        DATES.put("hour", t -> t.getHour());
        DATES.put("minute", t -> t.getMinute());
        DATES.put("month", t -> t.getMonthValue());
        DATES.put("year", t -> t.getYear());
    }

    private InstantFunctions() {
    }

    static Steps evaluate(Evaluator evaluator, Evaluation ev, Call call) {
        String name = call.func().name();
        List<Expr> args = call.args();
        DoubleUnaryOperator math = MATH.get(name);
        if (math != null) {
            return map(evaluator.vectorSeries(args.get(0)), ev.stepCount, (v, i) -> math.applyAsDouble(v));
        }
        ToDoubleFunction<LocalDateTime> date = DATES.get(name);
        if (date != null) {
            return date(evaluator, ev, args, date);
        }
        if (HISTOGRAM_ONLY.contains(name)) {
            evaluator.vectorSeries(args.get(0));
            return new Steps.VectorSteps(List.of());
        }
        switch (name) {
            case "time":
                return perStep(ev, i -> ev.time(i) / 1000.0);
            case "pi":
                return evaluator.scalar(Math.PI);
            case "start":
                return evaluator.scalar(ev.query.start / 1000.0);
            case "end":
                return evaluator.scalar(ev.query.end / 1000.0);
            case "range":
                return evaluator.scalar(ev.query.rangeSeconds());
            case "step":
                return evaluator.scalar(ev.query.stepSeconds());
            case "max_of", "min_of": {
                double[] a = evaluator.scalarValues(args.get(0));
                double[] b = evaluator.scalarValues(args.get(1));
                boolean max = name.equals("max_of");
                return perStep(ev, i -> max ? Math.max(a[i], b[i]) : Math.min(a[i], b[i]));
            }
            case "vector":
                return vector(evaluator.scalarValues(args.get(0)));
            case "scalar":
                return scalar(evaluator.vectorSeries(args.get(0)), ev.stepCount);
            case "clamp": {
                List<StepSeries> v = evaluator.vectorSeries(args.get(0));
                double[] min = evaluator.scalarValues(args.get(1));
                double[] max = evaluator.scalarValues(args.get(2));
                return clamp(v, ev.stepCount, min, max);
            }
            case "clamp_min": {
                List<StepSeries> v = evaluator.vectorSeries(args.get(0));
                double[] min = evaluator.scalarValues(args.get(1));
                double[] max = new double[ev.stepCount];
                Arrays.fill(max, Double.POSITIVE_INFINITY);
                return clamp(v, ev.stepCount, min, max);
            }
            case "clamp_max": {
                List<StepSeries> v = evaluator.vectorSeries(args.get(0));
                double[] max = evaluator.scalarValues(args.get(1));
                double[] min = new double[ev.stepCount];
                Arrays.fill(min, Double.NEGATIVE_INFINITY);
                return clamp(v, ev.stepCount, min, max);
            }
            case "round": {
                List<StepSeries> v = evaluator.vectorSeries(args.get(0));
                double[] to = args.size() > 1 ? evaluator.scalarValues(args.get(1)) : null;
                return map(v, ev.stepCount, (f, i) -> {
                    double toNearestInverse = 1.0 / (to == null ? 1 : to[i]);
                    return Math.floor(f * toNearestInverse + 0.5) / toNearestInverse;
                });
            }
            case "timestamp":
                return timestamp(evaluator, ev, args.get(0));
            case "absent":
                return absent(evaluator, ev, args.get(0));
            case "sort", "sort_desc", "sort_by_label", "sort_by_label_desc":
                return sort(evaluator, ev, call);
            case "start_timestamp":
                throw QueryException.execution("start_timestamp() is not supported: Pharos does not store start timestamps");
            default:
                throw QueryException.execution("function \"" + name + "\" is not supported");
        }
    }

    interface StepFunction {
        double apply(double value, int step);
    }

    interface StepValue {
        double at(int step);
    }

    /** Applies f to every sample; the result drops the metric name. */
    static Steps.VectorSteps map(List<StepSeries> in, int steps, StepFunction f) {
        List<StepSeries> out = new ArrayList<>(in.size());
        for (StepSeries s : in) {
            double[] v = new double[steps];
            for (int i = 0; i < steps; i++) {
                if (s.present[i]) {
                    v[i] = f.apply(s.values[i], i);
                }
            }
            out.add(new StepSeries(s.labels, true, v, s.present));
        }
        return new Steps.VectorSteps(out);
    }

    private static Steps.ScalarSteps perStep(Evaluation ev, StepValue f) {
        double[] v = new double[ev.stepCount];
        for (int i = 0; i < v.length; i++) {
            v[i] = f.at(i);
        }
        return new Steps.ScalarSteps(v);
    }

    private static Steps vector(double[] values) {
        boolean[] present = new boolean[values.length];
        Arrays.fill(present, true);
        return new Steps.VectorSteps(List.of(new StepSeries(Labels.EMPTY, false, values.clone(), present)));
    }

    private static Steps scalar(List<StepSeries> in, int steps) {
        double[] out = new double[steps];
        for (int i = 0; i < steps; i++) {
            int found = 0;
            double value = Double.NaN;
            for (StepSeries s : in) {
                if (s.present[i]) {
                    found++;
                    value = s.values[i];
                }
            }
            out[i] = found == 1 ? value : Double.NaN;
        }
        return new Steps.ScalarSteps(out);
    }

    private static Steps clamp(List<StepSeries> in, int steps, double[] min, double[] max) {
        List<StepSeries> out = new ArrayList<>(in.size());
        for (StepSeries s : in) {
            double[] v = new double[steps];
            boolean[] present = new boolean[steps];
            boolean any = false;
            for (int i = 0; i < steps; i++) {
                if (s.present[i] && !(max[i] < min[i])) {
                    v[i] = Math.max(min[i], Math.min(max[i], s.values[i]));
                    present[i] = true;
                    any = true;
                }
            }
            if (any) {
                out.add(new StepSeries(s.labels, true, v, present));
            }
        }
        return new Steps.VectorSteps(out);
    }

    private static Steps date(Evaluator evaluator, Evaluation ev, List<Expr> args, ToDoubleFunction<LocalDateTime> f) {
        if (args.isEmpty()) {
            double[] out = new double[ev.stepCount];
            for (int i = 0; i < out.length; i++) {
                out[i] = f.applyAsDouble(utc(ev.time(i) / 1000));
            }
            return vector(out);
        }
        return map(evaluator.vectorSeries(args.get(0)), ev.stepCount, (v, i) -> {
            try {
                return f.applyAsDouble(utc(GoMath.toInt64(v)));
            } catch (DateTimeException e) {
                return Double.NaN; // beyond the years java.time handles (only NaN and infinities get there)
            }
        });
    }

    private static LocalDateTime utc(long epochSeconds) {
        return LocalDateTime.ofEpochSecond(epochSeconds, 0, ZoneOffset.UTC);
    }

    /** timestamp(): of the selected samples for a selector, else of the evaluation step. */
    private static Steps timestamp(Evaluator evaluator, Evaluation ev, Expr arg) {
        Expr inner = Evaluator.unwrap(arg);
        if (inner instanceof VectorSelector vs) {
            return SelectorEvaluator.vector(ev, vs, true);
        }
        return map(evaluator.vectorSeries(arg), ev.stepCount, (v, i) -> ev.time(i) / 1000.0);
    }

    /** The labels absent() gives its result: the equality matchers of the selector, except the name. */
    static Labels absentLabels(List<Matcher> matchers) {
        Labels.Builder b = Labels.builder();
        Set<String> has = new HashSet<>();
        for (Matcher m : matchers) {
            if (m.name().equals(Labels.METRIC_NAME)) {
                continue;
            }
            if (m.type() == Matcher.Type.EQ && !has.contains(m.name())) {
                b.set(m.name(), m.value());
                has.add(m.name());
            } else {
                b.remove(m.name());
            }
        }
        return b.build();
    }

    private static Steps absent(Evaluator evaluator, Evaluation ev, Expr arg) {
        List<StepSeries> in = evaluator.vectorSeries(arg);
        Expr inner = Evaluator.unwrap(arg);
        Labels labels = Labels.EMPTY;
        if (inner instanceof VectorSelector vs) {
            labels = absentLabels(vs.matchers());
        } else if (inner instanceof MatrixSelector ms) {
            labels = absentLabels(ms.selector().matchers());
        }
        int steps = ev.stepCount;
        double[] v = new double[steps];
        boolean[] present = new boolean[steps];
        boolean any = false;
        for (int i = 0; i < steps; i++) {
            boolean found = false;
            for (StepSeries s : in) {
                if (s.present[i]) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                v[i] = 1;
                present[i] = true;
                any = true;
            }
        }
        return new Steps.VectorSteps(any ? List.of(new StepSeries(labels, false, v, present)) : List.of());
    }

    /**
     * sort, sort_desc, sort_by_label and sort_by_label_desc. Only an instant query has an order;
     * a range query's result is ordered by labels, so there they only warn.
     */
    private static Steps sort(Evaluator evaluator, Evaluation ev, Call call) {
        String name = call.func().name();
        if (!ev.isInstant()) {
            ev.warn("sort is ineffective for range queries since results are always ordered by labels", call.position());
        }
        List<StepSeries> in = evaluator.vectorSeries(call.args().get(0));
        if (!ev.isInstant() || ev.stepCount == 0) {
            return new Steps.VectorSteps(in);
        }
        List<StepSeries> present = new ArrayList<>();
        for (StepSeries s : in) {
            if (s.present[0]) {
                present.add(s);
            }
        }
        Comparator<StepSeries> order;
        switch (name) {
            case "sort" -> order = (a, b) -> byValue(a.values[0], b.values[0]);
            case "sort_desc" -> order = (a, b) -> byValue(b.values[0], a.values[0]);
            default -> {
                List<String> labelNames = new ArrayList<>();
                for (int i = 1; i < call.args().size(); i++) {
                    labelNames.add(((Steps.StringSteps) evaluator.eval(call.args().get(i))).value());
                }
                Comparator<StepSeries> byLabels = (a, b) -> compareByLabels(a.labels, b.labels, labelNames);
                order = name.equals("sort_by_label") ? byLabels : byLabels.reversed();
            }
        }
        present.sort(order);
        return new Steps.VectorSteps(present);
    }

    /** Ascending with NaN last, as Prometheus sorts. */
    private static int byValue(double a, double b) {
        boolean an = Double.isNaN(a);
        boolean bn = Double.isNaN(b);
        if (an || bn) {
            return an == bn ? 0 : an ? 1 : -1;
        }
        return Double.compare(a, b) == 0 || a == b ? 0 : a < b ? -1 : 1;
    }

    private static int compareByLabels(Labels a, Labels b, List<String> names) {
        for (String n : names) {
            String v1 = a.get(n);
            String v2 = b.get(n);
            if (v1.equals(v2)) {
                continue;
            }
            return naturalLess(v1, v2) ? -1 : 1;
        }
        return a.compareTo(b);
    }

    /** Natural order of two strings: runs of digits compare as numbers, the rest byte by byte. */
    static boolean naturalLess(String sa, String sb) {
        byte[] a = sa.getBytes(StandardCharsets.UTF_8);
        byte[] b = sb.getBytes(StandardCharsets.UTF_8);
        int pa = 0;
        int pb = 0;
        while (true) {
            if (a.length <= pa) {
                return b.length > pb;
            }
            if (b.length <= pb) {
                return false;
            }
            int av = a[pa] & 0xff;
            int bv = b[pb] & 0xff;
            if (isDigit(av) && isDigit(bv)) {
                int la = 1;
                int lb = 1;
                while (pa + la < a.length) {
                    int x = a[pa + la] & 0xff;
                    if (av == '0') {
                        pa++;
                        av = x;
                        continue;
                    }
                    if (isDigit(x)) {
                        la++;
                    } else {
                        break;
                    }
                }
                while (pb + lb < b.length) {
                    int x = b[pb + lb] & 0xff;
                    if (bv == '0') {
                        pb++;
                        bv = x;
                        continue;
                    }
                    if (isDigit(x)) {
                        lb++;
                    } else {
                        break;
                    }
                }
                if (lb > la) {
                    return true;
                }
                if (la > lb) {
                    return false;
                }
                int c = Arrays.compare(a, pa, pa + la, b, pb, pb + lb);
                if (c != 0) {
                    return c < 0;
                }
                pa += la;
                pb += lb;
                continue;
            }
            if (av == bv) {
                pa++;
                pb++;
                continue;
            }
            return av < bv;
        }
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }
}
