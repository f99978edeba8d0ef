package io.pharos.query.promql.ast;

import java.util.Locale;

/**
 * PromQL binary operators with their precedence (higher binds tighter) as Prometheus defines it:
 * {@code or} &lt; {@code and unless} &lt; comparisons &lt; {@code + -} &lt; {@code * / % atan2} &lt; {@code ^}.
 * Only {@code ^} is right-associative.
 */
public enum BinaryOp {
    ADD("+", 4),
    SUB("-", 4),
    MUL("*", 5),
    DIV("/", 5),
    MOD("%", 5),
    ATAN2("atan2", 5),
    POW("^", 6),
    EQL("==", 3),
    NEQ("!=", 3),
    GTR(">", 3),
    LSS("<", 3),
    GTE(">=", 3),
    LTE("<=", 3),
    /** {@code </}: trims the upper part of native histograms (Prometheus 3.x). */
    TRIM_UPPER("</", 3),
    /** {@code >/}: trims the lower part of native histograms (Prometheus 3.x). */
    TRIM_LOWER(">/", 3),
    AND("and", 2),
    UNLESS("unless", 2),
    OR("or", 1);

    private final String symbol;
    private final int precedence;

    BinaryOp(String symbol, int precedence) {
        this.symbol = symbol;
        this.precedence = precedence;
    }

    /** The operator as written in PromQL ({@code +}, {@code ==}, {@code and}, ...). */
    public String symbol() {
        return symbol;
    }

    public int precedence() {
        return precedence;
    }

    public boolean isRightAssociative() {
        return this == POW;
    }

    /** {@code == != > < >= <=}: filter unless {@code bool} is given. */
    public boolean isComparison() {
        return switch (this) {
            case EQL, NEQ, GTR, LSS, GTE, LTE -> true;
            default -> false;
        };
    }

    /** {@code and or unless}: only between instant vectors, always many-to-many. */
    public boolean isSetOperator() {
        return this == AND || this == OR || this == UNLESS;
    }

    /** The operator written as {@code symbol}, ignoring case for the keyword operators; null if none. */
    public static BinaryOp fromSymbol(String symbol) {
        String s = symbol.toLowerCase(Locale.ROOT);
        for (BinaryOp op : values()) {
            if (op.symbol.equals(s)) {
                return op;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return symbol;
    }
}
