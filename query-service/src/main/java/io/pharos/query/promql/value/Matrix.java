package io.pharos.query.promql.value;

import io.pharos.query.storage.Series;
import java.util.List;

/** A range vector, or the result of a range query: series with many samples each. */
public record Matrix(List<Series> series) implements Value {
    public Matrix {
        series = List.copyOf(series);
    }

    @Override
    public String typeName() {
        return "matrix";
    }
}
