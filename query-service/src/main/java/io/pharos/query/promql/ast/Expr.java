package io.pharos.query.promql.ast;

/**
 * A PromQL expression: the closed set of AST nodes the parser produces. {@link #toString()} prints
 * the node back as PromQL in the canonical form Prometheus prints (so parsing the printed text
 * gives the same tree).
 */
public sealed interface Expr
        permits AggregateExpr, BinaryExpr, Call, MatrixSelector, NumberLiteral, ParenExpr, StringLiteral,
        SubqueryExpr, UnaryExpr, VectorSelector {

    /** The type this expression evaluates to, computed as Prometheus does. */
    ValueType type();

    /** Where the expression sits in the parsed text, {@link PositionRange#NONE} when built by code. */
    PositionRange position();
}
