package io.pharos.alertmanager.notify.webhook;

import io.pharos.alertmanager.alert.Alert;
import io.pharos.alertmanager.config.WebhookConfig;
import io.pharos.alertmanager.notify.FailureReason;
import io.pharos.alertmanager.notify.HttpDelivery;
import io.pharos.alertmanager.notify.NotificationContext;
import io.pharos.alertmanager.notify.NotificationData;
import io.pharos.alertmanager.notify.NotificationException;
import io.pharos.alertmanager.notify.Notifier;
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
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/**
 * POSTs Alertmanager's webhook JSON (version 4) to {@code url}, or to the URL read from
 * {@code url_file} at each send. A 2xx is success, a 5xx or a network error is retried, any other
 * status is a permanent failure.
 */
public final class WebhookNotifier implements Notifier {
    /** Requests without a configured {@code timeout} still end; the flush's own timeout is longer. */
    static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_ERROR_BODY = 1024;

    private final WebhookConfig config;
    private final String externalUrl;
    private final HttpClient client;
    private final JsonMapper json;
    private final String userAgent;

    public WebhookNotifier(WebhookConfig config, String externalUrl, HttpClient client, JsonMapper json, String userAgent) {
        this.config = config;
        this.externalUrl = externalUrl;
        this.client = client;
        this.json = json;
        this.userAgent = userAgent;
    }

    @Override
    public void notify(NotificationContext ctx, List<Alert> alerts) throws NotificationException {
        List<Alert> kept = alerts;
        long truncated = 0;
        if (config.maxAlerts() > 0 && alerts.size() > config.maxAlerts()) {
            kept = alerts.subList(0, (int) config.maxAlerts());
            truncated = alerts.size() - config.maxAlerts();
        }
        WebhookMessage message = WebhookMessage.of(NotificationData.of(ctx, kept, externalUrl), ctx.groupKey(), truncated);
        byte[] body = body(message);
        String url = url();
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(url));
        } catch (IllegalArgumentException e) {
            throw new NotificationException("invalid webhook URL: " + e.getMessage(), false, FailureReason.OTHER);
        }
        request.POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/json")
                .header("User-Agent", userAgent)
                .timeout(requestTimeout(ctx));
        HttpDelivery.authorize(request, config.httpConfig());

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
            throw new NotificationException("webhook request interrupted", false, FailureReason.CONTEXT_CANCELED, e);
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            return;
        }
        String details = response.body() == null ? "" : response.body().strip();
        if (details.length() > MAX_ERROR_BODY) {
            details = details.substring(0, MAX_ERROR_BODY);
        }
        String msg = "unexpected status code " + status + (details.isEmpty() ? "" : ": " + details);
        throw new NotificationException(msg, status / 100 == 5, FailureReason.fromStatusCode(status));
    }

    private byte[] body(WebhookMessage message) throws NotificationException {
        try {
            byte[] b = json.writeValueAsBytes(message);
            byte[] withNewline = new byte[b.length + 1];
            System.arraycopy(b, 0, withNewline, 0, b.length);
            withNewline[b.length] = '\n';
            return withNewline;
        } catch (RuntimeException e) {
            throw new NotificationException("cannot encode webhook message: " + e.getMessage(), false, FailureReason.OTHER, e);
        }
    }

    private String url() throws NotificationException {
        String url = config.url();
        if (url == null) {
            try {
                url = Files.readString(Path.of(config.urlFile()), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new NotificationException("read url_file: " + e.getMessage(), false, FailureReason.OTHER, e);
            }
        }
        if (url.isEmpty()) {
            throw new NotificationException("webhook URL is empty", false, FailureReason.OTHER);
        }
        return url;
    }

    private Duration requestTimeout(NotificationContext ctx) {
        Duration t = config.timeout().isZero() ? DEFAULT_REQUEST_TIMEOUT : config.timeout();
        if (ctx.timeout().isNegative() || ctx.timeout().isZero()) {
            return t;
        }
        return t.compareTo(ctx.timeout()) < 0 ? t : ctx.timeout();
    }

}
