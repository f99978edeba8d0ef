/**
 * The PromQL engine: evaluates a parsed {@link io.pharos.query.promql.ast.Expr} over the series a
 * {@link io.pharos.query.storage.SeriesSource} returns, with Prometheus 3.x semantics.
 *
 * <p>Every query is a range evaluation ({@link io.pharos.query.promql.engine.Evaluation}: start,
 * end, interval; an instant query has one step). Each node of the expression evaluates to its
 * value at every step ({@code Steps}): a {@code double[]} for a scalar, and for an instant vector
 * one {@code StepSeries} per label set holding a value and a presence flag per step, in primitive
 * arrays. Node kinds have their own classes: selectors ({@code SelectorEvaluator}), range-vector
 * functions ({@code RangeCallEvaluator} moving windows, {@code RangeFunctions} computing each one),
 * instant functions, label functions, histogram quantiles, {@code info}, aggregations
 * ({@code AggregationEvaluator}, {@code TopKAggregation}), binary operators
 * ({@code BinaryEvaluator}, {@code SetOperators}, {@code VectorMatcher}) and subqueries.
 *
 * <p>The metric name is removed the way Prometheus's delayed name removal does it: a function or
 * operator that drops the name flags the series, and the flagged names go when the query ends,
 * where series that became equal merge (or fail with "vector cannot contain metrics with the same
 * labelset"). Warnings and infos are collected as {@link io.pharos.query.promql.engine.Annotation}s
 * with the position of the sub-expression that caused them.
 */
package io.pharos.query.promql.engine;
