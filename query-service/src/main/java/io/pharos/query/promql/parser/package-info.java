/**
 * The PromQL parser: {@link io.pharos.query.promql.parser.PromqlParser} turns query text into a
 * type-checked {@link io.pharos.query.promql.ast.Expr}, or throws a
 * {@link io.pharos.query.promql.parser.ParseException} worded as Prometheus 3.x words it.
 * {@link io.pharos.query.promql.parser.Durations} reads and prints Prometheus durations.
 */
package io.pharos.query.promql.parser;
