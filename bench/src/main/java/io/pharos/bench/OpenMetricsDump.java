package io.pharos.bench;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the same node_exporter-shaped samples as {@link StorageFootprint} as an OpenMetrics
 * file, so that Prometheus can store identical data for a side-by-side size comparison:
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.pharos.bench.OpenMetricsDump 2 12 /tmp/node.om
 * promtool tsdb create-blocks-from openmetrics /tmp/node.om /tmp/prom-blocks
 * </pre>
 */
public final class OpenMetricsDump {
    private OpenMetricsDump() {
    }

    /** {@code name{a="b",c="d"}}: OpenMetrics has no spaces inside the braces. */
    private static String openMetrics(io.pharos.model.labels.Labels labels) {
        StringBuilder sb = new StringBuilder(labels.metricName()).append('{');
        boolean first = true;
        for (int i = 0; i < labels.size(); i++) {
            if (labels.name(i).equals("__name__")) {
                continue;
            }
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append(labels.name(i)).append("=\"").append(labels.value(i)).append('"');
        }
        return sb.append('}').toString();
    }

    public static void main(String[] args) throws Exception {
        int hosts = Integer.parseInt(args[0]);
        int hours = Integer.parseInt(args[1]);
        Path out = Path.of(args[2]);
        List<NodeExporterShape> shapes = new ArrayList<>();
        for (int h = 0; h < hosts; h++) {
            shapes.add(new NodeExporterShape("host-" + h + ":9100", h));
        }
        int steps = hours * 240;
        long start = 1_700_000_000_000L;
        // OpenMetrics wants each family's samples together: gather per series, then write.
        int perHost = shapes.get(0).series().size();
        long[][] ts = new long[hosts * perHost][steps];
        double[][] vs = new double[hosts * perHost][steps];
        for (int step = 0; step < steps; step++) {
            for (int h = 0; h < hosts; h++) {
                NodeExporterShape shape = shapes.get(h);
                long t = shape.timestamp(start, step);
                double[] values = shape.step();
                for (int i = 0; i < values.length; i++) {
                    ts[h * perHost + i][step] = t;
                    vs[h * perHost + i][step] = values[i];
                }
            }
        }
        try (BufferedWriter w = Files.newBufferedWriter(out)) {
            for (int i = 0; i < perHost; i++) {
                for (int h = 0; h < hosts; h++) {
                    String labels = openMetrics(shapes.get(h).series().get(i).labels());
                    for (int step = 0; step < steps; step++) {
                        long t = ts[h * perHost + i][step];
                        w.write(labels);
                        w.write(' ');
                        w.write(Double.toString(vs[h * perHost + i][step]));
                        w.write(' ');
                        w.write(Long.toString(t / 1000));
                        w.write('.');
                        w.write(String.format("%03d", t % 1000));
                        w.write('\n');
                    }
                }
            }
            w.write("# EOF\n");
        }
    }
}
