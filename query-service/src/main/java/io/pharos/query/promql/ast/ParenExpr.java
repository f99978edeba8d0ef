package io.pharos.query.promql.ast;

/** An expression in parentheses; kept in the tree so the printed form keeps them. */
public record ParenExpr(Expr expr, PositionRange position) implements Expr {

    public ParenExpr {
        if (expr == null || position == null) {
            throw new NullPointerException("expr and position must be set");
        }
    }

    public ParenExpr(Expr expr) {
        this(expr, PositionRange.NONE);
    }

    @Override
    public ValueType type() {
        return expr.type();
    }

    @Override
    public String toString() {
        return "(" + expr + ")";
    }
}
