package io.pharos.bench;

import io.pharos.model.sample.SampleRecordCodec;
import io.pharos.model.sample.SeriesSamples;
import io.pharos.storage.shard.Shard;
import io.pharos.storage.shard.ShardOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Measures one shard on node_exporter-shaped data at a 15 s interval, checkpointed every 30 s of
 * data as a running shard is: bytes per sample on disk as the running shard holds them and
 * after a full compaction, and heap per active series in the head. These are sizes, not
 * speeds, so they are not a JMH benchmark; append speed is {@link ShardAppendBench}.
 *
 * <pre>
 * mvn -B -q -Pbench -pl bench -am package -DskipTests
 * java -Xmx4g -cp bench/target/benchmarks.jar io.pharos.bench.StorageFootprint [hosts=20] [hours=12]
 * </pre>
 */
public final class StorageFootprint {
    private StorageFootprint() {
    }

    public static void main(String[] args) throws Exception {
        int hosts = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int hours = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        int steps = hours * 240;
        Path dir = Files.createTempDirectory("pharos-footprint");
        List<NodeExporterShape> shapes = new ArrayList<>();
        for (int h = 0; h < hosts; h++) {
            shapes.add(new NodeExporterShape("host-" + h + ":9100", h));
        }
        int seriesPerHost = shapes.get(0).series().size();
        ShardOptions options = new ShardOptions(Duration.ofSeconds(30), Duration.ofHours(2), Duration.ZERO, 0);
        Shard shard = Shard.open(0, dir, options);
        try {
            long samples = fill(shard, shapes, steps);
            shard.checkpoint();
            // Steady state: sealed chunks are on disk, the head holds open chunks and the index.
            // The head's size is what the heap loses when the shard is closed and dropped, so
            // garbage the loop above left behind counts on neither side.
            long heapWithShard = usedHeap();
            // What the running shard holds: settled blocks compacted and merged into the
            // bottommost level one step per checkpoint; the newest as RocksDB's compactions left them.
            long running = shard.chunkBytesOnDisk();
            int compactionSteps = shard.compactSettledBlocks();
            shard.compact();
            long chunkBytes = shard.chunkBytesOnDisk();
            long dirBytes = sstBytes(dir);
            int series = shard.seriesCount();
            System.out.printf("series: %d (%d hosts x %d), samples: %,d over %d h at 15 s%n", series, hosts,
                    seriesPerHost, samples, hours);
            System.out.printf("on disk after compaction: chunks %.3f bytes/sample, all SST files %.3f bytes/sample%n",
                    (double) chunkBytes / samples, (double) dirBytes / samples);
            System.out.printf("as the running shard holds them: chunks %.3f bytes/sample%n", (double) running / samples);
            System.out.printf("compactions per level (%s): %s; %d steps were left for the end%n",
                    Shard.blockRanges(options), shard.metrics().compactions, compactionSteps);
            System.out.printf("sealed chunks before RocksDB compression: %.3f bytes/sample%n",
                    (double) shard.metrics().chunkBytesWritten.get() / samples);
            System.out.printf("longest checkpoint, with its compaction step: %d ms%n",
                    LONGEST_CHECKPOINT_NANOS[0] / 1_000_000);
            shard.close();
            shard = null;
            long heapWithoutShard = usedHeap();
            System.out.printf("head: %.0f bytes of heap per active series%n",
                    (double) (heapWithShard - heapWithoutShard) / series);
        } finally {
            if (shard != null) {
                shard.close();
            }
            deleteTree(dir);
        }
    }

    /** The longest checkpoint of {@link #fill}, its compaction step included (appends wait for it). */
    private static final long[] LONGEST_CHECKPOINT_NANOS = new long[1];

    /** Appends every host's scrapes, checkpointing every 30 s of data as a running shard does; returns the samples. */
    private static long fill(Shard shard, List<NodeExporterShape> shapes, int steps) {
        long start = 1_700_000_000_000L;
        long samples = 0;
        long offset = 0;
        for (int step = 0; step < steps; step++) {
            List<byte[]> records = new ArrayList<>(shapes.size());
            for (NodeExporterShape shape : shapes) {
                long t = shape.timestamp(start, step);
                double[] values = shape.step();
                List<SeriesSamples> batch = new ArrayList<>(values.length);
                for (int i = 0; i < values.length; i++) {
                    batch.add(SeriesSamples.single(shape.series().get(i).labels(), t, values[i]));
                }
                records.add(SampleRecordCodec.encode(batch));
                samples += values.length;
            }
            shard.append(records, offset, offset + records.size() - 1);
            offset += records.size();
            if (step % 2 == 1) {
                long t0 = System.nanoTime();
                shard.checkpoint();
                LONGEST_CHECKPOINT_NANOS[0] = Math.max(LONGEST_CHECKPOINT_NANOS[0], System.nanoTime() - t0);
            }
        }
        return samples;
    }

    private static long usedHeap() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    private static long sstBytes(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".sst")).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
