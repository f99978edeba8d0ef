package io.pharos.alertmanager.testing;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local HTTP server standing for a webhook receiver: it records every request and answers
 * with queued status codes (200 once the queue is empty).
 */
public final class WebhookReceiver implements AutoCloseable {
    /** One received request. */
    public record Request(String method, String path, Headers headers, String body) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Request> requests = new ArrayList<>();
    private final Deque<Integer> statuses = new ConcurrentLinkedDeque<>();
    private volatile Duration delay = Duration.ZERO;
    private volatile String okBody = "";
    private volatile String okContentType = "text/plain";

    public WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            synchronized (requests) {
                requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders(), body));
                requests.notifyAll();
            }
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Integer status = statuses.poll();
            int code = status == null ? 200 : status;
            byte[] reply = (code == 200 ? okBody : "failure " + code).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", code == 200 ? okContentType : "text/plain");
            exchange.sendResponseHeaders(code, reply.length == 0 ? -1 : reply.length);
            if (reply.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(reply);
                }
            }
            exchange.close();
        });
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The next answers, in order; afterwards 200. */
    public void respondWith(Integer... codes) {
        statuses.addAll(List.of(codes));
    }

    /** What a 200 answer carries (Slack answers webhooks with "ok"). */
    public void okBody(String body, String contentType) {
        okBody = body;
        okContentType = contentType;
    }

    public void delay(Duration d) {
        delay = d;
    }

    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** Waits until at least {@code n} requests came, or fails after {@code timeout}. */
    public List<Request> await(int n, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        synchronized (requests) {
            while (requests.size() < n) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("expected " + n + " webhook requests, got " + requests.size());
                }
                requests.wait(Math.max(1, left / 1_000_000));
            }
            return List.copyOf(requests);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
