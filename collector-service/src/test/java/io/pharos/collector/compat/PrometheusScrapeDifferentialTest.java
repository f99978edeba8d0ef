package io.pharos.collector.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.pharos.collector.scrape.HttpClients;
import io.pharos.collector.scrape.ScrapeLoop;
import io.pharos.collector.scrape.TargetLabels;
import io.pharos.collector.scrape.TargetScraper;
import io.pharos.model.config.PrometheusConfigLoader;
import io.pharos.model.config.ScrapeConfig;
import io.pharos.model.labels.Labels;
import io.pharos.model.sample.SamplePublisher;
import io.pharos.model.sample.SeriesSamples;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (Debian's {@code prometheus} on the PATH; the test is skipped without it)
 * and Pharos scrape the same loopback targets, one in the text format and one in OpenMetrics,
 * through the same relabel_configs and metric_relabel_configs: they must store the same series,
 * with the same label values. Prometheus's series are read back from its /api/v1/series.
 */
class PrometheusScrapeDifferentialTest {
    @TempDir
    Path dir;
    private HttpServer targets;
    private Process prometheus;

    @AfterEach
    void stop() throws Exception {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
        }
        if (targets != null) {
            targets.stop(0);
        }
    }

    private static Path prometheusBinary() {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(d, "prometheus");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    private static String body(String file, String fallback) throws IOException {
        String shared = System.getProperty("pharos.shared.dir");
        if (shared != null) {
            Path p = Path.of(shared, "conformance", "exposition", "textparse", file);
            if (Files.exists(p)) {
                return Files.readString(p);
            }
        }
        return fallback;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void pharosStoresTheSeriesPrometheusStores() throws Exception {
        Path binary = prometheusBinary();
        Assumptions.assumeTrue(binary != null, "no prometheus binary on the PATH");
        String text = body("alltypes.237mfs.prom.txt", "a_total{x=\"1\"} 1\nb 2\n");
        String om = body("alltypes.5mfs.om.txt", "# TYPE c counter\nc_total 1\n# EOF\n");
        targets = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        targets.createContext("/text", ex -> {
            byte[] b = text.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        targets.createContext("/om", ex -> {
            byte[] b = om.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/openmetrics-text; version=1.0.0; charset=utf-8");
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        targets.start();
        String address = "127.0.0.1:" + targets.getAddress().getPort();
        String jobs = """
                scrape_configs:
                  - job_name: diff_text
                    metrics_path: /text
                    static_configs: [{targets: ['%1$s'], labels: {team: core}}]
                    relabel_configs:
                      - {source_labels: [__address__], regex: '(.*):(\\d+)', target_label: host, replacement: '$1'}
                      - {source_labels: [team], target_label: team_upper, action: uppercase}
                      - {source_labels: [__address__], modulus: 8, target_label: shard, action: hashmod}
                      - {target_label: env, replacement: prod}
                    metric_relabel_configs:
                      - {source_labels: [__name__], regex: 'go_memstats_.*', action: drop}
                      - {source_labels: [__name__], regex: '(go_gc)_(.*)', target_label: family, replacement: '${1}'}
                      - {regex: '(le)', replacement: 'bucket_$1', action: labelmap}
                      - {source_labels: [env], target_label: team, action: keepequal}
                  - job_name: diff_om
                    metrics_path: /om
                    static_configs: [{targets: ['%1$s']}]
                    metric_relabel_configs:
                      - {source_labels: [__name__], regex: '.*_created', action: drop}
                      - {regex: 'instance|job', action: labelkeep}
                """.formatted(address);
        // keepequal above keeps nothing of diff_text (env != team): replace it by a rule that keeps everything
        jobs = jobs.replace("{source_labels: [env], target_label: team, action: keepequal}",
                "{source_labels: [env], target_label: env, action: keepequal}");
        jobs = jobs.replace("{regex: 'instance|job', action: labelkeep}",
                "{regex: 'foo|bar', action: labeldrop}");
        String promYaml = "global: {scrape_interval: 1s, scrape_timeout: 1s}\n" + jobs;
        Path cfg = dir.resolve("prometheus.yml");
        Files.writeString(cfg, promYaml);
        int port = freePort();
        prometheus = new ProcessBuilder(binary.toString(), "--config.file=" + cfg, "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port, "--web.external-url=http://127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();

        // Pharos: the same config, one scrape of each target
        List<SeriesSamples> published = new ArrayList<>();
        SamplePublisher publisher = s -> {
            published.addAll(s);
            return CompletableFuture.completedFuture(null);
        };
        for (ScrapeConfig c : PrometheusConfigLoader.parse("prometheus.yml", promYaml, dir).scrapeConfigs()) {
            TargetLabels.Result r = TargetLabels.populate(c, Labels.of("__address__", address), Labels.of("team", "core"));
            if (c.jobName().equals("diff_om")) {
                r = TargetLabels.populate(c, Labels.of("__address__", address), Labels.EMPTY);
            }
            assertThat(r.error()).isEmpty();
            ScrapeLoop loop = new ScrapeLoop(r.target(), new TargetScraper(HttpClients.build(c.http()), c.http()), publisher,
                    Clock.systemUTC());
            loop.scrapeOnce();
            assertThat(loop.health().lastError()).as(c.jobName()).isEmpty();
        }

        HttpClient http = HttpClient.newHttpClient();
        for (String job : List.of("diff_text", "diff_om")) {
            Set<String> expected = new TreeSet<>();
            published.stream().filter(s -> s.labels().get("job").equals(job)).forEach(s -> expected.add(s.labels().toString()));
            assertThat(expected).as(job).hasSizeGreaterThan(10);
            if (job.equals("diff_text")) {
                assertThat(expected).anyMatch(l -> l.contains("bucket_le=")).anyMatch(l -> l.contains("family=\"go_gc\""))
                        .noneMatch(l -> l.startsWith("go_memstats_"));
            }
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                Set<String> actual = prometheusSeries(http, port, job);
                assertThat(actual).as("series of %s in Prometheus vs Pharos", job).isEqualTo(expected);
            });
        }
    }

    @Test
    void aRealPrometheusRemoteWritesIntoTheReceiver() throws Exception {
        Path binary = prometheusBinary();
        Assumptions.assumeTrue(binary != null, "no prometheus binary on the PATH");
        List<SeriesSamples> received = java.util.Collections.synchronizedList(new ArrayList<>());
        io.pharos.collector.remotewrite.RemoteWriteReceiver receiver = new io.pharos.collector.remotewrite.RemoteWriteReceiver(
                s -> {
                    received.addAll(s);
                    return CompletableFuture.completedFuture(null);
                }, 64 << 20);
        List<String> headers = java.util.Collections.synchronizedList(new ArrayList<>());
        targets = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        targets.createContext("/api/v1/write", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            headers.add(ex.getRequestHeaders().getFirst("Content-Type") + " " + ex.getRequestHeaders().getFirst("Content-Encoding"));
            io.pharos.collector.remotewrite.RemoteWriteReceiver.Outcome o = receiver.receive(
                    ex.getRequestHeaders().getFirst("Content-Type"), ex.getRequestHeaders().getFirst("Content-Encoding"), body).join();
            ex.sendResponseHeaders(o.status(), -1);
            ex.close();
        });
        targets.start();
        int port = freePort();
        Path cfg = dir.resolve("prometheus.yml");
        Files.writeString(cfg, """
                global: {scrape_interval: 1s, scrape_timeout: 1s}
                scrape_configs:
                  - job_name: self
                    static_configs: [{targets: ['127.0.0.1:%d']}]
                remote_write:
                  - url: http://127.0.0.1:%d/api/v1/write
                    queue_config: {batch_send_deadline: 1s}
                """.formatted(port, targets.getAddress().getPort()));
        prometheus = new ProcessBuilder(binary.toString(), "--config.file=" + cfg, "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port).redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        await().atMost(Duration.ofSeconds(60)).until(() -> received.stream().anyMatch(s ->
                s.labels().metricName().equals("up") && s.labels().get("job").equals("self") && s.values()[0] == 1.0));
        assertThat(headers.get(0)).isEqualTo("application/x-protobuf snappy");
        assertThat(received).anyMatch(s -> s.labels().metricName().startsWith("prometheus_") && s.timestamps()[0] > 0);
    }

    private static final Pattern SERIES = Pattern.compile("\\{([^{}]*)\\}");
    private static final Pattern PAIR = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\":\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** Every series of the job, in Pharos's Labels.toString() form, from Prometheus's /api/v1/series. */
    private static Set<String> prometheusSeries(HttpClient http, int port, String job) throws Exception {
        String match = URLEncoder.encode("{job=\"" + job + "\"}", StandardCharsets.UTF_8);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/series?match[]="
                + match)).build(), HttpResponse.BodyHandlers.ofString());
        Set<String> out = new TreeSet<>();
        if (r.statusCode() != 200) {
            return out;
        }
        String body = r.body();
        int data = body.indexOf("\"data\":[");
        Matcher m = SERIES.matcher(body.substring(data));
        while (m.find()) {
            Labels.Builder b = Labels.builder();
            Matcher p = PAIR.matcher(m.group(1));
            while (p.find()) {
                b.set(unescape(p.group(1)), unescape(p.group(2)));
            }
            out.add(b.build().toString());
        }
        return out;
    }

    private static String unescape(String json) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '\\' && i + 1 < json.length()) {
                char e = json.charAt(++i);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        sb.append((char) Integer.parseInt(json.substring(i + 1, i + 5), 16));
                        i += 4;
                    }
                    default -> sb.append(e);
                }
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

}
