package io.pharos.query.promql.ast;

/** The {@code @} modifier of a selector or subquery. */
public enum AtModifier {
    /** No {@code @}. */
    NONE,
    /** {@code @ start()}: the start of the query range. */
    START,
    /** {@code @ end()}: the end of the query range. */
    END,
    /** {@code @ <unix seconds>}: the fixed time held in {@code atMillis}. */
    TIMESTAMP
}
