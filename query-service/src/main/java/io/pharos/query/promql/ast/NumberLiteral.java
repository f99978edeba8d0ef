package io.pharos.query.promql.ast;

/**
 * A number. {@code duration} records that it was written as a duration ({@code 5m} is the number
 * 300), so it prints back the same way.
 */
public record NumberLiteral(double value, boolean duration, PositionRange position) implements Expr {

    public NumberLiteral {
        if (position == null) {
            throw new NullPointerException("position");
        }
    }

    public NumberLiteral(double value) {
        this(value, false, PositionRange.NONE);
    }

    @Override
    public ValueType type() {
        return ValueType.SCALAR;
    }

    @Override
    public String toString() {
        return duration ? formatSecondsAsDuration(value) : PromqlText.formatFloat(value);
    }

    /** Seconds written as a duration the way Prometheus prints a duration literal. */
    static String formatSecondsAsDuration(double seconds) {
        if (seconds < 0) {
            return "-" + PromqlText.formatDuration((long) (-seconds * 1e9) / 1_000_000);
        }
        return PromqlText.formatDuration((long) (seconds * 1e9) / 1_000_000);
    }
}
