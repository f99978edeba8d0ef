package io.pharos.query.promql.parser;

import io.pharos.model.labels.Matcher;
import io.pharos.query.promql.ast.Expr;
import io.pharos.query.promql.ast.PositionRange;
import java.util.List;

/**
 * Parses PromQL as Prometheus 3.x does: the same grammar, the same type checks, and errors worded
 * the same ({@code 1:8: parse error: unexpected <op:*>}). Stateless and thread-safe.
 *
 * <p>The static methods enable every experimental feature ({@link Options#ALL}), as the upstream
 * conformance scripts expect; use an instance for Prometheus's stricter defaults.
 */
public final class PromqlParser {

    /**
     * Which experimental Prometheus 3.x features are accepted.
     *
     * @param experimentalFunctions  functions and aggregations behind {@code promql-experimental-functions}
     *                               (limitk, info, sort_by_label, mad_over_time, ...)
     * @param durationExpressions    {@code promql-duration-expr}: {@code foo[5m * 2]}, {@code offset step()}
     * @param extendedRangeSelectors {@code anchored} and {@code smoothed}
     * @param binopFillModifiers     {@code fill}, {@code fill_left}, {@code fill_right} on binary operators
     */
    public record Options(boolean experimentalFunctions, boolean durationExpressions, boolean extendedRangeSelectors,
            boolean binopFillModifiers) {

        public static final Options ALL = new Options(true, true, true, true);
        /** Prometheus's defaults: no experimental features. */
        public static final Options STABLE = new Options(false, false, false, false);
    }

    private static final PromqlParser ALL_FEATURES = new PromqlParser(Options.ALL);

    private final Options options;

    public PromqlParser(Options options) {
        this.options = options;
    }

    /** Parses and type-checks a query with every experimental feature enabled. */
    public static Expr parseExpr(String query) {
        return ALL_FEATURES.parse(query);
    }

    /**
     * Parses a series selector as the {@code match[]} parameters of the HTTP API take it
     * ({@code up}, {@code {job="x"}}, {@code foo{a=~"b"}}): the matchers, including the
     * {@code __name__} matcher for a metric name. As in Prometheus no type checks run, so
     * {@code {}} is accepted here; callers that need a non-empty matcher check it themselves.
     */
    public static List<Matcher> parseMetricSelector(String selector) {
        return ALL_FEATURES.parseSelector(selector);
    }

    /** Parses and type-checks a query with this parser's options. */
    public Expr parse(String query) {
        try {
            Expr raw = new ExpressionParser(query, options).parseQuery();
            return new TypeChecker(query).check(raw);
        } catch (StackOverflowError e) {
            throw tooDeep(query);
        }
    }

    /** Like {@link #parseMetricSelector(String)}, with this parser's options. */
    public List<Matcher> parseSelector(String selector) {
        try {
            return new ExpressionParser(selector, options).parseSeriesSelector().matchers();
        } catch (StackOverflowError e) {
            throw tooDeep(selector);
        }
    }

    /** Parsing recurses on nesting; a query nested deeper than the thread's stack allows is refused, not fatal. */
    private static ParseException tooDeep(String query) {
        return new ParseException(query, new PositionRange(0, query.length()), "expression is nested too deeply");
    }
}
