package io.pharos.query.promql.engine;

import io.pharos.model.labels.Matcher;
import io.pharos.query.promql.ast.AtModifier;
import io.pharos.query.promql.ast.DurationExpr;
import io.pharos.query.promql.ast.Expr;
import io.pharos.query.promql.ast.PositionRange;
import io.pharos.query.storage.Series;
import io.pharos.query.storage.SeriesSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The time steps of one evaluation (the whole query, or the inside of a subquery), and through
 * {@link Query} what all evaluations of one query share: the data source, the deadline, the
 * samples held in memory, the annotations, and the query's own start, end and step (which
 * {@code @ start()}, {@code @ end()}, {@code step()} and {@code range()} refer to).
 */
final class Evaluation {
    final Query query;
    final long start;
    final long end;
    /** Milliseconds between steps; 0 for a single step. */
    final long interval;
    final int stepCount;
    /**
     * Above 0 while a step-invariant subexpression is evaluated: Prometheus computes those at
     * one step only, so only that step's samples count as held ({@link #accountedSteps}).
     */
    int invariantDepth;

    Evaluation(Query query, long start, long end, long interval) {
        this.query = query;
        this.start = start;
        this.end = end;
        this.interval = interval;
        long steps = end < start ? 0 : interval == 0 ? 1 : (end - start) / interval + 1;
        // Guards the per-step arrays: a scalar holds a sample per step, so (as in Prometheus) more
        // steps than the limit rarely fit; an empty vector over them is refused here as well.
        if (steps > query.options.maxSamples() || steps > Integer.MAX_VALUE - 8) {
            throw QueryException.execution(Query.TOO_MANY_SAMPLES);
        }
        this.stepCount = (int) steps;
    }

    /** A nested evaluation over other steps, as a subquery runs. */
    Evaluation child(long childStart, long childEnd, long childInterval) {
        return new Evaluation(query, childStart, childEnd, childInterval);
    }

    /** The steps whose samples Prometheus would hold: all, or the first in a step-invariant subexpression. */
    int accountedSteps() {
        return invariantDepth > 0 ? Math.min(1, stepCount) : stepCount;
    }

    long time(int step) {
        return start + step * interval;
    }

    /** Prometheus treats an evaluation whose start equals its end as an instant one. */
    boolean isInstant() {
        return start == end;
    }

    long lookback() {
        return query.options.lookbackDelta().toMillis();
    }

    /** The time an {@code @} modifier pins to, or the step time without one. */
    long pinnedTime(AtModifier at, Long atMillis, long stepTime) {
        return switch (at) {
            case TIMESTAMP -> atMillis;
            case START -> query.start;
            case END -> query.end;
            case NONE -> stepTime;
        };
    }

    /** A duration that may be an experimental duration expression, in milliseconds. */
    long duration(long fixedMillis, DurationExpr expr, boolean allowNegative) {
        if (expr == null) {
            return fixedMillis;
        }
        try {
            return expr.toMillis(query.stepSeconds(), query.rangeSeconds(), allowNegative);
        } catch (IllegalArgumentException e) {
            throw new QueryException(QueryException.Kind.BAD_DATA, e.getMessage());
        }
    }

    List<Series> select(List<Matcher> matchers, long mint, long maxt) {
        return query.select(matchers, mint, maxt);
    }

    void checkDeadline() {
        query.checkDeadline();
    }

    /** Takes {@code n} more samples into memory; fails the query when that exceeds the limit. */
    void hold(long n) {
        query.hold(n);
    }

    void warn(String message, PositionRange position) {
        query.annotations.add(Annotation.warning(message, position));
    }

    void info(String message, PositionRange position) {
        query.annotations.add(Annotation.info(message, position));
    }

    /** What the evaluations of one query share. Not thread-safe: one query runs on one thread. */
    static final class Query {
        static final String TOO_MANY_SAMPLES =
                "query processing would load too many samples into memory in query execution";
        final SeriesSource source;
        final EngineOptions options;
        final long start;
        final long end;
        /** The query's step, 0 for an instant query. */
        final long step;
        final Annotations annotations = new Annotations();
        final List<String> warnings = new ArrayList<>();
        private final long deadlineNanos;
        /**
         * The samples held in memory now, counted as Prometheus's engine counts them (see
         * {@link Evaluator}): {@code --query.max-samples} limits this peak, not the total loaded.
         */
        private long held;
        /** The values of the expression being evaluated's operands, registered as they are evaluated. */
        List<Steps> operands;
        /** The roots of the step-invariant subexpressions ({@link StepInvariance}). */
        Set<Expr> invariantRoots = Set.of();

        Query(SeriesSource source, EngineOptions options, long start, long end, long step) {
            this.source = source;
            this.options = options;
            this.start = start;
            this.end = end;
            this.step = step;
            this.deadlineNanos = System.nanoTime() + options.timeout().toNanos();
        }

        double stepSeconds() {
            return start == end ? 0 : step / 1000.0;
        }

        double rangeSeconds() {
            return (end - start) / 1000.0;
        }

        List<Series> select(List<Matcher> matchers, long mint, long maxt) {
            checkDeadline();
            SeriesSource.SelectResult r = source.select(matchers, mint, maxt);
            for (String w : r.warnings()) {
                if (!warnings.contains(w)) {
                    warnings.add(w);
                }
            }
            return r.series();
        }

        void hold(long n) {
            held += n;
            if (held > options.maxSamples()) {
                throw QueryException.execution(TOO_MANY_SAMPLES);
            }
        }

        long held() {
            return held;
        }

        /** What a node holds once it is done: its result, its operands released. */
        void setHeld(long n) {
            held = n;
        }

        boolean exceeds(long n) {
            return n > options.maxSamples();
        }

        void checkDeadline() {
            if (Thread.currentThread().isInterrupted()) {
                throw new QueryException(QueryException.Kind.CANCELED, "query was canceled in expression evaluation");
            }
            if (System.nanoTime() > deadlineNanos) {
                throw new QueryException(QueryException.Kind.TIMEOUT, "query timed out in expression evaluation");
            }
        }
    }
}
