package io.pharos.query.api;

/** An API failure with Prometheus's error type and HTTP status. */
public final class ApiError extends RuntimeException {
    public enum Type {
        BAD_DATA("bad_data", 400),
        EXECUTION("execution", 422),
        TIMEOUT("timeout", 503),
        CANCELED("canceled", 503),
        INTERNAL("internal", 500),
        UNAVAILABLE("unavailable", 503),
        NOT_FOUND("not_found", 404);

        private final String json;
        private final int status;

        Type(String json, int status) {
            this.json = json;
            this.status = status;
        }

        public String json() {
            return json;
        }

        public int status() {
            return status;
        }
    }

    private final Type type;

    public ApiError(Type type, String message) {
        super(message);
        this.type = type;
    }

    public Type type() {
        return type;
    }
}
