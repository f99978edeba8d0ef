/**
 * The PromQL syntax tree: {@link io.pharos.query.promql.ast.Expr} and its records, one per node
 * kind, with their value types and their canonical PromQL text; the operator enums, the function
 * registry ({@link io.pharos.query.promql.ast.Functions}) and the experimental duration
 * expressions ({@link io.pharos.query.promql.ast.DurationExpr}).
 */
package io.pharos.query.promql.ast;
