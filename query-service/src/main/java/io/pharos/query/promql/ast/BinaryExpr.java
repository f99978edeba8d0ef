package io.pharos.query.promql.ast;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * {@code lhs op [bool] [on/ignoring(...)] [group_left/right(...)] rhs}.
 *
 * <p>Long left-associative chains ({@code a or b or c or ...}) are walked iteratively, so their
 * type, position and text do not cost a stack frame per operator.
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

    /** Scalar when both sides are scalars, otherwise an instant vector. */
    @Override
    public ValueType type() {
        Deque<BinaryExpr> spine = leftSpine();
        ValueType t = leftmost(spine).type();
        while (!spine.isEmpty()) {
            BinaryExpr b = spine.pop();
            t = t == ValueType.SCALAR && b.rhs.type() == ValueType.SCALAR ? ValueType.SCALAR : ValueType.VECTOR;
        }
        return t;
    }

    /** From the start of the left operand to the end of the right one. */
    @Override
    public PositionRange position() {
        return leftmost(leftSpine()).position().merge(rhs.position());
    }

    @Override
    public String toString() {
        Deque<BinaryExpr> spine = leftSpine();
        StringBuilder b = new StringBuilder(leftmost(spine).toString());
        while (!spine.isEmpty()) {
            BinaryExpr e = spine.pop();
            b.append(' ').append(e.op.symbol());
            if (e.returnBool) {
                b.append(" bool");
            }
            if (e.matching != null) {
                b.append(e.matching.modifierText());
            }
            b.append(' ').append(e.rhs);
        }
        return b.toString();
    }

    /** This expression and the binary expressions down its left side, innermost on top. */
    private Deque<BinaryExpr> leftSpine() {
        Deque<BinaryExpr> spine = new ArrayDeque<>();
        Expr e = this;
        while (e instanceof BinaryExpr b) {
            spine.push(b);
            e = b.lhs;
        }
        return spine;
    }

    private static Expr leftmost(Deque<BinaryExpr> spine) {
        return spine.peek().lhs;
    }
}
