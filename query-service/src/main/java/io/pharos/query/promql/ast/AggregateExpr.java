package io.pharos.query.promql.ast;

import java.util.List;

/**
 * An aggregation {@code op [by|without (labels)] ([param,] expr)}.
 *
 * @param param    the parameter of topk, bottomk, quantile, count_values, limitk and limit_ratio, or null
 * @param grouping the labels of {@code by} or {@code without}; empty when neither was written
 * @param without  true for {@code without}
 */
public record AggregateExpr(AggregateOp op, Expr expr, Expr param, List<String> grouping, boolean without,
        PositionRange position) implements Expr {

    public AggregateExpr {
        if (op == null || expr == null || position == null) {
            throw new NullPointerException("op, expr and position must be set");
        }
        grouping = grouping == null ? List.of() : List.copyOf(grouping);
    }

    public AggregateExpr(AggregateOp op, Expr expr, Expr param, List<String> grouping, boolean without) {
        this(op, expr, param, grouping, without, PositionRange.NONE);
    }

    @Override
    public ValueType type() {
        return ValueType.VECTOR;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(op.keyword());
        if (without) {
            b.append(" without (");
            VectorMatching.appendLabels(b, grouping);
            b.append(") ");
        } else if (!grouping.isEmpty()) {
            b.append(" by (");
            VectorMatching.appendLabels(b, grouping);
            b.append(") ");
        }
        b.append('(');
        if (param != null) {
            b.append(param).append(", ");
        }
        return b.append(expr).append(')').toString();
    }
}
