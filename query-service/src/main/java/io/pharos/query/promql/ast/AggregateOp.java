package io.pharos.query.promql.ast;

import java.util.Locale;

/** PromQL aggregation operators. Some take a parameter before the vector argument. */
public enum AggregateOp {
    SUM(ValueTypeOrNone.NONE, false),
    AVG(ValueTypeOrNone.NONE, false),
    COUNT(ValueTypeOrNone.NONE, false),
    MIN(ValueTypeOrNone.NONE, false),
    MAX(ValueTypeOrNone.NONE, false),
    GROUP(ValueTypeOrNone.NONE, false),
    STDDEV(ValueTypeOrNone.NONE, false),
    STDVAR(ValueTypeOrNone.NONE, false),
    TOPK(ValueTypeOrNone.SCALAR, false),
    BOTTOMK(ValueTypeOrNone.SCALAR, false),
    COUNT_VALUES(ValueTypeOrNone.STRING, false),
    QUANTILE(ValueTypeOrNone.SCALAR, false),
    LIMITK(ValueTypeOrNone.SCALAR, true),
    LIMIT_RATIO(ValueTypeOrNone.SCALAR, true);

    private enum ValueTypeOrNone {
        NONE, SCALAR, STRING
    }

    private final ValueTypeOrNone param;
    private final boolean experimental;

    AggregateOp(ValueTypeOrNone param, boolean experimental) {
        this.param = param;
        this.experimental = experimental;
    }

    /** The keyword as written in PromQL, lower case ({@code count_values}). */
    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether a parameter comes before the vector ({@code topk(5, x)}, {@code count_values("v", x)}). */
    public boolean hasParam() {
        return param != ValueTypeOrNone.NONE;
    }

    /** The type the parameter must have, or null if the operator takes none. */
    public ValueType paramType() {
        return switch (param) {
            case NONE -> null;
            case SCALAR -> ValueType.SCALAR;
            case STRING -> ValueType.STRING;
        };
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
