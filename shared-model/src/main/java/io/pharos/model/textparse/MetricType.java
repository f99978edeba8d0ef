package io.pharos.model.textparse;

/** Metric families' types as the exposition formats declare them. */
public enum MetricType {
    COUNTER, GAUGE, HISTOGRAM, SUMMARY, UNTYPED, INFO, STATESET, GAUGEHISTOGRAM, UNKNOWN;

    /** The type for a {@code # TYPE} token, or null when the token names no type. */
    public static MetricType fromToken(String token) {
        return switch (token) {
            case "counter" -> COUNTER;
            case "gauge" -> GAUGE;
            case "histogram" -> HISTOGRAM;
            case "summary" -> SUMMARY;
            case "untyped" -> UNTYPED;
            case "info" -> INFO;
            case "stateset" -> STATESET;
            case "gaugehistogram" -> GAUGEHISTOGRAM;
            case "unknown" -> UNKNOWN;
            default -> null;
        };
    }
}
