package io.pharos.standalone.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pharos.model.labels.Labels;
import io.pharos.standalone.PharosStandalone;
import io.pharos.testing.peers.ReferencePrometheus;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same samples go into a real Prometheus and into Pharos through remote write (Prometheus
 * with {@code --web.enable-remote-write-receiver}, Pharos through its collector's receiver);
 * then every query of {@link #QUERIES} runs against both HTTP APIs, as instant queries at
 * several times and as a range query, and the answers must match. Timestamps carry millisecond
 * jitter so that no sample sits on a range or lookback boundary, where Prometheus 2.42 (Debian's)
 * and 3.x legitimately differ. Both run with the same {@code --query.max-samples}, and queries
 * around it must be accepted or refused alike; {@code /api/v1/format_query} must answer alike.
 * Skipped where Debian's prometheus package is not installed ({@code .ci/run} installs it).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PromqlDifferentialTest {
    static final List<String> QUERIES = List.of(
            "diff_gauge",
            "diff_gauge{kind=\"a\"}",
            "{__name__=~\"diff_.*\",kind!=\"b\"}",
            "diff_gauge{kind=~\"a|c\",instance!~\"i2\"}",
            "diff_gauge * 2 + 1",
            "diff_gauge > 50",
            "diff_gauge > bool 50",
            "-diff_gauge",
            "diff_counter_total / on(kind, instance) diff_gauge",
            "diff_gauge and diff_counter_total",
            "diff_gauge unless on(kind) diff_gauge{kind=\"a\"}",
            "diff_gauge{kind=\"a\"} or diff_gauge{kind=\"b\"}",
            "diff_gauge offset 10m",
            "diff_gauge ^ 0.5",
            "rate(diff_counter_total[5m])",
            "irate(diff_counter_total[5m])",
            "increase(diff_counter_total[10m])",
            "sum by (kind) (rate(diff_counter_total[5m]))",
            "sum without (instance) (diff_gauge)",
            "avg(diff_gauge)",
            "max by (instance) (diff_gauge)",
            "min(diff_gauge)",
            "count(diff_gauge)",
            "stddev(diff_gauge)",
            "topk(2, diff_gauge)",
            "bottomk(1, diff_gauge)",
            "quantile(0.9, diff_gauge)",
            "histogram_quantile(0.9, sum by (le) (rate(diff_hist_bucket[5m])))",
            "histogram_quantile(0.5, rate(diff_hist_bucket[10m]))",
            "avg_over_time(diff_gauge[10m])",
            "max_over_time(diff_gauge[10m])",
            "min_over_time(diff_gauge[10m])",
            "sum_over_time(diff_gauge[10m])",
            "count_over_time(diff_gauge[10m])",
            "quantile_over_time(0.25, diff_gauge[10m])",
            "stddev_over_time(diff_gauge[10m])",
            "delta(diff_gauge[10m])",
            "idelta(diff_gauge[10m])",
            "deriv(diff_gauge[10m])",
            "predict_linear(diff_gauge[10m], 600)",
            "resets(diff_counter_total[30m])",
            "changes(diff_gauge[10m])",
            "abs(diff_gauge - 50)",
            "clamp(diff_gauge, 40, 60)",
            "clamp_max(diff_gauge, 55)",
            "round(diff_gauge, 0.5)",
            "label_replace(diff_gauge, \"k2\", \"x-$1\", \"kind\", \"(.*)\")",
            "label_join(diff_gauge, \"both\", \"/\", \"kind\", \"instance\")",
            "absent(nonexistent_metric)",
            "vector(1)",
            "scalar(sum(diff_gauge))",
            "time()",
            "timestamp(diff_gauge)",
            "sum(rate(diff_counter_total[5m])) / sum(rate(diff_counter_total[10m]))",
            "max_over_time(rate(diff_counter_total[5m])[30m:1m])",
            "count_values(\"value\", round(diff_gauge))",
            "clamp_min(diff_gauge, 50)",
            "sgn(diff_gauge - 50)",
            "diff_gauge % 7",
            "stdvar(diff_gauge)",
            "group by (kind) (diff_gauge)",
            "diff_gauge * on(kind) group_left sum by (kind) (diff_counter_total)",
            "diff_gauge atan2 on(kind, instance) diff_counter_total",
            "last_over_time(diff_gauge[5m])",
            "present_over_time(diff_gauge[5m])",
            "absent_over_time(nonexistent_metric[5m])",
            "diff_gauge @ end()",
            "rate(diff_counter_total[5m] @ start())",
            "diff_gauge offset -5m",
            "minute(timestamp(diff_gauge))",
            "avg_over_time(diff_gauge[17m:2m] offset 3m)",
            "topk by (instance) (1, diff_gauge)",
            "quantile by (kind) (0.5, diff_gauge)",
            "diff_hist_bucket / ignoring(le) group_left sum without (le) (diff_hist_bucket)",
            "sum(diff_gauge{kind=\"nonexistent\"}) or vector(0)",
            "count_over_time(diff_gauge[10m:1m])",
            "rate(diff_counter_total[5m] offset 1h)",
            "exp(diff_gauge / 100) - ln(diff_gauge)",
            "last_over_time(diff_gauge[5m] @ start())");

    /** Queries for /api/v1/format_query: each rule of Prometheus's prettifier, and one that does not parse. */
    static final List<String> FORMAT_QUERIES = List.of(
            "sum by (job) (rate(http_requests_total[5m]))",
            "sum(rate(http_requests_total{code=~\"5..\",job=\"api-server\"}[5m])) / sum(rate(http_requests_total{job=\"api-server\"}[5m]))",
            "topk(5, sum by (instance, job) (rate(node_cpu_seconds_total{job=\"node-exporter\",mode!=\"idle\"}[5m])))",
            "histogram_quantile(0.99, sum by (le, service) (rate(http_request_duration_seconds_bucket{service=\"checkout\"}[5m])))",
            "node_filesystem_avail_bytes{mountpoint=\"/\"} / on (instance) group_left (nodename) node_uname_info{job=\"node\"} > bool 0.5",
            "(first_metric_with_a_rather_long_name + second_metric_with_a_rather_long_name + third_metric_long_name)",
            "-sum(rate(http_requests_total{code=~\"5..\",job=\"api-server\"}[5m]) * on (instance) group_left () up{job=\"api\"})",
            "max_over_time(sum by (service, instance, pod) (rate(http_requests_total{job=\"api-server\",code=~\"5..\"}[5m]))[1h:5m] offset 1m)",
            "max_over_time(rate(http_requests_total{code=~\"5..\",handler=\"/api/v1/query\",job=\"api-server\"}[5m])[30m:1m])",
            "label_replace(up{job=\"api-server\",service=\"checkout-frontend\"}, \"foo\", \"bar-$1\", \"service\", \"(.*)-frontend-with-suffix\")",
            "count_values(\"version\", build_info{job=\"a-long-job-name-for-the-build-info-metric\",instance=\"some-instance:9100\"})",
            "avg by (job) (sum by (job, instance) (rate(process_cpu_seconds_total{job=~\"api|web|worker\",instance!~\"test.*\"}[10m])))",
            "-(sum(rate(http_requests_total{code=~\"5..\",job=\"api-server\"}[5m])) / sum(rate(http_requests_total{job=\"api-server\"}[5m])))",
            "rate(http_requests_total{job=\"api-server\",code=~\"5..\",handler=\"/api/v1/query_range\"}[5m] @ 1700000000 offset 5m)",
            "up{job=\"\u00fcn\u00efc\u00f6d\u00e9-\u00fcn\u00efc\u00f6d\u00e9-\u00fcn\u00efc\u00f6d\u00e9-\u00fcn\u00efc\u00f6d\u00e9\"} + up{job=\"\u00fcn\u00efc\u00f6d\u00e9-\u00fcn\u00efc\u00f6d\u00e9-\u00fcn\u00efc\u00f6d\u00e9\"}",
            "sum(rate(x[5m])");

    private static final int STEPS = 720; // 3 h at 15 s
    /** Low enough that {@link #maxSamplesAsPrometheus} can cross it, above every query of {@link #QUERIES}. */
    private static final int MAX_SAMPLES = 10_000;
    private static final int STEPS_PER_REQUEST = 20; // 5 minutes of samples per remote-write request
    private static final String[] KINDS = {"a", "b", "c"};
    private static final String[] INSTANCES = {"i1", "i2"};
    private static final String[] LES = {"0.1", "0.5", "1", "5", "+Inf"};

    private Path dir;
    private PharosStandalone pharos;
    private ReferencePrometheus prometheus;
    private int pharosPort;
    private long end;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void load(@TempDir Path tmp) throws Exception {
        Assumptions.assumeTrue(ReferencePrometheus.available() && ReferencePrometheus.promtoolAvailable(),
                "Debian's prometheus package is not installed");
        dir = tmp;
        long start = (System.currentTimeMillis() / 60_000 - STEPS / 4 - 10) * 60_000;
        Map<Labels, List<long[]>> data = generate(start);
        end = start + STEPS * 15_000L;
        // A long retention: the samples are hours old, and a remote-write receiver takes them as they come.
        prometheus = ReferencePrometheus.start("global:\n  scrape_interval: 1h\n", dir.resolve("prometheus"),
                List.of("--web.enable-remote-write-receiver", "--storage.tsdb.retention.time=3650d",
                        "--query.max-samples=" + MAX_SAMPLES));

        Files.writeString(dir.resolve("prometheus.yml"), "global:\n  scrape_interval: 1h\n");
        pharosPort = freePort();
        int collectorPort = freePort();
        pharos = PharosStandalone.start("--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.path=" + dir.resolve("pharos"),
                "--web.listen-address=127.0.0.1:" + pharosPort,
                "--alertmanager.listen-address=127.0.0.1:" + freePort(),
                "--collector.listen-address=127.0.0.1:" + collectorPort,
                "--storage.listen-address=127.0.0.1:" + freePort(),
                "--query.max-samples=" + MAX_SAMPLES);
        long sendStarted = System.nanoTime();
        sendToBoth(data, prometheus.url() + "/api/v1/write", "http://127.0.0.1:" + collectorPort + "/api/v1/write");
        System.out.printf("remote write of %d samples to both took %d ms%n", data.size() * STEPS,
                (System.nanoTime() - sendStarted) / 1_000_000);
        String probe = "/api/v1/query?time=" + (end / 1000) + "&query=" + enc("count({__name__=~\"diff_.*\"})");
        String expected = get(prometheus.url() + probe);
        // 2 instances x (3 gauges + 3 counters + 5 buckets): the reference really holds the data.
        assertThat(expected).endsWith(",\"22\"]}]}}");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(ResultComparison.differences(expected, get("http://127.0.0.1:" + pharosPort + probe))).isEmpty());
    }

    @AfterAll
    void stop() {
        if (pharos != null) {
            pharos.close();
        }
        if (prometheus != null) {
            prometheus.close();
        }
    }

    static List<String> queries() {
        return QUERIES;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queries")
    void pharosAnswersAsPrometheusDoes(String query) throws Exception {
        List<String> problems = new ArrayList<>();
        // Query times 7 s past a minute: subquery steps (aligned to absolute time) then never sit on
        // the left end of a subquery range either, where 2.42 and 3.x differ.
        for (long t : new long[] {end - 7_193_000, end - 1_793_000, end + 7_000, end + 247_000}) {
            String path = "/api/v1/query?time=" + (t / 1000) + "&query=" + enc(query);
            for (String d : ResultComparison.differences(get(prometheus.url() + path),
                    get("http://127.0.0.1:" + pharosPort + path))) {
                problems.add("instant at " + t / 1000 + ": " + d);
            }
        }
        String range = "/api/v1/query_range?start=" + ((end - 5_393_000) / 1000) + "&end=" + ((end + 7_000) / 1000)
                + "&step=60&query=" + enc(query);
        String expectedRange = get(prometheus.url() + range);
        // Two equal errors or two empty answers would prove nothing: the reference must have data.
        assertThat(expectedRange).as("Prometheus's answer to " + query).startsWith("{\"status\":\"success\"")
                .doesNotContain("\"result\":[]");
        for (String d : ResultComparison.differences(expectedRange, get("http://127.0.0.1:" + pharosPort + range))) {
            problems.add("range: " + d);
        }
        assertThat(problems).as(query).isEmpty();
    }

    /**
     * {@code --query.max-samples} limits the samples held at once, as Prometheus counts them: a
     * query that loads more than the limit but never holds that many passes; one whose selectors,
     * subquery or operator steps hold more fails alike (422, errorType execution, same message).
     * The range queries run 441 or 481 steps of 15 s over all 22 series.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("maxSamplesCases")
    void maxSamplesAsPrometheus(String kind, String query, boolean accepted) throws Exception {
        long rangeStart = kind.equals("range481") ? end - 7_193_000 : end - 6_593_000;
        String path = kind.equals("instant")
                ? "/api/v1/query?time=" + ((end + 7_000) / 1000) + "&query=" + enc(query)
                : "/api/v1/query_range?start=" + (rangeStart / 1000) + "&end=" + ((end + 7_000) / 1000)
                        + "&step=15&query=" + enc(query);
        HttpResponse<String> expected = send(prometheus.url() + path);
        HttpResponse<String> actual = send("http://127.0.0.1:" + pharosPort + path);
        assertThat(expected.statusCode()).as("Prometheus: " + expected.body()).isEqualTo(accepted ? 200 : 422);
        assertThat(actual.statusCode()).as(actual.body()).isEqualTo(expected.statusCode());
        if (accepted) {
            assertThat(ResultComparison.differences(expected.body(), actual.body())).isEmpty();
        } else {
            assertThat(actual.body()).contains("\"errorType\":\"execution\"")
                    .contains("\"error\":\"query processing would load too many samples into memory in query execution\"");
            assertThat(expected.body()).contains("\"errorType\":\"execution\"")
                    .contains("\"error\":\"query processing would load too many samples into memory in query execution\"");
        }
    }

    static List<org.junit.jupiter.params.provider.Arguments> maxSamplesCases() {
        return List.of(
                // 22 x 719 points are read, one series' window (plus 21 outputs) at a time.
                org.junit.jupiter.params.provider.Arguments.of("instant",
                        "sum(last_over_time({__name__=~\"diff_.*\"}[3h]))", true),
                // A range vector at the top holds every point: 15,818.
                org.junit.jupiter.params.provider.Arguments.of("instant", "{__name__=~\"diff_.*\"}[3h]", false),
                // 22 x 441 = 9,702 selected.
                org.junit.jupiter.params.provider.Arguments.of("range441", "{__name__=~\"diff_.*\"}", true),
                // Not here: sum({__name__=~"diff_.*"}) over these steps. Prometheus 3.x aggregates
                // without holding per-step samples (peak 9,702, accepted, as Pharos does); 2.42
                // still gathered and accumulated outputs per step (10,165, refused).
                // 9,702 + 441 (the literal) + 23 gathered and 22 output at a step: 10,188.
                org.junit.jupiter.params.provider.Arguments.of("range441", "{__name__=~\"diff_.*\"} * 1", false),
                // 22 x 481 = 10,582 selected.
                org.junit.jupiter.params.provider.Arguments.of("range481", "{__name__=~\"diff_.*\"}", false),
                // The subquery's inner steps (about 1,160 of 15 s) over 22 series.
                org.junit.jupiter.params.provider.Arguments.of("range441",
                        "max_over_time({__name__=~\"diff_.*\"}[3h:15s])", false),
                org.junit.jupiter.params.provider.Arguments.of("range441",
                        "max_over_time(diff_gauge{kind=\"a\"}[3h:15s])", true),
                // Pinned by @, evaluated at one step (a 3 h window at a time, 22 outputs) and copied
                // to 441 steps; at every step it would hold 22 x 441 outputs plus a window.
                org.junit.jupiter.params.provider.Arguments.of("range441",
                        "sum(last_over_time({__name__=~\"diff_.*\"}[3h] @ end()))", true));
    }

    private HttpResponse<String> send(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static List<String> formatQueries() {
        return FORMAT_QUERIES;
    }

    /** /api/v1/format_query gives Prometheus's layout, character for character. */
    @ParameterizedTest(name = "format_query {0}")
    @MethodSource("formatQueries")
    void formatQueryAsPrometheus(String query) throws Exception {
        String path = "/api/v1/format_query?query=" + enc(query);
        HttpResponse<String> expected = send(prometheus.url() + path);
        HttpResponse<String> actual = send("http://127.0.0.1:" + pharosPort + path);
        assertThat(actual.statusCode()).as(actual.body()).isEqualTo(expected.statusCode());
        if (expected.statusCode() == 200) {
            assertThat(actual.body()).isEqualTo(expected.body());
        } else {
            // Parse error messages are worded as 3.x words them; 2.42's differ.
            assertThat(ResultComparison.differences(expected.body(), actual.body())).isEmpty();
        }
    }

    /** promtool, Prometheus's own client, works against Pharos unchanged. */
    @ParameterizedTest(name = "promtool query {0}")
    @MethodSource("promtoolCommands")
    void promtoolQueriesPharos(String kind, List<String> args, String expectedOutput) throws Exception {
        List<String> command = new ArrayList<>(List.of(ReferencePrometheus.PROMTOOL.toString(), "query", kind));
        command.add("http://127.0.0.1:" + pharosPort);
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains(expectedOutput);
    }

    Iterable<org.junit.jupiter.params.provider.Arguments> promtoolCommands() {
        String t = Long.toString(end / 1000);
        return List.of(
                org.junit.jupiter.params.provider.Arguments.of("instant",
                        List.of("--time=" + t, "diff_gauge{kind=\"a\",instance=\"i1\"}"), "diff_gauge{instance=\"i1\", kind=\"a\"} =>"),
                org.junit.jupiter.params.provider.Arguments.of("range",
                        List.of("--start=" + (end / 1000 - 600), "--end=" + t, "--step=60s", "sum(diff_gauge)"), "{} =>"),
                org.junit.jupiter.params.provider.Arguments.of("series",
                        List.of("--match=diff_counter_total{kind=\"b\"}"), "diff_counter_total"),
                org.junit.jupiter.params.provider.Arguments.of("labels", List.of("kind"), "a\nb\nc"));
    }

    /** Per series, [timestamp, value bits] per step: gauges, counters with resets, histogram buckets. */
    private static Map<Labels, List<long[]>> generate(long start) {
        SplittableRandom random = new SplittableRandom(42);
        Map<Labels, List<long[]>> data = new LinkedHashMap<>();
        Map<Labels, double[]> state = new LinkedHashMap<>();
        for (String instance : INSTANCES) {
            for (String kind : KINDS) {
                state.put(Labels.of("__name__", "diff_gauge", "kind", kind, "instance", instance),
                        new double[] {50 + random.nextInt(-10, 10)});
                state.put(Labels.of("__name__", "diff_counter_total", "kind", kind, "instance", instance),
                        new double[] {random.nextInt(0, 1000)});
            }
            for (String le : LES) {
                state.put(Labels.of("__name__", "diff_hist_bucket", "le", le, "instance", instance), new double[] {0});
            }
        }
        for (Labels l : state.keySet()) {
            data.put(l, new ArrayList<>(STEPS));
        }
        for (int step = 0; step < STEPS; step++) {
            // Each scrape lands 1..999 ms after a whole second: never on a query boundary.
            long t = start + step * 15_000L + random.nextInt(1, 1000);
            double[] bucketCounts = new double[LES.length];
            for (Map.Entry<Labels, double[]> e : state.entrySet()) {
                double[] v = e.getValue();
                String name = e.getKey().metricName();
                if (name.equals("diff_gauge")) {
                    v[0] = Math.round((v[0] + random.nextDouble(-2, 2)) * 100) / 100.0;
                } else if (name.equals("diff_counter_total")) {
                    v[0] = random.nextInt(200) == 0 ? random.nextInt(0, 10) : v[0] + random.nextInt(0, 30);
                } else {
                    int i = java.util.Arrays.asList(LES).indexOf(e.getKey().get("le"));
                    if (i == 0) {
                        int observations = random.nextInt(0, 20);
                        for (int o = 0; o < observations; o++) {
                            double x = random.nextDouble() * random.nextDouble() * 8;
                            for (int b = 0; b < LES.length; b++) {
                                if (b == LES.length - 1 || x <= Double.parseDouble(LES[b])) {
                                    bucketCounts[b]++;
                                }
                            }
                        }
                    }
                    v[0] += bucketCounts[i];
                }
                data.get(e.getKey()).add(new long[] {t, Double.doubleToLongBits(v[0])});
            }
        }
        return data;
    }

    /**
     * Sends every sample to both receivers in global time order, {@link #STEPS_PER_REQUEST} time
     * slices (all series) per request: Prometheus 2.42 takes samples in order only, and refuses a
     * sample older than its head's window once it holds newer ones, so no series may run ahead.
     */
    private static void sendToBoth(Map<Labels, List<long[]>> data, String... writeUrls)
            throws IOException, InterruptedException {
        RemoteWriteClient client = new RemoteWriteClient();
        for (int from = 0; from < STEPS; from += STEPS_PER_REQUEST) {
            int to = Math.min(STEPS, from + STEPS_PER_REQUEST);
            List<RemoteWriteClient.Series> batch = new ArrayList<>();
            for (Map.Entry<Labels, List<long[]>> e : data.entrySet()) {
                long[] timestamps = new long[to - from];
                double[] values = new double[to - from];
                for (int step = from; step < to; step++) {
                    long[] point = e.getValue().get(step);
                    timestamps[step - from] = point[0];
                    values[step - from] = Double.longBitsToDouble(point[1]);
                }
                batch.add(new RemoteWriteClient.Series(e.getKey(), timestamps, values));
            }
            for (String url : writeUrls) {
                client.send(url, batch);
            }
        }
    }

    private String get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
