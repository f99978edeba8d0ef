package io.pharos.alertmanager.notify;

import io.pharos.alertmanager.config.HttpClientConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * Posting a JSON notification with a receiver's {@code http_config} (basic auth, authorization
 * header, credentials read from their files at each send) and classifying the answer as
 * Alertmanager does: 2xx is delivered, 5xx and the integration's extra retry codes are retried,
 * anything else fails for good.
 */
public final class HttpDelivery {
    /** Requests without a configured timeout still end; the flush's own timeout is longer. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient client;
    private final String userAgent;

    public HttpDelivery(HttpClient client, String userAgent) {
        this.client = client;
        this.userAgent = userAgent;
    }

    /** The answer: status, Content-Type and body. */
    public record Answer(int status, String contentType, String body) {
    }

    public Answer postJson(String url, byte[] body, HttpClientConfig http, Duration timeout, NotificationContext ctx)
            throws NotificationException {
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(url));
        } catch (IllegalArgumentException e) {
            throw new NotificationException("invalid URL: " + e.getMessage(), false, FailureReason.OTHER);
        }
        Duration t = timeout == null || timeout.isZero() ? DEFAULT_REQUEST_TIMEOUT : timeout;
        if (ctx != null && !ctx.timeout().isZero() && !ctx.timeout().isNegative() && ctx.timeout().compareTo(t) < 0) {
            t = ctx.timeout();
        }
        request.POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/json")
                .header("User-Agent", userAgent)
                .timeout(t);
        authorize(request, http);
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new NotificationException("Post \"<redacted>\": " + e.getMessage(), true,
                    FailureReason.CONTEXT_DEADLINE_EXCEEDED, e);
        } catch (IOException e) {
            throw new NotificationException("Post \"<redacted>\": " + e, true, FailureReason.OTHER, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotificationException("request interrupted", false, FailureReason.CONTEXT_CANCELED, e);
        }
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.body() == null ? "" : response.body());
    }

    /**
     * Throws unless the status is 2xx: {@code unexpected status code 500: <details>}, retried for
     * 5xx and {@code retryCodes}.
     */
    public static void check(Answer a, List<Integer> retryCodes, String details, String prefix) throws NotificationException {
        if (a.status() / 100 == 2) {
            return;
        }
        boolean retry = a.status() / 100 == 5 || retryCodes.contains(a.status());
        String msg = "unexpected status code " + a.status();
        if (details != null && !details.isEmpty()) {
            msg += ": " + details;
        }
        throw new NotificationException(prefix + msg, retry, FailureReason.fromStatusCode(a.status()));
    }

    /** The body as error details: at most 1024 bytes, trimmed. */
    public static String bodyDetails(Answer a) {
        String b = a.body().strip();
        return b.length() > 1024 ? b.substring(0, 1024) : b;
    }

    /** The Authorization header from {@code http_config}: basic auth or a typed credential, secrets read from files. */
    public static void authorize(HttpRequest.Builder request, HttpClientConfig http) throws NotificationException {
        if (http == null) {
            return;
        }
        if (http.basicAuth() != null) {
            HttpClientConfig.BasicAuth b = http.basicAuth();
            String password = b.passwordFile() != null ? readSecret(b.passwordFile(), "password_file") : b.password();
            String token = b.username() + ":" + (password == null ? "" : password);
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)));
        } else if (http.authorization() != null) {
            HttpClientConfig.Authorization a = http.authorization();
            String credentials = a.credentialsFile() != null ? readSecret(a.credentialsFile(), "credentials_file") : a.credentials();
            request.header("Authorization", a.type() + " " + (credentials == null ? "" : credentials));
        }
    }

    /** A secret from a {@code *_file}, trimmed of surrounding white space. */
    public static String readSecret(String file, String field) throws NotificationException {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new NotificationException("unable to read " + field + " " + file + ": " + e.getMessage(), false,
                    FailureReason.OTHER, e);
        }
    }

    /** Go's {@code TruncateInRunes}: at most n code points, the last replaced by an ellipsis when cut. */
    public static String truncateRunes(String s, int n) {
        int count = s.codePointCount(0, s.length());
        if (count <= n) {
            return s;
        }
        if (n <= 3) {
            return s.substring(0, s.offsetByCodePoints(0, n));
        }
        return s.substring(0, s.offsetByCodePoints(0, n - 1)) + "…";
    }
}
