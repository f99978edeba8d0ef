package io.pharos.collector.scrape;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;

/** A real HTTP target on 127.0.0.1 serving a settable body, recording the last request's headers and query. */
final class LoopbackTarget implements AutoCloseable {
    private final HttpServer server;
    volatile String body = "";
    volatile String contentType = "";
    volatile int status = 200;
    volatile boolean gzip;
    volatile String redirectTo;
    volatile Headers lastHeaders;
    volatile String lastQuery;
    final Map<String, Integer> hits = new ConcurrentHashMap<>();

    LoopbackTarget() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            lastHeaders = ex.getRequestHeaders();
            lastQuery = ex.getRequestURI().getRawQuery();
            hits.merge(ex.getRequestURI().getPath(), 1, Integer::sum);
            if (redirectTo != null && !ex.getRequestURI().getPath().equals(redirectTo)) {
                ex.getResponseHeaders().set("Location", redirectTo);
                ex.sendResponseHeaders(302, -1);
                ex.close();
                return;
            }
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            if (gzip) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                try (GZIPOutputStream z = new GZIPOutputStream(out)) {
                    z.write(b);
                }
                b = out.toByteArray();
                ex.getResponseHeaders().set("Content-Encoding", "gzip");
            }
            if (!contentType.isEmpty()) {
                ex.getResponseHeaders().set("Content-Type", contentType);
            }
            ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
            if (b.length > 0) {
                ex.getResponseBody().write(b);
            }
            ex.close();
        });
        server.start();
    }

    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
