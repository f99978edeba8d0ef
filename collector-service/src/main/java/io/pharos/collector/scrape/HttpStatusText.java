package io.pharos.collector.scrape;

import java.util.Map;

/** "503 Service Unavailable": a status as Go's {@code resp.Status} prints it, which Prometheus's scrape errors show. */
final class HttpStatusText {
    private static final Map<Integer, String> TEXT = Map.ofEntries(
            Map.entry(301, "Moved Permanently"), Map.entry(302, "Found"), Map.entry(304, "Not Modified"),
            Map.entry(307, "Temporary Redirect"), Map.entry(308, "Permanent Redirect"), Map.entry(400, "Bad Request"),
            Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"),
            Map.entry(405, "Method Not Allowed"), Map.entry(406, "Not Acceptable"), Map.entry(408, "Request Timeout"),
            Map.entry(429, "Too Many Requests"), Map.entry(500, "Internal Server Error"), Map.entry(501, "Not Implemented"),
            Map.entry(502, "Bad Gateway"), Map.entry(503, "Service Unavailable"), Map.entry(504, "Gateway Timeout"),
            Map.entry(201, "Created"), Map.entry(202, "Accepted"), Map.entry(204, "No Content"));

    private HttpStatusText() {
    }

    static String of(int code) {
        String t = TEXT.get(code);
        return t == null ? Integer.toString(code) : code + " " + t;
    }
}
