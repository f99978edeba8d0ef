package io.pharos.collector.bench;

import io.pharos.model.labels.Labels;
import io.pharos.model.textparse.ExpositionParser;
import io.pharos.model.textparse.OpenMetricsParser;
import io.pharos.model.textparse.PromTextParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Parser throughput on a node_exporter-sized body (the 237-family Go process scrape from
 * shared/conformance/exposition, 1857 samples) and on a large synthetic one (100 000 samples,
 * node_exporter-like label sets), in the Prometheus text format and in OpenMetrics. The
 * {@code samples} counter is samples parsed per second; {@code -prof gc} gives bytes allocated
 * per operation (divide by the samples per body for bytes per sample).
 *
 * <p>"scan" reads what the scrape loop needs before relabeling (name, value, timestamp);
 * "labels" also builds each series' label set, as the scrape loop does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ParserBenchmark {
    @Param({"node_exporter", "synthetic_100k"})
    public String payload;

    @Param({"text", "openmetrics"})
    public String format;

    private byte[] body;

    /** Samples parsed, reported by JMH as a rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Samples {
        public long samples;

        @Setup(Level.Iteration)
        public void reset() {
            samples = 0;
        }
    }

    @Setup
    public void load() throws IOException {
        String text;
        if (payload.equals("node_exporter")) {
            String shared = System.getProperty("pharos.shared.dir", "../shared");
            Path p = Path.of(shared, "conformance", "exposition", "textparse", "alltypes.237mfs.prom.txt");
            text = Files.exists(p) ? Files.readString(p) : synthetic(1857);
        } else {
            text = synthetic(100_000);
        }
        if (format.equals("openmetrics")) {
            text = toOpenMetrics(text);
        }
        body = text.getBytes(StandardCharsets.UTF_8);
    }

    /** node_exporter-like series: a few labels, mixed integer and decimal values. */
    static String synthetic(int samples) {
        StringBuilder sb = new StringBuilder(samples * 90);
        String[] modes = {"idle", "iowait", "irq", "nice", "softirq", "steal", "system", "user"};
        int family = 0;
        int n = 0;
        while (n < samples) {
            String name = "node_synthetic_metric_" + family + "_total";
            sb.append("# HELP ").append(name).append(" A synthetic counter number ").append(family).append(".\n");
            sb.append("# TYPE ").append(name).append(" counter\n");
            for (int i = 0; i < 200 && n < samples; i++, n++) {
                sb.append(name).append("{cpu=\"").append(i / modes.length).append("\",mode=\"")
                        .append(modes[i % modes.length]).append("\",instance=\"host-").append(family % 7)
                        .append(":9100\"} ").append(i % 3 == 0 ? Integer.toString(i * 1000 + family) : (i * 123.456 + family) + "e-1")
                        .append('\n');
            }
            family++;
        }
        return sb.toString();
    }

    /** The same samples as valid OpenMetrics: families renamed to their counter names, # EOF at the end. */
    static String toOpenMetrics(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("# HELP") || line.startsWith("# TYPE") || line.startsWith("# EOF")) {
                continue; // without metadata every series is its own unknown family: valid for any input
            }
            if (line.startsWith("#")) {
                continue;
            }
            sb.append(line).append('\n');
        }
        return sb.append("# EOF\n").toString();
    }

    private ExpositionParser parser() {
        return format.equals("openmetrics") ? new OpenMetricsParser(body, body.length) : new PromTextParser(body);
    }

    @Benchmark
    public void scan(Samples counter, Blackhole bh) {
        ExpositionParser p = parser();
        ExpositionParser.Entry e;
        long n = 0;
        while ((e = p.next()) != null) {
            if (e == ExpositionParser.Entry.SERIES) {
                bh.consume(p.metricName());
                bh.consume(p.value());
                bh.consume(p.hasTimestamp());
                n++;
            }
        }
        counter.samples += n;
    }

    @Benchmark
    public void labels(Samples counter, Blackhole bh) {
        ExpositionParser p = parser();
        Labels.Builder b = Labels.builder();
        ExpositionParser.Entry e;
        long n = 0;
        while ((e = p.next()) != null) {
            if (e == ExpositionParser.Entry.SERIES) {
                b.reset();
                p.labels(b);
                bh.consume(b.build());
                bh.consume(p.value());
                n++;
            }
        }
        counter.samples += n;
    }
}
