package io.pharos.alertmanager.compat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Alertmanager's API v2 over HTTP, the same calls for Pharos and for the real one. */
final class AlertmanagerClient {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final String name;
    private final String baseUrl;

    AlertmanagerClient(String name, String baseUrl) {
        this.name = name;
        this.baseUrl = baseUrl;
    }

    String name() {
        return name;
    }

    String url() {
        return baseUrl;
    }

    /** {@code POST /api/v2/alerts}; fails unless 200. */
    void postAlerts(String alertsJson) throws IOException, InterruptedException {
        HttpResponse<String> r = post("/api/v2/alerts", alertsJson);
        if (r.statusCode() != 200) {
            throw new AssertionError(name + ": POST /api/v2/alerts answered " + r.statusCode() + ": " + r.body());
        }
    }

    /** {@code POST} of a raw body: the status code and the body of the answer. */
    String postRaw(String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = post(path, body);
        return r.statusCode() + " " + r.body().strip();
    }

    /** A request of any method without a body: the status code and the body of the answer. */
    String send(String method, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT)
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body().strip();
    }

    /** {@code POST /api/v2/silences}; the new silence's ID. */
    String createSilence(String silenceJson) throws IOException, InterruptedException {
        HttpResponse<String> r = post("/api/v2/silences", silenceJson);
        if (r.statusCode() != 200) {
            throw new AssertionError(name + ": POST /api/v2/silences answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body()).get("silenceID").asString();
    }

    /** {@code DELETE /api/v2/silence/{id}}: expires the silence; fails unless 200. */
    void expireSilence(String id) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v2/silence/" + id))
                .timeout(TIMEOUT).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new AssertionError(name + ": DELETE /api/v2/silence/" + id + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    /** A GET whose answer must be 200 JSON; {@code query} is already encoded (see {@link #param}). */
    JsonNode get(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).timeout(TIMEOUT)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new AssertionError(name + ": GET " + pathAndQuery + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** {@code name=value} with the value URL-encoded. */
    static String param(String name, String value) {
        return name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public String toString() {
        return name + "@" + baseUrl;
    }
}
