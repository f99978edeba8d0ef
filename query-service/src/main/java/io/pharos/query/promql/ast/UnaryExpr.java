package io.pharos.query.promql.ast;

/**
 * {@code -expr} or {@code +expr} on a scalar or instant vector. A sign before a number literal is
 * folded into the literal instead.
 */
public record UnaryExpr(char op, Expr expr, PositionRange position) implements Expr {

    public UnaryExpr {
        if (op != '-' && op != '+') {
            throw new IllegalArgumentException("unary operator must be + or -, got " + op);
        }
        if (expr == null || position == null) {
            throw new NullPointerException("expr and position must be set");
        }
    }

    public UnaryExpr(char op, Expr expr) {
        this(op, expr, PositionRange.NONE);
    }

    @Override
    public ValueType type() {
        return expr.type();
    }

    @Override
    public String toString() {
        return op + expr.toString();
    }
}
