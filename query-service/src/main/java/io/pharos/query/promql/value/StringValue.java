package io.pharos.query.promql.value;

/** A string literal's value at a time. */
public record StringValue(long timestamp, String value) implements Value {
    @Override
    public String typeName() {
        return "string";
    }
}
