/**
 * Formatting PromQL for people: {@link io.pharos.query.promql.format.Prettifier} lays an
 * expression out over lines as Prometheus's {@code /api/v1/format_query} does.
 */
package io.pharos.query.promql.format;
