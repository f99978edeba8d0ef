package io.pharos.query.promql.ast;

/**
 * A subquery {@code expr[range:step] @ t offset d}.
 *
 * @param rangeMillis  the range; 0 when {@code rangeExpr} holds it
 * @param stepMillis   the resolution; 0 for the default (the engine's default subquery step) or when
 *                     {@code stepExpr} holds it
 * @param offsetMillis the offset (negative allowed); 0 when none or when {@code offsetExpr} holds it
 * @param atMillis     the {@code @} time in Unix milliseconds, set exactly when {@code atModifier} is TIMESTAMP
 * @param rangeExpr    experimental duration expression for the range, or null
 * @param stepExpr     experimental duration expression for the step, or null
 * @param offsetExpr   experimental duration expression for the offset, or null
 */
public record SubqueryExpr(
        Expr expr,
        long rangeMillis,
        long stepMillis,
        long offsetMillis,
        Long atMillis,
        AtModifier atModifier,
        DurationExpr rangeExpr,
        DurationExpr stepExpr,
        DurationExpr offsetExpr,
        PositionRange position) implements Expr {

    public SubqueryExpr {
        if (expr == null || position == null) {
            throw new NullPointerException("expr and position must be set");
        }
        Modifiers.checkAt(atModifier, atMillis);
    }

    public SubqueryExpr(Expr expr, long rangeMillis, long stepMillis, long offsetMillis, Long atMillis, AtModifier atModifier) {
        this(expr, rangeMillis, stepMillis, offsetMillis, atMillis, atModifier, null, null, null, PositionRange.NONE);
    }

    public SubqueryExpr withExpr(Expr expr) {
        return new SubqueryExpr(expr, rangeMillis, stepMillis, offsetMillis, atMillis, atModifier, rangeExpr, stepExpr,
                offsetExpr, position);
    }

    public SubqueryExpr withAt(AtModifier at, Long atMillis) {
        return new SubqueryExpr(expr, rangeMillis, stepMillis, offsetMillis, atMillis, at, rangeExpr, stepExpr,
                offsetExpr, position);
    }

    public SubqueryExpr withOffset(long offsetMillis, DurationExpr offsetExpr) {
        return new SubqueryExpr(expr, rangeMillis, stepMillis, offsetMillis, atMillis, atModifier, rangeExpr, stepExpr,
                offsetExpr, position);
    }

    public SubqueryExpr withPosition(PositionRange position) {
        return new SubqueryExpr(expr, rangeMillis, stepMillis, offsetMillis, atMillis, atModifier, rangeExpr, stepExpr,
                offsetExpr, position);
    }

    /** Whether an offset was written ({@code offset 0} counts as none, as in Prometheus). */
    public boolean hasOffset() {
        return offsetMillis != 0 || offsetExpr != null;
    }

    @Override
    public ValueType type() {
        return ValueType.MATRIX;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(expr.toString());
        b.append('[').append(rangeExpr != null ? rangeExpr.toString() : PromqlText.formatDuration(rangeMillis)).append(':');
        if (stepMillis != 0) {
            b.append(PromqlText.formatDuration(stepMillis));
        } else if (stepExpr != null) {
            b.append(stepExpr);
        }
        b.append(']');
        Modifiers.appendAt(b, atModifier, atMillis);
        Modifiers.appendOffset(b, offsetMillis, offsetExpr);
        return b.toString();
    }
}
