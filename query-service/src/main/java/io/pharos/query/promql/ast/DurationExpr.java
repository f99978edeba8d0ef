package io.pharos.query.promql.ast;

/**
 * An experimental duration expression (Prometheus 3.x {@code promql-duration-expr}) in a range,
 * subquery step or offset: {@code foo[5m + step()]}, {@code foo offset -min_of(range(), 1h)}.
 * Values are in seconds; {@code step()} and {@code range()} are only known at evaluation, so the
 * engine resolves them with {@link #toMillis}.
 */
public sealed interface DurationExpr {

    PositionRange position();

    /** The value in seconds for a query with the given step and range (end - start), both in seconds. */
    double seconds(double stepSeconds, double rangeSeconds);

    /** Whether the value does not depend on {@code step()} or {@code range()}. */
    boolean isConstant();

    /**
     * The value as whole milliseconds, checked as Prometheus checks it when preparing a query.
     *
     * @param allowNegative true for offsets; ranges and steps must be greater than zero
     * @throws IllegalArgumentException with Prometheus's message when the value is not usable
     */
    default long toMillis(double stepSeconds, double rangeSeconds, boolean allowNegative) {
        double s = seconds(stepSeconds, rangeSeconds);
        PositionRange p = position();
        if (Double.isNaN(s) || Double.isInfinite(s)) {
            throw new IllegalArgumentException(p.start() + ":" + p.end() + ": duration is NaN or infinite");
        }
        if (s <= 0 && !allowNegative) {
            throw new IllegalArgumentException(p.start() + ":" + p.end() + ": duration must be greater than 0");
        }
        if (s > 9.223372036854775807e9 || s < -9.223372036854775807e9) {
            throw new IllegalArgumentException(p.start() + ":" + p.end() + ": duration is out of range");
        }
        return (long) (s * 1000);
    }

    /** A number ({@code 90}, seconds) or a duration literal ({@code 1m30s}). */
    record Literal(double value, boolean duration, PositionRange position) implements DurationExpr {
        @Override
        public double seconds(double stepSeconds, double rangeSeconds) {
            return value;
        }

        @Override
        public boolean isConstant() {
            return true;
        }

        @Override
        public String toString() {
            return duration ? NumberLiteral.formatSecondsAsDuration(value) : PromqlText.formatFloat(value);
        }
    }

    /** {@code -operand}. */
    record Negation(DurationExpr operand, PositionRange position) implements DurationExpr {
        @Override
        public double seconds(double stepSeconds, double rangeSeconds) {
            return -operand.seconds(stepSeconds, rangeSeconds);
        }

        @Override
        public boolean isConstant() {
            return operand.isConstant();
        }

        @Override
        public String toString() {
            return "-" + operand;
        }
    }

    /** {@code (inner)}. */
    record Paren(DurationExpr inner, PositionRange position) implements DurationExpr {
        @Override
        public double seconds(double stepSeconds, double rangeSeconds) {
            return inner.seconds(stepSeconds, rangeSeconds);
        }

        @Override
        public boolean isConstant() {
            return inner.isConstant();
        }

        @Override
        public String toString() {
            return "(" + inner + ")";
        }
    }

    /** {@code lhs op rhs} with op one of {@code + - * / % ^}. */
    record Binary(BinaryOp op, DurationExpr lhs, DurationExpr rhs) implements DurationExpr {
        public Binary {
            switch (op) {
                case ADD, SUB, MUL, DIV, MOD, POW -> {
                }
                default -> throw new IllegalArgumentException("not a duration operator: " + op);
            }
        }

        @Override
        public PositionRange position() {
            return lhs.position().merge(rhs.position());
        }

        @Override
        public double seconds(double stepSeconds, double rangeSeconds) {
            double l = lhs.seconds(stepSeconds, rangeSeconds);
            double r = rhs.seconds(stepSeconds, rangeSeconds);
            PositionRange p = position();
            return switch (op) {
                case ADD -> l + r;
                case SUB -> l - r;
                case MUL -> l * r;
                case DIV -> {
                    if (r == 0) {
                        throw new IllegalArgumentException(p.start() + ":" + p.end() + ": division by zero");
                    }
                    yield l / r;
                }
                case MOD -> {
                    if (r == 0) {
                        throw new IllegalArgumentException(p.start() + ":" + p.end() + ": modulo by zero");
                    }
                    yield l % r;
                }
                case POW -> Math.pow(l, r);
                default -> throw new IllegalStateException();
            };
        }

        @Override
        public boolean isConstant() {
            return lhs.isConstant() && rhs.isConstant();
        }

        @Override
        public String toString() {
            return lhs + " " + op.symbol() + " " + rhs;
        }
    }

    /** {@code step()}: the query's step, 0 for an instant query. */
    record Step(PositionRange position) implements DurationExpr {
        @Override
        public double seconds(double stepSeconds, double rangeSeconds) {
            return stepSeconds;
        }

        @Override
        public boolean isConstant() {
            return false;
        }

        @Override
        public String toString() {
            return "step()";
        }
    }

    /** {@code range()}: the query's end minus its start, 0 for an instant query. */
    record Range(PositionRange position) implements DurationExpr {
        @Override
        public double seconds(double stepSeconds, double rangeSeconds) {
            return rangeSeconds;
        }

        @Override
        public boolean isConstant() {
            return false;
        }

        @Override
        public String toString() {
            return "range()";
        }
    }

    /** {@code min_of(lhs, rhs)} or {@code max_of(lhs, rhs)}. */
    record MinMax(boolean max, DurationExpr lhs, DurationExpr rhs, PositionRange position) implements DurationExpr {
        @Override
        public double seconds(double stepSeconds, double rangeSeconds) {
            double l = lhs.seconds(stepSeconds, rangeSeconds);
            double r = rhs.seconds(stepSeconds, rangeSeconds);
            return max ? Math.max(l, r) : Math.min(l, r);
        }

        @Override
        public boolean isConstant() {
            return lhs.isConstant() && rhs.isConstant();
        }

        @Override
        public String toString() {
            return (max ? "max_of(" : "min_of(") + lhs + ", " + rhs + ")";
        }
    }
}
