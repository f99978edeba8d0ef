package io.pharos.query.promql.ast;

/** A string, already unquoted. */
public record StringLiteral(String value, PositionRange position) implements Expr {

    public StringLiteral {
        if (value == null || position == null) {
            throw new NullPointerException("value and position must be set");
        }
    }

    public StringLiteral(String value) {
        this(value, PositionRange.NONE);
    }

    @Override
    public ValueType type() {
        return ValueType.STRING;
    }

    @Override
    public String toString() {
        return PromqlText.quote(value);
    }
}
