package io.pharos.query.rules;

import io.pharos.query.promql.ast.MatrixSelector;
import io.pharos.query.storage.Series;
import java.util.List;

/** How rules read history (the {@code for} state restore): a range selector at a time. */
@FunctionalInterface
public interface RangeQueryFunction {
    List<Series> query(MatrixSelector selector, long timestampMillis);
}
