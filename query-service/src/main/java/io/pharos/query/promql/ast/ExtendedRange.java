package io.pharos.query.promql.ast;

/**
 * The experimental range selector modifiers of Prometheus 3.x: {@code foo[5m] anchored} and
 * {@code foo[5m] smoothed}. At most one applies to a selector.
 */
public enum ExtendedRange {
    NONE(""),
    ANCHORED("anchored"),
    SMOOTHED("smoothed");

    private final String keyword;

    ExtendedRange(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }
}
