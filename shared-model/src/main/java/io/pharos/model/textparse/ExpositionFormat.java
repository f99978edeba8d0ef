package io.pharos.model.textparse;

import java.util.Locale;

/**
 * The exposition formats Pharos reads, chosen by a scrape response's {@code Content-Type} as
 * Prometheus chooses: {@code application/openmetrics-text} is OpenMetrics, {@code text/plain}
 * the Prometheus text format.
 */
public enum ExpositionFormat {
    PROMETHEUS_TEXT, OPENMETRICS;

    /** The format of a media type, or null when it is none Pharos reads. */
    public static ExpositionFormat fromContentType(String contentType) {
        if (contentType == null) {
            return null;
        }
        int semi = contentType.indexOf(';');
        String media = (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
        switch (media) {
            case "application/openmetrics-text":
                return OPENMETRICS;
            case "text/plain":
                return PROMETHEUS_TEXT;
            default:
                return null;
        }
    }

    /** The format of a {@code scrape_protocols} name such as {@code OpenMetricsText1.0.0}. */
    public static ExpositionFormat fromProtocol(String protocol) {
        if (protocol.startsWith("OpenMetricsText")) {
            return OPENMETRICS;
        }
        if (protocol.startsWith("PrometheusText")) {
            return PROMETHEUS_TEXT;
        }
        return null;
    }

    public ExpositionParser parser(byte[] body, int length) {
        return this == OPENMETRICS ? new OpenMetricsParser(body, length) : new PromTextParser(body, length);
    }
}
