package io.pharos.query.promql.ast;

import java.util.Locale;

/** PromQL aggregation operators. Some take a parameter before the vector argument. */
public enum AggregateOp {
    SUM(null, false),
    AVG(null, false),
    COUNT(null, false),
    MIN(null, false),
    MAX(null, false),
    GROUP(null, false),
    STDDEV(null, false),
    STDVAR(null, false),
    TOPK(ValueType.SCALAR, false),
    BOTTOMK(ValueType.SCALAR, false),
    COUNT_VALUES(ValueType.STRING, false),
    QUANTILE(ValueType.SCALAR, false),
    LIMITK(ValueType.SCALAR, true),
    LIMIT_RATIO(ValueType.SCALAR, true);

    private final ValueType paramType;
    private final boolean experimental;

    AggregateOp(ValueType paramType, boolean experimental) {
        this.paramType = paramType;
        this.experimental = experimental;
    }

    /** The keyword as written in PromQL, lower case ({@code count_values}). */
    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether a parameter comes before the vector ({@code topk(5, x)}, {@code count_values("v", x)}). */
    public boolean hasParam() {
        return paramType != null;
    }

    /** The type the parameter must have, or null if the operator takes none. */
    public ValueType paramType() {
        return paramType;
    }

    /** Behind Prometheus's {@code promql-experimental-functions} feature flag. */
    public boolean isExperimental() {
        return experimental;
    }

    /** The operator for a keyword in any case, or null. */
    public static AggregateOp fromKeyword(String keyword) {
        String k = keyword.toLowerCase(Locale.ROOT);
        for (AggregateOp op : values()) {
            if (op.keyword().equals(k)) {
                return op;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return keyword();
    }
}
