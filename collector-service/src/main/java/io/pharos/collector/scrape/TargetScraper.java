package io.pharos.collector.scrape;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.zip.GZIPInputStream;

/** Fetches a target's exposition body over HTTP, with the headers Prometheus sends. */
public final class TargetScraper {
    /** Only the text format is asked for until the OpenMetrics parser lands. */
    static final String ACCEPT = "text/plain;version=0.0.4;q=1,*/*;q=0.1";

    private final HttpClient client;

    public TargetScraper(HttpClient client) {
        this.client = client;
    }

    /** The body of a successful scrape, decompressed. */
    public byte[] scrape(ScrapeTarget target) throws ScrapeException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(target.url())
                .timeout(target.timeout())
                .header("Accept", ACCEPT)
                .header("Accept-Encoding", "gzip")
                .header("User-Agent", "Pharos/0.1")
                .header("X-Prometheus-Scrape-Timeout-Seconds", Double.toString(target.timeout().toMillis() / 1000.0))
                .GET()
                .build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new ScrapeException("Get \"" + target.url() + "\": context deadline exceeded", e);
        } catch (ConnectException e) {
            throw new ScrapeException("Get \"" + target.url() + "\": connection refused", e);
        } catch (IOException e) {
            throw new ScrapeException("Get \"" + target.url() + "\": " + e, e);
        }
        try (InputStream raw = response.body()) {
            if (response.statusCode() != 200) {
                throw new ScrapeException("server returned HTTP status " + response.statusCode());
            }
            boolean gzip = response.headers().firstValue("Content-Encoding").map("gzip"::equalsIgnoreCase).orElse(false);
            try (InputStream in = gzip ? new GZIPInputStream(raw) : raw) {
                ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
                in.transferTo(out);
                return out.toByteArray();
            }
        } catch (IOException e) {
            throw new ScrapeException("reading the body of " + target.url() + ": " + e.getMessage(), e);
        }
    }
}
