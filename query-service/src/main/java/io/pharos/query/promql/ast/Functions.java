package io.pharos.query.promql.ast;

import static io.pharos.query.promql.ast.ValueType.MATRIX;
import static io.pharos.query.promql.ast.ValueType.SCALAR;
import static io.pharos.query.promql.ast.ValueType.STRING;
import static io.pharos.query.promql.ast.ValueType.VECTOR;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The PromQL functions Pharos knows: those of Prometheus 3.x (including the experimental ones),
 * plus {@code holt_winters}, which Prometheus 2.x has and 3.0 renamed to
 * {@code double_exponential_smoothing}.
 */
public final class Functions {

    private static final Map<String, Function> BY_NAME = build();

    /** Functions that accept an {@code anchored} range selector argument. */
    public static final Set<String> ANCHORED_SAFE = Set.of("changes", "delta", "increase", "rate", "resets");

    /** Functions that accept a {@code smoothed} range selector argument. */
    public static final Set<String> SMOOTHED_SAFE = Set.of("delta", "increase", "rate");

    private Functions() {
    }

    public static Optional<Function> get(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    public static Collection<Function> all() {
        return BY_NAME.values();
    }

    private static Map<String, Function> build() {
        Map<String, Function> m = new LinkedHashMap<>();
        // Element-wise math on an instant vector.
        for (String name : List.of("abs", "ceil", "exp", "floor", "ln", "log10", "log2", "sgn", "sqrt",
                "acos", "acosh", "asin", "asinh", "atan", "atanh", "cos", "cosh", "sin", "sinh", "tan", "tanh",
                "deg", "rad", "absent", "sort", "sort_desc", "timestamp",
                "histogram_avg", "histogram_count", "histogram_sum", "histogram_stddev", "histogram_stdvar")) {
            add(m, name, List.of(VECTOR), 0, VECTOR, false);
        }
        // Functions over a range vector.
        for (String name : List.of("absent_over_time", "avg_over_time", "changes", "count_over_time", "delta",
                "deriv", "first_over_time", "idelta", "increase", "irate", "last_over_time", "max_over_time",
                "min_over_time", "present_over_time", "rate", "resets", "stddev_over_time", "stdvar_over_time",
                "sum_over_time")) {
            add(m, name, List.of(MATRIX), 0, VECTOR, false);
        }
        for (String name : List.of("mad_over_time", "ts_of_first_over_time", "ts_of_last_over_time",
                "ts_of_max_over_time", "ts_of_min_over_time")) {
            add(m, name, List.of(MATRIX), 0, VECTOR, true);
        }
        // Time functions: an optional instant vector, the evaluation time by default.
        for (String name : List.of("day_of_month", "day_of_week", "day_of_year", "days_in_month", "hour",
                "minute", "month", "year")) {
            add(m, name, List.of(VECTOR), 1, VECTOR, false);
        }
        add(m, "clamp", List.of(VECTOR, SCALAR, SCALAR), 0, VECTOR, false);
        add(m, "clamp_max", List.of(VECTOR, SCALAR), 0, VECTOR, false);
        add(m, "clamp_min", List.of(VECTOR, SCALAR), 0, VECTOR, false);
        add(m, "round", List.of(VECTOR, SCALAR), 1, VECTOR, false);
        add(m, "scalar", List.of(VECTOR), 0, SCALAR, false);
        add(m, "vector", List.of(SCALAR), 0, VECTOR, false);
        add(m, "time", List.of(), 0, SCALAR, false);
        add(m, "pi", List.of(), 0, SCALAR, false);
        add(m, "predict_linear", List.of(MATRIX, SCALAR), 0, VECTOR, false);
        add(m, "quantile_over_time", List.of(SCALAR, MATRIX), 0, VECTOR, false);
        add(m, "histogram_quantile", List.of(SCALAR, VECTOR), 0, VECTOR, false);
        add(m, "histogram_fraction", List.of(SCALAR, SCALAR, VECTOR), 0, VECTOR, false);
        add(m, "label_replace", List.of(VECTOR, STRING, STRING, STRING, STRING), 0, VECTOR, false);
        add(m, "label_join", List.of(VECTOR, STRING, STRING, STRING), -1, VECTOR, false);
        add(m, "holt_winters", List.of(MATRIX, SCALAR, SCALAR), 0, VECTOR, false);
        // Experimental in Prometheus 3.x.
        add(m, "double_exponential_smoothing", List.of(MATRIX, SCALAR, SCALAR), 0, VECTOR, true);
        add(m, "histogram_quantiles", List.of(VECTOR, STRING, SCALAR, SCALAR), 9, VECTOR, true);
        add(m, "info", List.of(VECTOR, VECTOR), 1, VECTOR, true);
        add(m, "sort_by_label", List.of(VECTOR, STRING), -1, VECTOR, true);
        add(m, "sort_by_label_desc", List.of(VECTOR, STRING), -1, VECTOR, true);
        add(m, "start_timestamp", List.of(VECTOR), 0, VECTOR, true);
        add(m, "max_of", List.of(SCALAR, SCALAR), 0, SCALAR, true);
        add(m, "min_of", List.of(SCALAR, SCALAR), 0, SCALAR, true);
        for (String name : List.of("start", "end", "step", "range")) {
            add(m, name, List.of(), 0, SCALAR, true);
        }
        return Map.copyOf(m);
    }

    private static void add(Map<String, Function> m, String name, List<ValueType> args, int variadic, ValueType ret,
            boolean experimental) {
        m.put(name, new Function(name, args, variadic, ret, experimental));
    }
}
