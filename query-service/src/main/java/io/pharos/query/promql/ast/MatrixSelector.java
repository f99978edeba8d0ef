package io.pharos.query.promql.ast;

/**
 * A range vector selector {@code selector[range]}. The selector's {@code @}, {@code offset} and
 * extended-range modifiers apply to the whole range; they print after the brackets.
 *
 * @param rangeMillis the range; 0 when {@code rangeExpr} holds it
 * @param rangeExpr   an experimental duration expression for the range ({@code [step() * 2]}), or null
 */
public record MatrixSelector(VectorSelector selector, long rangeMillis, DurationExpr rangeExpr, PositionRange position)
        implements Expr {

    public MatrixSelector {
        if (selector == null || position == null) {
            throw new NullPointerException("selector and position must be set");
        }
    }

    public MatrixSelector(VectorSelector selector, long rangeMillis) {
        this(selector, rangeMillis, null, PositionRange.NONE);
    }

    public MatrixSelector withSelector(VectorSelector selector) {
        return new MatrixSelector(selector, rangeMillis, rangeExpr, position);
    }

    @Override
    public ValueType type() {
        return ValueType.MATRIX;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        selector.appendSelector(b);
        b.append('[').append(rangeExpr != null ? rangeExpr.toString() : PromqlText.formatDuration(rangeMillis)).append(']');
        if (selector.extendedRange() != ExtendedRange.NONE) {
            b.append(' ').append(selector.extendedRange().keyword());
        }
        Modifiers.appendAt(b, selector.atModifier(), selector.atMillis());
        Modifiers.appendOffset(b, selector.offsetMillis(), selector.offsetExpr());
        return b.toString();
    }
}
