package io.pharos.query.promql.engine;

import io.pharos.query.promql.ast.PositionRange;

/**
 * A warning or an info that a query produced, as Prometheus's annotations: the message and the
 * position of the sub-expression that caused it.
 */
public record Annotation(Kind kind, String message, PositionRange position) {

    public enum Kind {
        WARNING("PromQL warning"),
        INFO("PromQL info");

        private final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }

        public String prefix() {
            return prefix;
        }
    }

    public static Annotation warning(String message, PositionRange position) {
        return new Annotation(Kind.WARNING, message, position);
    }

    public static Annotation info(String message, PositionRange position) {
        return new Annotation(Kind.INFO, message, position);
    }

    /**
     * The text Prometheus's API shows: {@code PromQL warning: <message> (1:7)}, the position as
     * line:column of the query text; without a query (or a position) the position is left out.
     */
    public String format(String query) {
        String text = kind.prefix() + ": " + message;
        if (query == null || query.isEmpty() || position == null || position.start() < 0) {
            return text;
        }
        return text + " (" + position.lineColumn(query) + ")";
    }
}
