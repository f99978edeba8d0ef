package io.pharos.query.promql.parser;

import io.pharos.query.promql.ast.PositionRange;

/**
 * A query that is not valid PromQL. {@link #getMessage()} is worded as Prometheus 3.x words it,
 * {@code 1:5: parse error: unexpected <op:+>}: the 1-based line and column (in UTF-8 bytes, as
 * Prometheus counts) of the start of the problem, then what is wrong.
 */
public final class ParseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String query;
    private final PositionRange position;
    private final String detail;

    public ParseException(String query, PositionRange position, String detail) {
        super(position.lineColumn(query) + ": parse error: " + detail);
        this.query = query;
        this.position = position;
        this.detail = detail;
    }

    /** The query that failed to parse. */
    public String query() {
        return query;
    }

    /** Where the problem is: 0-based char indexes into the query, end exclusive. */
    public PositionRange position() {
        return position;
    }

    /** The problem without the position prefix, e.g. {@code unexpected <op:+>}. */
    public String detail() {
        return detail;
    }
}
