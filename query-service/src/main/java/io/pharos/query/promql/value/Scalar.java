package io.pharos.query.promql.value;

/** A single number at a time. */
public record Scalar(long timestamp, double value) implements Value {
    @Override
    public String typeName() {
        return "scalar";
    }
}
