/**
 * What PromQL test scripts and rule unit tests share: the series notation
 * ({@link io.pharos.query.promql.testing.SeriesLabels}), the expanding value notation
 * ({@link io.pharos.query.promql.testing.SeriesValues}) and an in-memory store the engine reads
 * ({@link io.pharos.query.promql.testing.MemorySeriesSource}). Used by the PromQL conformance
 * runner and by {@code io.pharos.query.rules.unittest}.
 */
package io.pharos.query.promql.testing;
