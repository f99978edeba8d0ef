package io.pharos.bench;

import io.pharos.model.labels.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Series shaped like one node_exporter host (about 500 series): CPU-seconds counters with
 * 0.01 s granularity, memory gauges moving in 4 KiB pages, network and disk counters with
 * integer increments (some idle), filesystem gauges that rarely move, and constant info and
 * size gauges. Every step advances all series by one scrape; values are what a real host
 * would plausibly report, so compression is measured on realistic data, not ideal series.
 */
final class NodeExporterShape {
    enum Kind { CPU_COUNTER, PAGE_GAUGE, BYTES_COUNTER, PACKETS_COUNTER, IDLE_COUNTER, SLOW_GAUGE, CONSTANT, FLOAT_GAUGE }

    record Series(Labels labels, Kind kind) {
    }

    private final List<Series> series = new ArrayList<>();
    private final double[] values;
    /** Per counter, its current rate per scrape: rates drift slowly, as real load does. */
    private final double[] rates;
    private final SplittableRandom random;

    NodeExporterShape(String instance, long seed) {
        random = new SplittableRandom(seed);
        String[] modes = {"idle", "iowait", "irq", "nice", "softirq", "steal", "system", "user"};
        for (int cpu = 0; cpu < 8; cpu++) {
            for (String mode : modes) {
                add(Kind.CPU_COUNTER, "node_cpu_seconds_total", instance, "cpu", Integer.toString(cpu), "mode", mode);
            }
        }
        for (int i = 0; i < 45; i++) {
            add(i < 30 ? Kind.PAGE_GAUGE : Kind.CONSTANT, "node_memory_m" + i + "_bytes", instance);
        }
        for (String dev : new String[] {"eth0", "eth1", "lo", "docker0"}) {
            for (int i = 0; i < 8; i++) {
                add(Kind.BYTES_COUNTER, "node_network_receive_x" + i + "_total", instance, "device", dev);
                add(Kind.PACKETS_COUNTER, "node_network_transmit_x" + i + "_total", instance, "device", dev);
            }
        }
        for (String dev : new String[] {"sda", "sdb", "nvme0n1"}) {
            for (int i = 0; i < 17; i++) {
                add(i % 3 == 0 ? Kind.IDLE_COUNTER : Kind.BYTES_COUNTER, "node_disk_x" + i + "_total", instance, "device", dev);
            }
        }
        for (String mp : new String[] {"/", "/boot", "/var", "/home", "/tmp"}) {
            for (int i = 0; i < 7; i++) {
                add(i < 2 ? Kind.SLOW_GAUGE : Kind.CONSTANT, "node_filesystem_x" + i, instance, "mountpoint", mp);
            }
        }
        for (int i = 0; i < 120; i++) {
            add(Kind.CONSTANT, "node_info_" + i, instance);
        }
        for (int i = 0; i < 60; i++) {
            add(Kind.FLOAT_GAUGE, "node_load_x" + i, instance);
        }
        for (int i = 0; i < 40; i++) {
            add(Kind.IDLE_COUNTER, "node_misc_x" + i + "_total", instance);
        }
        values = new double[series.size()];
        rates = new double[series.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = initial(series.get(i).kind());
            rates[i] = switch (series.get(i).kind()) {
                case CPU_COUNTER -> random.nextDouble(0, 15);
                case BYTES_COUNTER -> random.nextDouble(0, 5_000_000);
                case PACKETS_COUNTER -> random.nextDouble(0, 5_000);
                default -> 0;
            };
        }
    }

    private void add(Kind kind, String name, String instance, String... labels) {
        Labels.Builder b = Labels.builder().set("__name__", name).set("job", "node").set("instance", instance);
        for (int i = 0; i < labels.length; i += 2) {
            b.set(labels[i], labels[i + 1]);
        }
        series.add(new Series(b.build(), kind));
    }

    private double initial(Kind kind) {
        return switch (kind) {
            case CPU_COUNTER -> Math.round(random.nextDouble(1e5, 1e6) * 100) / 100.0;
            case PAGE_GAUGE -> 4096.0 * random.nextInt(100_000, 4_000_000);
            case BYTES_COUNTER, PACKETS_COUNTER, IDLE_COUNTER -> random.nextInt(1, 1_000_000_000);
            case SLOW_GAUGE -> 4096.0 * random.nextInt(1_000_000, 20_000_000);
            case CONSTANT -> random.nextBoolean() ? 1 : random.nextInt(1, 64) * 1_073_741_824.0;
            case FLOAT_GAUGE -> Math.round(random.nextDouble(0, 8) * 100) / 100.0;
        };
    }

    List<Series> series() {
        return series;
    }

    /** Advances every series by one 15 s scrape and returns the new values. */
    double[] step() {
        for (int i = 0; i < values.length; i++) {
            double v = values[i];

            // Counters: the rate drifts by up to 2 % a scrape, and each increment carries a few
            // percent of noise around it, quantized as the exporter reports it.
            rates[i] *= 1 + random.nextDouble(-0.02, 0.02);
            double noisy = rates[i] * (1 + random.nextDouble(-0.05, 0.05));
            values[i] = switch (series.get(i).kind()) {
                case CPU_COUNTER -> Math.round(v * 100 + Math.min(1500, noisy * 100)) / 100.0;
                case PAGE_GAUGE -> random.nextInt(4) == 0 ? v : v + 4096.0 * random.nextInt(-200, 200);
                case BYTES_COUNTER -> v + Math.round(noisy);
                case PACKETS_COUNTER -> v + Math.round(noisy);
                case IDLE_COUNTER -> random.nextInt(20) == 0 ? v + random.nextInt(1, 100) : v;
                case SLOW_GAUGE -> random.nextInt(10) == 0 ? v - 4096.0 * random.nextInt(1, 50) : v;
                case CONSTANT -> v;
                case FLOAT_GAUGE -> Math.max(0, Math.round((v + random.nextDouble(-0.3, 0.3)) * 100) / 100.0);
            };
        }
        return values;
    }

    /** A scrape time: 15 s steps with a few milliseconds of jitter, as real scrape loops have. */
    long timestamp(long start, int step) {
        return start + step * 15_000L + random.nextInt(-5, 6);
    }
}
