package io.pharos.query.promql.parser;

/** The kinds of token the PromQL lexer produces, grouped as Prometheus describes them in messages. */
enum TokenType {
    EOF(Kind.END),
    ERROR(Kind.VALUE),
    IDENTIFIER(Kind.VALUE),
    METRIC_IDENTIFIER(Kind.VALUE),
    STRING(Kind.VALUE),
    NUMBER(Kind.VALUE),
    DURATION(Kind.VALUE),

    LEFT_PAREN(Kind.PUNCTUATION),
    RIGHT_PAREN(Kind.PUNCTUATION),
    LEFT_BRACE(Kind.PUNCTUATION),
    RIGHT_BRACE(Kind.PUNCTUATION),
    LEFT_BRACKET(Kind.PUNCTUATION),
    RIGHT_BRACKET(Kind.PUNCTUATION),
    COMMA(Kind.PUNCTUATION),
    EQL(Kind.PUNCTUATION),
    COLON(Kind.PUNCTUATION),

    ADD(Kind.OPERATOR),
    SUB(Kind.OPERATOR),
    MUL(Kind.OPERATOR),
    DIV(Kind.OPERATOR),
    MOD(Kind.OPERATOR),
    POW(Kind.OPERATOR),
    EQLC(Kind.OPERATOR),
    NEQ(Kind.OPERATOR),
    LTE(Kind.OPERATOR),
    LSS(Kind.OPERATOR),
    GTE(Kind.OPERATOR),
    GTR(Kind.OPERATOR),
    TRIM_UPPER(Kind.OPERATOR),
    TRIM_LOWER(Kind.OPERATOR),
    EQL_REGEX(Kind.OPERATOR),
    NEQ_REGEX(Kind.OPERATOR),
    AT(Kind.OPERATOR),
    LAND(Kind.OPERATOR),
    LOR(Kind.OPERATOR),
    LUNLESS(Kind.OPERATOR),
    ATAN2(Kind.OPERATOR),

    AVG(Kind.AGGREGATOR),
    BOTTOMK(Kind.AGGREGATOR),
    COUNT(Kind.AGGREGATOR),
    COUNT_VALUES(Kind.AGGREGATOR),
    GROUP(Kind.AGGREGATOR),
    MAX(Kind.AGGREGATOR),
    MIN(Kind.AGGREGATOR),
    QUANTILE(Kind.AGGREGATOR),
    STDDEV(Kind.AGGREGATOR),
    STDVAR(Kind.AGGREGATOR),
    SUM(Kind.AGGREGATOR),
    TOPK(Kind.AGGREGATOR),
    LIMITK(Kind.AGGREGATOR),
    LIMIT_RATIO(Kind.AGGREGATOR),

    BOOL(Kind.KEYWORD),
    BY(Kind.KEYWORD),
    GROUP_LEFT(Kind.KEYWORD),
    GROUP_RIGHT(Kind.KEYWORD),
    FILL(Kind.KEYWORD),
    FILL_LEFT(Kind.KEYWORD),
    FILL_RIGHT(Kind.KEYWORD),
    IGNORING(Kind.KEYWORD),
    OFFSET(Kind.KEYWORD),
    SMOOTHED(Kind.KEYWORD),
    ANCHORED(Kind.KEYWORD),
    ON(Kind.KEYWORD),
    WITHOUT(Kind.KEYWORD),

    START(Kind.PREPROCESSOR),
    END(Kind.PREPROCESSOR),
    STEP(Kind.PREPROCESSOR),
    RANGE(Kind.PREPROCESSOR),
    MAX_OF(Kind.PREPROCESSOR),
    MIN_OF(Kind.PREPROCESSOR);

    /** How a token is described in "unexpected ..." messages. */
    enum Kind {
        END, VALUE, PUNCTUATION, OPERATOR, AGGREGATOR, KEYWORD, PREPROCESSOR
    }

    final Kind kind;

    TokenType(Kind kind) {
        this.kind = kind;
    }

    boolean isAggregator() {
        return kind == Kind.AGGREGATOR;
    }

    /** Tokens that can name a metric when they start an operand ({@code sum}, {@code by}, {@code offset}, ...). */
    boolean isMetricIdentifier() {
        return switch (this) {
            case IDENTIFIER, METRIC_IDENTIFIER, BY, WITHOUT, FILL, FILL_LEFT, FILL_RIGHT, LAND, LOR, LUNLESS, OFFSET,
                    START, END, STEP, RANGE, ANCHORED, SMOOTHED, MAX_OF, MIN_OF -> true;
            default -> isAggregator();
        };
    }

    /** Tokens accepted as a label name in {@code by}, {@code without}, {@code on}, {@code group_left} lists. */
    boolean isGroupingLabel() {
        return switch (this) {
            case IDENTIFIER, METRIC_IDENTIFIER, BOOL, BY, GROUP_LEFT, GROUP_RIGHT, FILL, FILL_LEFT, FILL_RIGHT,
                    IGNORING, LAND, LOR, LUNLESS, OFFSET, ON, START, END, ATAN2, STEP, RANGE, ANCHORED, SMOOTHED,
                    MAX_OF, MIN_OF -> true;
            default -> isAggregator();
        };
    }
}
