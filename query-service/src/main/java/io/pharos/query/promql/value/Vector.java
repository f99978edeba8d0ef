package io.pharos.query.promql.value;

import java.util.List;

/** An instant vector: one sample per series, all at the evaluation time. */
public record Vector(List<Sample> samples) implements Value {
    public Vector {
        samples = List.copyOf(samples);
    }

    @Override
    public String typeName() {
        return "vector";
    }
}
