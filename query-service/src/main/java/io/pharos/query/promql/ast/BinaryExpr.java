package io.pharos.query.promql.ast;

/**
 * {@code lhs op [bool] [on/ignoring(...)] [group_left/right(...)] rhs}.
 *
 * @param returnBool {@code bool}: a comparison returns 0/1 instead of filtering
 * @param matching   how series are matched; null unless both sides are instant vectors
 */
public record BinaryExpr(BinaryOp op, Expr lhs, Expr rhs, boolean returnBool, VectorMatching matching) implements Expr {

    public BinaryExpr {
        if (op == null || lhs == null || rhs == null) {
            throw new NullPointerException("op, lhs and rhs must be set");
        }
    }

    @Override
    public ValueType type() {
        return lhs.type() == ValueType.SCALAR && rhs.type() == ValueType.SCALAR ? ValueType.SCALAR : ValueType.VECTOR;
    }

    /** From the start of the left operand to the end of the right one. */
    @Override
    public PositionRange position() {
        return lhs.position().merge(rhs.position());
    }

    @Override
    public String toString() {
        return lhs + " " + op.symbol() + (returnBool ? " bool" : "") + (matching == null ? "" : matching.modifierText())
                + " " + rhs;
    }
}
