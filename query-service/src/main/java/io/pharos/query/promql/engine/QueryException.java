package io.pharos.query.promql.engine;

/** A query that failed while evaluating, with the kind of failure Prometheus reports. */
public final class QueryException extends RuntimeException {
    public enum Kind { EXECUTION, TIMEOUT, CANCELED, BAD_DATA }

    private final Kind kind;

    public QueryException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static QueryException execution(String message) {
        return new QueryException(Kind.EXECUTION, message);
    }
}
