package io.pharos.model.config;

/**
 * The per-scrape limits; 0 means no limit. A scrape config's own value wins, a 0 there takes
 * the {@code global} one, as in Prometheus.
 */
public record ScrapeLimits(
        long bodySizeLimit,
        long targetLimit,
        long labelLimit,
        long labelNameLengthLimit,
        long labelValueLengthLimit,
        long keepDroppedTargets) {

    public static final ScrapeLimits NONE = new ScrapeLimits(0, 0, 0, 0, 0, 0);
}
