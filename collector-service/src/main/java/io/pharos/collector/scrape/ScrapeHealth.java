package io.pharos.collector.scrape;

import java.time.Duration;
import java.time.Instant;

/** The outcome of a target's last scrape, as the targets API reports it. */
public record ScrapeHealth(State state, Instant lastScrape, Duration lastDuration, String lastError) {
    public enum State { UNKNOWN, UP, DOWN }

    public static final ScrapeHealth UNKNOWN = new ScrapeHealth(State.UNKNOWN, null, Duration.ZERO, "");
}
