package io.pharos.collector.scrape;

import io.pharos.model.config.HttpClientConfig;
import io.pharos.model.config.ScrapeConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Fetches a target's exposition body over HTTP with the headers Prometheus sends (the
 * {@code Accept} header built from {@code scrape_protocols}, gzip unless compression is off,
 * the scrape timeout), its credentials ({@code basic_auth}, {@code authorization}; files are
 * read at each scrape, as Prometheus does), and {@code body_size_limit}.
 */
public final class TargetScraper {
    static final String USER_AGENT = "Pharos/0.1";
    private static final Map<String, String> PROTOCOL_HEADERS = Map.of(
            "PrometheusText0.0.4", "text/plain;version=0.0.4",
            "PrometheusText1.0.0", "text/plain;version=1.0.0",
            "OpenMetricsText0.0.1", "application/openmetrics-text;version=0.0.1",
            "OpenMetricsText1.0.0", "application/openmetrics-text;version=1.0.0");

    private final HttpClient client;
    private final HttpClientConfig http;

    public TargetScraper(HttpClient client) {
        this(client, HttpClientConfig.DEFAULT);
    }

    public TargetScraper(HttpClient client, HttpClientConfig http) {
        this.client = client;
        this.http = http;
    }

    /**
     * Prometheus's Accept header: each protocol with a falling weight (escaping=underscores on the
     * 1.0.0 text formats, since Pharos reads classic metric names), then anything.
     */
    public static String acceptHeader(List<String> protocols) {
        StringBuilder sb = new StringBuilder();
        int weight = PROTOCOL_HEADERS.size() + 2;
        for (String p : protocols) {
            String v = PROTOCOL_HEADERS.get(p);
            if (v == null) {
                continue;
            }
            if (p.equals("PrometheusText1.0.0") || p.equals("OpenMetricsText1.0.0")) {
                v += ";escaping=underscores";
            }
            sb.append(v).append(";q=0.").append(weight).append(',');
            weight--;
        }
        return sb.append("*/*;q=0.").append(weight).toString();
    }

    /** The body of a successful scrape, decompressed, with its Content-Type. */
    public ScrapeResponse scrape(ScrapeTarget target) throws ScrapeException, InterruptedException {
        ScrapeConfig cfg = target.config();
        HttpRequest.Builder rb = HttpRequest.newBuilder(target.url())
                .timeout(target.timeout())
                .header("Accept", acceptHeader(cfg.scrapeProtocols()))
                .header("Accept-Encoding", cfg.enableCompression() ? "gzip" : "identity")
                .header("User-Agent", USER_AGENT)
                .header("X-Prometheus-Scrape-Timeout-Seconds", seconds(target.timeout().toMillis()))
                .GET();
        if ("http".equals(target.url().getScheme())) {
            rb.version(HttpClient.Version.HTTP_1_1); // HTTP/2 only over TLS, as Go's client does
        }
        String auth = authorization();
        if (auth != null) {
            rb.header("Authorization", auth);
        }
        HttpResponse<InputStream> response;
        try {
            response = client.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new ScrapeException("Get \"" + target.url() + "\": context deadline exceeded", e);
        } catch (ConnectException e) {
            throw new ScrapeException("Get \"" + target.url() + "\": dial tcp " + target.url().getAuthority()
                    + ": connect: connection refused", e);
        } catch (IOException e) {
            throw new ScrapeException("Get \"" + target.url() + "\": " + e.getMessage(), e);
        }
        long limit = cfg.limits().bodySizeLimit() <= 0 ? Long.MAX_VALUE : cfg.limits().bodySizeLimit();
        try (InputStream raw = response.body()) {
            if (response.statusCode() != 200) {
                throw new ScrapeException("server returned HTTP status " + HttpStatusText.of(response.statusCode()));
            }
            boolean gzip = response.headers().firstValue("Content-Encoding").map("gzip"::equalsIgnoreCase).orElse(false);
            try (InputStream in = gzip ? new GZIPInputStream(raw) : raw) {
                ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
                byte[] buf = new byte[16384];
                long n = 0;
                int r;
                while ((r = in.read(buf, 0, (int) Math.min(buf.length, limit - n))) > 0) {
                    out.write(buf, 0, r);
                    n += r;
                    if (n >= limit) {
                        throw new ScrapeException("body size limit exceeded");
                    }
                }
                return ScrapeResponse.of(out.toByteArray(), response.headers().firstValue("Content-Type").orElse(""));
            }
        } catch (IOException e) {
            throw new ScrapeException("reading the body of " + target.url() + ": " + e.getMessage(), e);
        }
    }

    private String authorization() throws ScrapeException {
        if (http.basicAuth() != null) {
            HttpClientConfig.BasicAuth b = http.basicAuth();
            String user = b.usernameFile().isEmpty() ? b.username() : readSecret(b.usernameFile());
            String password = b.passwordFile().isEmpty() ? b.password() : readSecret(b.passwordFile());
            return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        }
        if (http.authorization() != null) {
            HttpClientConfig.Authorization a = http.authorization();
            String credentials = a.credentialsFile().isEmpty() ? a.credentials() : readSecret(a.credentialsFile());
            return a.type() + " " + credentials;
        }
        return null;
    }

    private static String readSecret(String file) throws ScrapeException {
        try {
            return Files.readString(Path.of(file)).strip();
        } catch (IOException e) {
            throw new ScrapeException("unable to read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String seconds(long millis) {
        if (millis % 1000 == 0) {
            return Long.toString(millis / 1000);
        }
        return java.math.BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString();
    }
}
