package io.pharos.query.rules;

import io.pharos.query.promql.ast.Expr;
import io.pharos.query.promql.value.Vector;

/** How rules query: an instant evaluation at a time, whose result must be a vector. */
@FunctionalInterface
public interface QueryFunction {
    Vector query(Expr expr, long timestampMillis);
}
