package io.pharos.collector.scrape;

/** A scrape's body, decompressed, and the Content-Type the target declared (empty when none). */
public record ScrapeResponse(byte[] body, int length, String contentType) {
    public static ScrapeResponse of(byte[] body, String contentType) {
        return new ScrapeResponse(body, body.length, contentType);
    }
}
