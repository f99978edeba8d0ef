package io.pharos.collector.scrape;

/**
 * A scrape that produced no usable samples: HTTP error, timeout, refused connection, bad
 * format, or a limit exceeded. Carries how many samples were read before it failed, which the
 * report series still show, as in Prometheus.
 */
public final class ScrapeException extends Exception {
    private final int samplesScraped;
    private final int samplesPostRelabeling;

    public ScrapeException(String message) {
        this(message, null, 0, 0);
    }

    public ScrapeException(String message, Throwable cause) {
        this(message, cause, 0, 0);
    }

    public ScrapeException(String message, Throwable cause, int samplesScraped, int samplesPostRelabeling) {
        super(message, cause);
        this.samplesScraped = samplesScraped;
        this.samplesPostRelabeling = samplesPostRelabeling;
    }

    public int samplesScraped() {
        return samplesScraped;
    }

    public int samplesPostRelabeling() {
        return samplesPostRelabeling;
    }
}
