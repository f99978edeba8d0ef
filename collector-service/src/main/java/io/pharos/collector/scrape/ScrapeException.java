package io.pharos.collector.scrape;

/** A scrape that produced no usable body: HTTP error, timeout, refused connection, bad format. */
public final class ScrapeException extends Exception {
    public ScrapeException(String message) {
        super(message);
    }

    public ScrapeException(String message, Throwable cause) {
        super(message, cause);
    }
}
