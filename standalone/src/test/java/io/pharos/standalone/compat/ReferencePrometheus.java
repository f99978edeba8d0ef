package io.pharos.standalone.compat;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus (Debian's {@code prometheus} package) on a loopback port: the reference the
 * differential tests compare Pharos against. Tests feed it through remote write
 * ({@code --web.enable-remote-write-receiver}) or by scraping, as its configuration says.
 */
final class ReferencePrometheus implements AutoCloseable {
    private final Process process;
    private final int port;

    private ReferencePrometheus(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static boolean available() {
        return new File("/usr/bin/prometheus").canExecute() && new File("/usr/bin/promtool").canExecute();
    }

    /**
     * Starts Prometheus with the given {@code prometheus.yml} text (written to {@code dir}, so
     * relative rule_files resolve there), its TSDB under {@code dir/tsdb}, on a free loopback
     * port, with the extra command-line flags; returns once {@code /-/ready} answers.
     */
    static ReferencePrometheus start(String configYaml, Path dir, List<String> flags)
            throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("tsdb"));
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, configYaml);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of("/usr/bin/prometheus", "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port,
                "--web.external-url=http://127.0.0.1:" + port));
        command.addAll(flags);
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        ReferencePrometheus ref = new ReferencePrometheus(p, port);
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(ref.url() + "/-/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return ref;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (!p.isAlive()) {
                break;
            }
            Thread.sleep(200);
        }
        ref.close();
        throw new IOException("Prometheus did not become ready: " + Files.readString(dir.resolve("prometheus.log")));
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
