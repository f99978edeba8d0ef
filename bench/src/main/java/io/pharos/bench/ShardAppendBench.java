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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Append throughput into one shard on one thread, on node_exporter-shaped data (479 series per
 * host, 15 s scrapes with millisecond jitter), as the Kafka listener drives it: one
 * {@link Shard#append} per batch of records, one record per host and scrape. The {@code samples}
 * counter is samples appended per second.
 *
 * <ul>
 *   <li>{@code append}: two scrapes of every host per operation, into the head only (decoding the
 *       records and appending to open chunks); the head is checkpointed between iterations, so
 *       what piles up is at most one iteration's sealed chunks. This is the replay speed after a
 *       restart.
 *   <li>{@code appendAndCheckpoint}: two scrapes and a checkpoint per operation, the running
 *       shard's cadence (scrapes every 15 s, checkpoints every 30 s): each checkpoint writes every
 *       series' open chunk, the chunks sealed since the last one, and one compaction step.
 * </ul>
 *
 * <pre>
 * mvn -B -q -Pbench -pl bench -am package -DskipTests
 * java -jar bench/target/benchmarks.jar ShardAppendBench
 * </pre>
 *
 * The records for an operation are built before it, outside the measured time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class ShardAppendBench {
    private static final long START = 1_700_000_000_000L;

    @Param({"10"})
    public int hosts;

    private Path dir;
    private Shard shard;
    private List<NodeExporterShape> shapes;
    private int step;
    private long offset;
    private List<byte[]> records;
    private int recordSamples;

    /** Samples appended, reported by JMH as a rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Samples {
        public long samples;

        @Setup(Level.Iteration)
        public void reset() {
            samples = 0;
        }
    }

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = Files.createTempDirectory("pharos-append-bench");
        // Checkpoints only when a benchmark asks: the wall-clock interval would make them depend
        // on the machine's speed.
        shard = Shard.open(0, dir, new ShardOptions(Duration.ofDays(1), Duration.ofHours(2), Duration.ZERO, 0));
        shapes = new ArrayList<>();
        for (int h = 0; h < hosts; h++) {
            shapes.add(new NodeExporterShape("host-" + h + ":9100", h));
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        shard.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Persists what an iteration of {@code append} sealed, so the head does not grow for ever. */
    @TearDown(Level.Iteration)
    public void checkpointBetweenIterations() {
        shard.checkpoint();
    }

    /** Two scrapes of every host for the next operation (built outside the measured time). */
    @Setup(Level.Invocation)
    public void nextScrapes() {
        buildRecords(2);
    }

    /** The next scrapes of every host, one record per host and scrape. */
    void buildRecords(int scrapes) {
        records = new ArrayList<>(scrapes * shapes.size());
        recordSamples = 0;
        for (int s = 0; s < scrapes; s++) {
            for (NodeExporterShape shape : shapes) {
                long t = shape.timestamp(START, step);
                double[] values = shape.step();
                List<SeriesSamples> batch = new ArrayList<>(values.length);
                for (int i = 0; i < values.length; i++) {
                    batch.add(SeriesSamples.single(shape.series().get(i).labels(), t, values[i]));
                }
                records.add(SampleRecordCodec.encode(batch));
                recordSamples += values.length;
            }
            step++;
        }
    }

    @Benchmark
    public void append(Samples counter) {
        shard.append(records, offset, offset + records.size() - 1);
        offset += records.size();
        counter.samples += recordSamples;
    }

    @Benchmark
    public void appendAndCheckpoint(Samples counter) {
        shard.append(records, offset, offset + records.size() - 1);
        offset += records.size();
        shard.checkpoint();
        counter.samples += recordSamples;
    }
}
