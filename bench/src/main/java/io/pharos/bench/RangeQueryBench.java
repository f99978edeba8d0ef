package io.pharos.bench;

import io.pharos.model.chunk.ChunkAppender;
import io.pharos.model.chunk.ChunkEncoding;
import io.pharos.model.chunk.Chunks;
import io.pharos.model.labels.Labels;
import io.pharos.model.labels.Matcher;
import io.pharos.model.select.EncodedChunk;
import io.pharos.model.select.SeriesChunks;
import io.pharos.query.api.ApiResponses;
import io.pharos.query.promql.engine.Engine;
import io.pharos.query.promql.engine.EngineOptions;
import io.pharos.query.promql.engine.QueryResult;
import io.pharos.query.promql.parser.PromqlParser;
import io.pharos.query.promql.value.Matrix;
import io.pharos.query.storage.SeriesMerger;
import io.pharos.query.storage.SeriesSource;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Range queries on Pharos's engine and on Prometheus, side by side on the same data: 10,000
 * series (three counters {@code x}, {@code y}, {@code z} of 3,000 series each over 10 jobs, and a
 * classic histogram {@code h_bucket} of 100 instances x 10 {@code le} buckets), one day at 15 s
 * with millisecond jitter (57.6 million samples; no timestamp falls on a whole second, so no
 * sample sits on a range boundary and Prometheus 2.x and 3.x agree).
 *
 * <p>Pharos: the samples are encoded into 120-sample XOR chunks, as a storage shard holds them;
 * each select decodes the matching chunks through {@link SeriesMerger}, as the query service does
 * with a shard's answer. Timed: parse, {@link Engine#range}, and the JSON body
 * ({@link ApiResponses#success}). The engine's max-samples limit (50 million loaded samples by
 * default) is raised to one billion here, since a select of all 57.6 million would be refused.
 *
 * <p>Prometheus: the same samples are written as OpenMetrics, backfilled with {@code promtool tsdb
 * create-blocks-from openmetrics}, and served by {@code prometheus} on a free local port (blocks
 * kept at 2 h: compaction disabled so it does not compete for the CPU). Timed: the HTTP
 * {@code /api/v1/query_range} round trip with the whole body read.
 *
 * <pre>
 * mvn -B -q -Pbench -pl bench -am package -DskipTests
 * java -Xmx6g -cp bench/target/benchmarks.jar io.pharos.bench.RangeQueryBench [workdir=/tmp/pharos-rangebench] [runs=5] [queries=0,1,2]
 * </pre>
 * The workdir keeps the Prometheus blocks; a second run reuses them.
 */
public final class RangeQueryBench {
    static final long START = 1_700_006_400_000L; // a whole day boundary (UTC)
    static final int STEPS = 5760; // one day at 15 s
    static final int JOBS = 10;
    static final int INSTANCES_PER_JOB = 300;
    static final String[] COUNTERS = {"x", "y", "z"};
    static final int HIST_INSTANCES = 100;
    static final String[] LE = {"0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "+Inf"};

    static final String[] QUERIES = {
        "rate(x[5m])",
        "sum by (job) (rate(x[5m]))",
        "histogram_quantile(0.9, sum by (le) (rate(h_bucket[5m])))",
    };

    private RangeQueryBench() {
    }

    /** One generated series: labels and its samples. */
    record Gen(Labels labels, String openMetricsLabels, long[] ts, double[] vs) {
    }

    static List<Gen> generate() {
        List<Gen> out = new ArrayList<>(10_000);
        long seed = 42;
        for (String name : COUNTERS) {
            for (int j = 0; j < JOBS; j++) {
                for (int i = 0; i < INSTANCES_PER_JOB; i++) {
                    SplittableRandom rnd = new SplittableRandom(seed++);
                    String job = "job-" + j;
                    String inst = "host-" + i + ":9100";
                    long[] ts = timestamps(rnd);
                    double[] vs = new double[STEPS];
                    long v = rnd.nextInt(1_000_000);
                    int rate = 1 + rnd.nextInt(200);
                    for (int s = 0; s < STEPS; s++) {
                        if (rnd.nextInt(2000) == 0) {
                            v = 0; // a counter reset now and then
                        }
                        v += rnd.nextInt(rate);
                        vs[s] = v;
                    }
                    out.add(new Gen(Labels.of("__name__", name, "instance", inst, "job", job),
                            name + "{instance=\"" + inst + "\",job=\"" + job + "\"}", ts, vs));
                }
            }
        }
        for (int i = 0; i < HIST_INSTANCES; i++) {
            SplittableRandom rnd = new SplittableRandom(seed++);
            long[] ts = timestamps(rnd);
            double[][] buckets = new double[LE.length][STEPS];
            long[] cum = new long[LE.length];
            double scale = 0.05 + rnd.nextDouble() * 0.5;
            for (int s = 0; s < STEPS; s++) {
                int n = rnd.nextInt(40);
                for (int k = 0; k < n; k++) {
                    double obs = -Math.log(1 - rnd.nextDouble()) * scale;
                    for (int b = 0; b < LE.length; b++) {
                        if (b == LE.length - 1 || obs <= Double.parseDouble(LE[b])) {
                            for (int c = b; c < LE.length; c++) {
                                cum[c]++;
                            }
                            break;
                        }
                    }
                }
                for (int b = 0; b < LE.length; b++) {
                    buckets[b][s] = cum[b];
                }
            }
            String inst = "host-" + i + ":9100";
            for (int b = 0; b < LE.length; b++) {
                out.add(new Gen(Labels.of("__name__", "h_bucket", "instance", inst, "job", "api", "le", LE[b]),
                        "h_bucket{instance=\"" + inst + "\",job=\"api\",le=\"" + LE[b] + "\"}", ts, buckets[b]));
            }
        }
        return out;
    }

    /** Every 15 s, each with 1..999 ms of jitter: never a whole second. */
    private static long[] timestamps(SplittableRandom rnd) {
        long[] ts = new long[STEPS];
        for (int s = 0; s < STEPS; s++) {
            ts[s] = START + s * 15_000L + 1 + rnd.nextInt(999);
        }
        return ts;
    }

    /** Series kept as encoded chunks, decoded on every select as the query service does. */
    static final class ChunkSource implements SeriesSource {
        private final Map<String, List<SeriesChunks>> byName = new HashMap<>();

        ChunkSource(List<Gen> gens) {
            for (Gen g : gens) {
                List<EncodedChunk> chunks = new ArrayList<>();
                ChunkAppender app = null;
                for (int i = 0; i < g.ts().length; i++) {
                    if (app == null || app.numSamples() == 120) {
                        if (app != null) {
                            chunks.add(seal(app));
                        }
                        app = Chunks.newAppender(ChunkEncoding.XOR);
                    }
                    app.append(g.ts()[i], g.vs()[i]);
                }
                chunks.add(seal(app));
                byName.computeIfAbsent(g.labels().metricName(), k -> new ArrayList<>())
                        .add(new SeriesChunks(g.labels(), chunks));
            }
        }

        private static EncodedChunk seal(ChunkAppender app) {
            return new EncodedChunk(ChunkEncoding.XOR.id(), app.minTime(), app.maxTime(), app.bytes());
        }

        long bytes() {
            long n = 0;
            for (List<SeriesChunks> l : byName.values()) {
                for (SeriesChunks s : l) {
                    for (EncodedChunk c : s.chunks()) {
                        n += c.data().length;
                    }
                }
            }
            return n;
        }

        @Override
        public SelectResult select(List<Matcher> matchers, long mint, long maxt) {
            List<SeriesChunks> candidates = null;
            for (Matcher m : matchers) {
                if (m.name().equals("__name__") && m.type() == Matcher.Type.EQ) {
                    candidates = byName.getOrDefault(m.value(), List.of());
                }
            }
            if (candidates == null) {
                candidates = new ArrayList<>();
                for (List<SeriesChunks> l : byName.values()) {
                    candidates.addAll(l);
                }
            }
            SeriesMerger merger = new SeriesMerger(mint, maxt);
            for (SeriesChunks s : candidates) {
                boolean ok = true;
                for (Matcher m : matchers) {
                    if (!m.matches(s.labels())) {
                        ok = false;
                        break;
                    }
                }
                if (!ok) {
                    continue;
                }
                List<EncodedChunk> in = new ArrayList<>();
                for (EncodedChunk c : s.chunks()) {
                    if (c.maxTime() >= mint && c.minTime() <= maxt) {
                        in.add(c);
                    }
                }
                if (!in.isEmpty()) {
                    merger.add(new SeriesChunks(s.labels(), in));
                }
            }
            return new SelectResult(merger.result(), List.of());
        }
    }

    static void writeOpenMetrics(List<Gen> gens, Path file) throws IOException {
        byte[] buf = new byte[64];
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            for (Gen g : gens) {
                byte[] labels = (g.openMetricsLabels() + " ").getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; i < g.ts().length; i++) {
                    out.write(labels);
                    int n = putLong(buf, 0, (long) g.vs()[i]);
                    buf[n++] = ' ';
                    long t = g.ts()[i];
                    n = putLong(buf, n, t / 1000);
                    buf[n++] = '.';
                    long ms = t % 1000;
                    buf[n++] = (byte) ('0' + ms / 100);
                    buf[n++] = (byte) ('0' + ms / 10 % 10);
                    buf[n++] = (byte) ('0' + ms % 10);
                    buf[n++] = '\n';
                    out.write(buf, 0, n);
                }
            }
            out.write("# EOF\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static int putLong(byte[] buf, int at, long v) {
        String s = Long.toString(v);
        for (int i = 0; i < s.length(); i++) {
            buf[at + i] = (byte) s.charAt(i);
        }
        return at + s.length();
    }

    private static int run(List<String> cmd, Path log) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return p.waitFor();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static double median(long[] nanos) {
        long[] c = nanos.clone();
        Arrays.sort(c);
        int n = c.length;
        double m = n % 2 == 1 ? c[n / 2] : (c[n / 2 - 1] + c[n / 2]) / 2.0;
        return m / 1e6;
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args.length > 0 ? args[0] : "/tmp/pharos-rangebench");
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        // Optional: only the queries whose index (0..2) is listed, e.g. "1,2".
        List<String> only = args.length > 2 ? List.of(args[2].split(",")) : null;
        int warmups = 2;
        Files.createDirectories(work);
        long t0 = System.nanoTime();
        List<Gen> gens = generate();
        long samples = (long) gens.size() * STEPS;
        System.out.printf("generated %d series, %,d samples in %.1f s%n", gens.size(), samples, (System.nanoTime() - t0) / 1e9);

        Path blocks = work.resolve("prom-data");
        if (!Files.isDirectory(blocks) || !Files.exists(work.resolve("backfill.done"))) {
            Path om = work.resolve("data.om");
            t0 = System.nanoTime();
            writeOpenMetrics(gens, om);
            System.out.printf("wrote %s (%,d bytes) in %.1f s%n", om, Files.size(om), (System.nanoTime() - t0) / 1e9);
            t0 = System.nanoTime();
            int rc = run(List.of("promtool", "tsdb", "create-blocks-from", "openmetrics", "-q", om.toString(),
                    blocks.toString()), work.resolve("promtool.log"));
            if (rc != 0) {
                throw new IllegalStateException("promtool failed, see " + work.resolve("promtool.log"));
            }
            Files.delete(om);
            Files.writeString(work.resolve("backfill.done"), "ok\n");
            System.out.printf("promtool backfill in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        }

        t0 = System.nanoTime();
        ChunkSource source = new ChunkSource(gens);
        gens = null;
        System.out.printf("Pharos: %,d bytes of XOR chunks (%.2f bytes/sample), encoded in %.1f s%n", source.bytes(),
                (double) source.bytes() / samples, (System.nanoTime() - t0) / 1e9);
        // 57.6 million samples exceed the default 50 million loaded-samples limit.
        Engine engine = new Engine(source, new EngineOptions(Duration.ofMinutes(5), Duration.ofMinutes(10), 1_000_000_000L));

        int port = freePort();
        Path config = work.resolve("prometheus.yml");
        Files.writeString(config, "global:\n  scrape_interval: 1h\n");
        Process prom = new ProcessBuilder("prometheus", "--config.file=" + config,
                "--storage.tsdb.path=" + blocks, "--web.listen-address=127.0.0.1:" + port,
                "--storage.tsdb.retention.time=100y", "--storage.tsdb.min-block-duration=2h",
                "--storage.tsdb.max-block-duration=2h", "--query.max-samples=1000000000", "--query.timeout=10m")
                .redirectErrorStream(true).redirectOutput(work.resolve("prometheus.log").toFile()).start();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String base = "http://127.0.0.1:" + port;
            long deadline = System.currentTimeMillis() + 300_000;
            while (true) {
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/-/ready")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        break;
                    }
                } catch (IOException e) {
                    // not up yet
                }
                if (System.currentTimeMillis() > deadline || !prom.isAlive()) {
                    throw new IllegalStateException("prometheus did not become ready, see " + work.resolve("prometheus.log"));
                }
                Thread.sleep(500);
            }
            long qStart = START + 600_000; // 10 min in, so every window is full
            long qEnd = START + 86_400_000L;
            long step = 60_000;
            System.out.printf("range queries %d..%d step 60s (%d steps), %d warm-up + %d timed runs each%n",
                    qStart / 1000, qEnd / 1000, (qEnd - qStart) / step + 1, warmups, runs);
            List<String[]> rows = new ArrayList<>();
            for (int qi = 0; qi < QUERIES.length; qi++) {
                String q = QUERIES[qi];
                if (only != null && !only.contains(String.valueOf(qi))) {
                    continue;
                }
                long[] ph = new long[runs];
                long[] pr = new long[runs];
                long[] pe = new long[runs];
                long phBytes = 0;
                long prBytes = 0;
                int phSeries = 0;
                for (int i = -warmups; i < runs; i++) {
                    long a = System.nanoTime();
                    QueryResult res = engine.range(PromqlParser.parseExpr(q), qStart, qEnd, step);
                    long e = System.nanoTime();
                    String body = ApiResponses.success(res.value(), res.allWarnings(q), res.infos(q));
                    long b = System.nanoTime();
                    phBytes = body.length();
                    phSeries = ((Matrix) res.value()).series().size();
                    body = null;
                    res = null;
                    String url = base + "/api/v1/query_range?query=" + URLEncoder.encode(q, StandardCharsets.UTF_8)
                            + "&start=" + qStart / 1000 + "&end=" + qEnd / 1000 + "&step=60";
                    long c = System.nanoTime();
                    HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                            HttpResponse.BodyHandlers.ofInputStream());
                    long n = 0;
                    byte[] head = null;
                    try (InputStream in = r.body()) {
                        byte[] buf = new byte[1 << 16];
                        int k;
                        while ((k = in.read(buf)) > 0) {
                            if (head == null) {
                                head = Arrays.copyOf(buf, Math.min(k, 200));
                            }
                            n += k;
                        }
                    }
                    long d = System.nanoTime();
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException("prometheus: " + r.statusCode() + " "
                                + (head == null ? "" : new String(head, StandardCharsets.UTF_8)));
                    }
                    prBytes = n;
                    if (i >= 0) {
                        ph[i] = b - a;
                        pe[i] = e - a;
                        pr[i] = d - c;
                    }
                }
                double pm = median(ph);
                double qm = median(pr);
                rows.add(new String[] {q, String.format("%.0f", pm), String.format("%.0f", median(pe)), String.format("%.0f", qm),
                        String.format("%.2f", pm / qm), String.valueOf(phSeries),
                        String.format("%,d / %,d", phBytes, prBytes)});
                System.out.printf("  %s: Pharos %.0f ms (engine %.0f ms), Prometheus %.0f ms%n", q, pm, median(pe), qm);
            }
            System.out.println();
            System.out.println("| query | Pharos median ms | of which engine (no JSON) | Prometheus median ms | ratio Pharos/Prometheus | result series | JSON bytes Pharos / Prometheus |");
            System.out.println("|---|---:|---:|---:|---:|---:|---:|");
            for (String[] r : rows) {
                System.out.printf("| `%s` | %s | %s | %s | %s | %s | %s |%n", (Object[]) r);
            }
        } finally {
            prom.destroy();
            prom.waitFor();
        }
    }
}
