package io.pharos.storage.shard;

import static org.assertj.core.api.Assertions.assertThat;

import io.pharos.model.chunk.ChunkIterator;
import io.pharos.model.labels.Labels;
import io.pharos.model.labels.Matcher;
import io.pharos.model.sample.SampleRecordCodec;
import io.pharos.model.sample.SeriesSamples;
import io.pharos.model.sample.StaleMarker;
import io.pharos.model.select.EncodedChunk;
import io.pharos.model.select.SelectHints;
import io.pharos.model.select.SeriesChunks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs against a real RocksDB in a temporary directory. */
class ShardTest {
    @TempDir
    Path dir;

    private static final ShardOptions MANUAL_CHECKPOINTS =
            new ShardOptions(Duration.ofDays(1), Duration.ofHours(2), Duration.ZERO, 0);
    private static final Labels UP_A = Labels.of("__name__", "up", "job", "a", "instance", "x");
    private static final Labels UP_B = Labels.of("__name__", "up", "job", "b", "instance", "y");

    private Shard open() {
        return Shard.open(0, dir, MANUAL_CHECKPOINTS);
    }

    private static byte[] record(Labels l, long t, double v) {
        return SampleRecordCodec.encode(List.of(SeriesSamples.single(l, t, v)));
    }

    /** Samples of one series, decoded from what the shard streams: [t0, v0, t1, v1, ...]. */
    private static List<double[]> samples(Shard s, long mint, long maxt, Matcher... ms) {
        List<SeriesChunks> out = new ArrayList<>();
        s.select(List.of(ms), mint, maxt, out::add);
        List<double[]> samples = new ArrayList<>();
        for (SeriesChunks sc : out) {
            for (EncodedChunk c : sc.chunks()) {
                ChunkIterator it = c.iterator();
                while (it.next()) {
                    if (it.timestamp() >= mint && it.timestamp() <= maxt) {
                        samples.add(new double[] {it.timestamp(), it.value()});
                    }
                }
            }
        }
        return samples;
    }

    private static List<SeriesChunks> select(Shard s, Matcher... ms) {
        List<SeriesChunks> out = new ArrayList<>();
        s.select(List.of(ms), Long.MIN_VALUE, Long.MAX_VALUE, out::add);
        return out;
    }

    @Test
    void appendedSamplesAreVisibleBeforeAnyCheckpoint() {
        try (Shard s = open()) {
            s.append(List.of(record(UP_A, 1000, 1), record(UP_A, 2000, 0)), 0, 1);
            assertThat(samples(s, 0, 5000, Matcher.equal("job", "a"))).extracting(x -> x[1]).containsExactly(1.0, 0.0);
        }
    }

    @Test
    void checkpointPersistsDataWithItsOffset() {
        try (Shard s = open()) {
            s.append(List.of(record(UP_A, 1000, 1), record(UP_A, 2000, 0), record(UP_B, 1000, 1)), 10, 12);
            s.checkpoint();
            assertThat(s.persistedOffset()).isEqualTo(12);
        }
        try (Shard s = open()) {
            assertThat(s.persistedOffset()).isEqualTo(12);
            assertThat(s.seriesCount()).isEqualTo(2);
            assertThat(samples(s, 0, 5000, Matcher.equal("job", "a"))).extracting(x -> x[0]).containsExactly(1000.0, 2000.0);
        }
    }

    @Test
    void crashLosesOnlyWhatKafkaWillReplayAndReplayStoresItOnce() {
        Shard s = open();
        for (int i = 0; i < 10; i++) {
            s.append(List.of(record(UP_A, 1000L * (i + 1), i)), i, i);
            if (i == 4) {
                s.checkpoint();
            }
        }
        s.abandon(); // as SIGKILL: no final checkpoint
        try (Shard reopened = open()) {
            assertThat(reopened.persistedOffset()).isEqualTo(4);
            // The consumer resumes at offset 5; a redelivery of older records changes nothing.
            for (int i = 3; i < 10; i++) {
                reopened.append(List.of(record(UP_A, 1000L * (i + 1), i)), i, i);
            }
            List<double[]> all = samples(reopened, 0, 100_000, Matcher.equal("job", "a"));
            assertThat(all).extracting(x -> x[1]).containsExactly(0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0);
        }
    }

    @Test
    void chunksAreCutAt120SamplesAndAtBlockBoundaries() {
        long twoHours = Duration.ofHours(2).toMillis();
        try (Shard s = open()) {
            List<byte[]> records = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                records.add(record(UP_A, 15_000L * i, i));
            }
            records.add(record(UP_A, twoHours, 1)); // first sample of the next block
            s.append(records, 0, records.size() - 1);
            s.checkpoint();
            List<EncodedChunk> chunks = select(s, Matcher.equal("job", "a")).get(0).chunks();
            assertThat(chunks).extracting(c -> io.pharos.model.chunk.Chunks.numSamples(c.encoding(), c.data(), 0,
                    c.data().length)).containsExactly(120, 120, 60, 1);
            assertThat(chunks.get(3).minTime()).isEqualTo(twoHours);
        }
        try (Shard s = open()) {
            assertThat(samples(s, Long.MIN_VALUE, Long.MAX_VALUE, Matcher.equal("job", "a"))).hasSize(301);
        }
    }

    @Test
    void reopenedOpenChunkKeepsGrowing() {
        try (Shard s = open()) {
            s.append(List.of(record(UP_A, 1000, 1), record(UP_A, 2000, 2)), 0, 1);
        }
        try (Shard s = open()) {
            s.append(List.of(record(UP_A, 3000, 3)), 2, 2);
            assertThat(select(s, Matcher.equal("job", "a")).get(0).chunks()).hasSize(1);
            assertThat(samples(s, 0, 5000, Matcher.equal("job", "a"))).extracting(x -> x[1]).containsExactly(1.0, 2.0, 3.0);
        }
    }

    @Test
    void outOfOrderAndConflictingSamplesAreRejectedAndCounted() {
        try (Shard s = open()) {
            s.append(List.of(record(UP_A, 2000, 1), record(UP_A, 1000, 2), record(UP_A, 2000, 5), record(UP_A, 2000, 1)),
                    0, 3);
            assertThat(s.metrics().outOfOrder.get()).isEqualTo(1);
            assertThat(s.metrics().duplicateTimestamp.get()).isEqualTo(1);
            assertThat(s.metrics().samplesAppended.get()).isEqualTo(1);
        }
        try (Shard s = open()) {
            s.append(List.of(record(UP_A, 1500, 3)), 4, 4);
            assertThat(s.metrics().outOfOrder.get()).isEqualTo(1);
        }
    }

    @Test
    void staleMarkersAreKeptBitExactly() {
        try (Shard s = open()) {
            s.append(List.of(record(UP_A, 1000, StaleMarker.VALUE)), 0, 0);
            s.checkpoint();
        }
        try (Shard s = open()) {
            assertThat(StaleMarker.is(samples(s, 0, 5000, Matcher.equal("job", "a")).get(0)[1])).isTrue();
        }
    }

    @Test
    void corruptRecordIsCountedAndSkipped() {
        try (Shard s = open()) {
            s.append(List.of(new byte[] {9, 9}, record(UP_A, 1000, 1)), 0, 1);
            assertThat(s.metrics().corruptRecords.get()).isEqualTo(1);
            assertThat(samples(s, 0, 5000, Matcher.equal("job", "a"))).hasSize(1);
        }
    }

    @Test
    void retentionDropsWholeOldBlocks() {
        long block = Duration.ofHours(2).toMillis();
        ShardOptions twoBlocks = new ShardOptions(Duration.ofDays(1), Duration.ofHours(2), Duration.ofHours(4), 0);
        try (Shard s = Shard.open(0, dir, twoBlocks)) {
            List<byte[]> records = new ArrayList<>();
            for (int b = 0; b < 5; b++) {
                records.add(record(UP_A, b * block + 1000, b));
            }
            s.append(records, 0, records.size() - 1);
            s.checkpoint();
            // Newest sample in block 4: blocks ending at or before 4h before it (0 and 1... up to end <= 4*block+1000-4h) go.
            List<double[]> left = samples(s, Long.MIN_VALUE, Long.MAX_VALUE, Matcher.equal("job", "a"));
            assertThat(left).extracting(x -> x[1]).containsExactly(2.0, 3.0, 4.0);
            assertThat(s.metrics().blocksDropped.get()).isEqualTo(2);
        }
    }

    @Test
    void labelsAndSeriesAreBoundedByTime() {
        try (Shard s = open()) {
            s.append(List.of(record(UP_A, 1000, 1), record(UP_B, 50_000, 1)), 0, 1);
            assertThat(s.series(List.of(Matcher.equal("__name__", "up")), 0, 2000)).containsExactly(UP_A);
            assertThat(s.labelValues("job", List.of(), 0, 100_000)).containsExactly("a", "b");
            assertThat(s.labelNames(List.of(Matcher.equal("job", "b")), 0, 100_000)).containsExactly("__name__", "instance", "job");
        }
    }

    @Test
    void outOfOrderSamplesWithinTheWindowAreKeptAndPersisted() {
        ShardOptions window = new ShardOptions(Duration.ofDays(1), Duration.ofHours(2), Duration.ZERO, 0,
                Duration.ofMinutes(5));
        try (Shard s = Shard.open(0, dir, window)) {
            s.append(List.of(record(UP_A, 600_000, 1), record(UP_A, 300_000, 2), record(UP_A, 1000, 3),
                    record(UP_A, 450_000, 4)), 0, 3);
            assertThat(s.metrics().outOfOrderAccepted.get()).isEqualTo(2);
            assertThat(s.metrics().outOfOrder.get()).isEqualTo(1); // 1000 is beyond the 5 min window
            s.checkpoint();
        }
        try (Shard s = Shard.open(0, dir, window)) {
            List<double[]> all = samples(s, 0, 1_000_000, Matcher.equal("job", "a"));
            assertThat(all).extracting(x -> x[0]).containsExactlyInAnyOrder(300_000.0, 450_000.0, 600_000.0);
        }
    }

    @Test
    void settledBlocksAreCompactedIntoOneChunkPerSeries() {
        long block = Duration.ofHours(2).toMillis();
        List<byte[]> records = new ArrayList<>();
        // Three blocks' worth at 30 s (two chunks per block): block 0 is settled once samples reach block 2.
        for (long t = 0; t < 3 * block; t += 30_000) {
            records.add(record(UP_A, t, t / 30_000 * 0.5));
        }
        try (Shard s = open()) {
            s.append(records, 0, records.size() - 1);
            s.checkpoint();
            assertThat(s.metrics().compactions.get(0)).isEqualTo(1);
            List<EncodedChunk> chunks = select(s, Matcher.equal("job", "a")).get(0).chunks();
            assertThat(chunks.get(0).minTime()).isZero();
            assertThat(chunks.get(0).maxTime()).isEqualTo(block - 30_000);
            assertThat(io.pharos.model.chunk.Chunks.numSamples(chunks.get(0).encoding(), chunks.get(0).data(), 0,
                    chunks.get(0).data().length)).isEqualTo(240);
            assertThat(chunks.get(1).minTime()).isEqualTo(block);
        }
        try (Shard s = open()) {
            List<double[]> all = samples(s, Long.MIN_VALUE, Long.MAX_VALUE, Matcher.equal("job", "a"));
            assertThat(all).hasSize(records.size());
            for (int i = 0; i < all.size(); i++) {
                assertThat(all.get(i)[0]).isEqualTo(i * 30_000.0);
                assertThat(all.get(i)[1]).isEqualTo(i * 0.5);
            }
            s.checkpoint();
            assertThat(s.metrics().compactions.get(0)).isZero(); // block 0 is not compacted twice
        }
    }

    private static final long HOUR = Duration.ofHours(1).toMillis();

    /** Two series scraped together every {@code interval} from 0 to {@code end} (exclusive). */
    private static List<byte[]> scrapes(long from, long end, long interval) {
        List<byte[]> records = new ArrayList<>();
        for (long t = from; t < end; t += interval) {
            records.add(SampleRecordCodec.encode(List.of(SeriesSamples.single(UP_A, t, t / interval),
                    SeriesSamples.single(UP_B, t, t / interval * 0.25))));
        }
        return records;
    }

    /** Appends records from {@code offset} on, checkpointing every {@code every} records as a running shard does. */
    private static long appendWithCheckpoints(Shard s, List<byte[]> records, long offset, int every) {
        for (int i = 0; i < records.size(); i += every) {
            List<byte[]> batch = records.subList(i, Math.min(records.size(), i + every));
            s.append(batch, offset, offset + batch.size() - 1);
            offset += batch.size();
            s.checkpoint();
        }
        return offset;
    }

    private static List<Double> times(Shard s, long mint, long maxt, Matcher m) {
        return samples(s, mint, maxt, m).stream().map(x -> x[0]).toList();
    }

    private static List<Double> expectedTimes(long from, long end, long interval) {
        List<Double> out = new ArrayList<>();
        for (long t = from; t < end; t += interval) {
            out.add((double) t);
        }
        return out;
    }

    @Test
    void seriesReadAcrossMergedAndBaseBlocksReturnsEverySampleOnce() {
        long interval = 60_000;
        try (Shard s = open()) {
            appendWithCheckpoints(s, scrapes(0, 30 * HOUR, interval), 0, 50);
            s.compactSettledBlocks();
            // Settled up to 28h less a minute: base blocks to 26h compacted, 6h blocks to 24h, and [0h, 18h) as one.
            assertThat(s.metrics().compactions.get(0)).isEqualTo(13);
            assertThat(s.metrics().compactions.get(1)).isEqualTo(4);
            assertThat(s.metrics().compactions.get(2)).isEqualTo(1);
            assertThat(times(s, Long.MIN_VALUE, Long.MAX_VALUE, Matcher.equal("job", "a")))
                    .containsExactlyElementsOf(expectedTimes(0, 30 * HOUR, interval));
            // A range across the merged [0h, 18h), the 6h [18h, 24h), base blocks and the head.
            assertThat(times(s, 17 * HOUR, 29 * HOUR, Matcher.equal("job", "b")))
                    .containsExactlyElementsOf(expectedTimes(17 * HOUR, 29 * HOUR + 1, interval));
        }
        try (Shard s = open()) {
            List<double[]> b = samples(s, Long.MIN_VALUE, Long.MAX_VALUE, Matcher.equal("job", "b"));
            assertThat(b).hasSize((int) (30 * HOUR / interval));
            for (int i = 0; i < b.size(); i++) {
                assertThat(b.get(i)).containsExactly(i * (double) interval, i * 0.25);
            }
            s.compactSettledBlocks();
            assertThat(s.metrics().compactions.get(1)).isZero(); // merges are remembered across restarts
        }
    }

    @Test
    void chunksWrittenLateIntoAMergedBlockAreReadAndKeptOnce() {
        Labels late = Labels.of("__name__", "up", "job", "late", "instance", "z");
        try (Shard s = open()) {
            // The late series stops after 1h; its open chunk stays in the head.
            s.append(List.of(record(late, 0, 1), record(late, HOUR, 2)), 0, 1);
            long offset = appendWithCheckpoints(s, scrapes(0, 30 * HOUR, 60_000), 2, 50);
            s.compactSettledBlocks();
            assertThat(s.metrics().compactions.get(2)).isEqualTo(1); // [0h, 18h) merged
            // It returns at 3h, in order for itself: its first chunk is sealed into the merged block.
            s.append(List.of(record(late, 3 * HOUR, 3)), offset, offset);
            s.checkpoint();
            s.compactSettledBlocks();
        }
        try (Shard s = open()) {
            assertThat(samples(s, Long.MIN_VALUE, Long.MAX_VALUE, Matcher.equal("job", "late")))
                    .extracting(x -> x[0]).containsExactly(0.0, (double) HOUR, 3.0 * HOUR);
        }
    }

    @Test
    void retentionByTimeDropsWholeMergedBlocks() {
        // 3 days of retention: blocks grow to 6h (18h is over a tenth of it).
        ShardOptions threeDays = new ShardOptions(Duration.ofDays(1), Duration.ofHours(2), Duration.ofDays(3), 0);
        long interval = 300_000;
        try (Shard s = Shard.open(0, dir, threeDays)) {
            long offset = appendWithCheckpoints(s, scrapes(0, 48 * HOUR, interval), 0, 100);
            s.compactSettledBlocks();
            assertThat(s.metrics().compactions.get(1)).isEqualTo(7); // 6h blocks up to 42h
            assertThat(s.metrics().blocksDropped.get()).isZero();
            // Newest sample at 80h: the cutoff is 8h. [0h, 6h) goes whole; [6h, 12h) ends after the
            // cutoff and stays whole, its samples before 8h included.
            appendWithCheckpoints(s, scrapes(48 * HOUR, 80 * HOUR + 1, interval), offset, 100);
            assertThat(s.metrics().blocksDropped.get()).isEqualTo(1);
            assertThat(times(s, Long.MIN_VALUE, Long.MAX_VALUE, Matcher.equal("job", "a")))
                    .containsExactlyElementsOf(expectedTimes(6 * HOUR, 80 * HOUR + 1, interval));
        }
        try (Shard s = Shard.open(0, dir, threeDays)) {
            assertThat(times(s, Long.MIN_VALUE, Long.MAX_VALUE, Matcher.equal("job", "b")).get(0)).isEqualTo(6.0 * HOUR);
        }
    }

    @Test
    void retentionBySizeDropsWholeOldestBlocks() {
        long interval = 15_000;
        // Random values do not compress: enough bytes for RocksDB to size ranges of the key space.
        java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        List<byte[]> records = new ArrayList<>();
        for (long t = 0; t < 30 * HOUR; t += interval) {
            List<SeriesSamples> scrape = new ArrayList<>();
            scrape.add(SeriesSamples.single(UP_A, t, 1));
            for (int i = 0; i < 10; i++) {
                scrape.add(SeriesSamples.single(Labels.of("__name__", "noise", "i", Integer.toString(i)), t,
                        random.nextDouble()));
            }
            records.add(SampleRecordCodec.encode(scrape));
        }
        long limit;
        try (Shard s = open()) {
            appendWithCheckpoints(s, records, 0, 200);
            s.compactSettledBlocks(); // blocks: [0h, 18h), [18h, 24h), then 2h ones
            s.compact();
            limit = s.chunkBytesOnDisk() * 6 / 10;
        }
        ShardOptions sizeLimit = new ShardOptions(Duration.ofDays(1), Duration.ofHours(2), Duration.ZERO, limit);
        try (Shard s = Shard.open(0, dir, sizeLimit)) {
            s.checkpoint();
            // Dropping [0h, 18h) (about half the bytes) is enough; base blocks would have stopped earlier.
            assertThat(s.metrics().blocksDropped.get()).isEqualTo(1);
            assertThat(s.chunkBytesOnDisk()).isLessThanOrEqualTo(limit);
            s.checkpoint();
            assertThat(s.metrics().blocksDropped.get()).isEqualTo(1); // the space is given back, nothing more goes
            assertThat(times(s, Long.MIN_VALUE, Long.MAX_VALUE, Matcher.equal("job", "a")))
                    .containsExactlyElementsOf(expectedTimes(18 * HOUR, 30 * HOUR, interval));
        }
    }

    @Test
    void restartBetweenAnyTwoCompactionStepsLosesAndDuplicatesNothing() {
        long interval = 60_000;
        List<byte[]> records = scrapes(0, 30 * HOUR, interval);
        int steps;
        Path reference = dir.resolve("uninterrupted");
        try (Shard s = Shard.open(0, reference, MANUAL_CHECKPOINTS)) {
            s.append(records, 0, records.size() - 1);
            s.checkpoint(); // one step
            steps = 1 + s.compactSettledBlocks();
        }
        assertThat(steps).isEqualTo(13 + 4 + 1);
        for (int crashAfter = 0; crashAfter <= steps; crashAfter++) {
            Path at = dir.resolve("crash-after-" + crashAfter);
            long[] perLevel = new long[3];
            Shard s = Shard.open(0, at, MANUAL_CHECKPOINTS);
            s.append(records, 0, records.size() - 1);
            s.checkpoint();
            for (int i = 1; i < crashAfter; i++) {
                assertThat(s.compactionStep()).isTrue();
            }
            for (int l = 0; l < 3; l++) {
                perLevel[l] += s.metrics().compactions.get(l);
            }
            s.abandon();
            try (Shard reopened = Shard.open(0, at, MANUAL_CHECKPOINTS)) {
                // Kafka redelivers the last records; they are already applied.
                reopened.append(records.subList(records.size() - 10, records.size()), records.size() - 10,
                        records.size() - 1);
                reopened.compactSettledBlocks();
                for (int l = 0; l < 3; l++) {
                    perLevel[l] += reopened.metrics().compactions.get(l);
                }
                assertThat(perLevel).as("compactions per level after a crash after step %d", crashAfter)
                        .containsExactly(13, 4, 1);
                assertThat(times(reopened, Long.MIN_VALUE, Long.MAX_VALUE, Matcher.equal("job", "a")))
                        .as("samples after a crash after step %d", crashAfter)
                        .containsExactlyElementsOf(expectedTimes(0, 30 * HOUR, interval));
            }
        }
    }

    private static List<SeriesChunks> select(Shard s, long mint, long maxt, SelectHints hints) {
        List<SeriesChunks> out = new ArrayList<>();
        s.select(List.of(Matcher.equal("__name__", "up")), mint, maxt, hints, out::add);
        return out;
    }

    @Test
    void seriesHintAnswersTheSameSeriesAsAFullSelectWithoutChunks() {
        SelectHints series = new SelectHints(0, 0, Shard.SERIES_ONLY);
        try (Shard s = open()) {
            List<byte[]> records = new ArrayList<>();
            for (long t = 0; t < 10 * HOUR; t += 60_000) {
                if (t < HOUR || t >= 5 * HOUR) { // a gap from 1h to 5h
                    records.add(record(UP_A, t, 1));
                }
            }
            records.add(record(UP_B, 10 * HOUR, 1)); // only in the head
            appendWithCheckpoints(s, records, 0, 50);
            s.compactSettledBlocks();
            long[][] ranges = {{0, HOUR / 2}, {2 * HOUR, 3 * HOUR}, {4 * HOUR, 5 * HOUR}, {9 * HOUR, 10 * HOUR},
                {Long.MIN_VALUE, Long.MAX_VALUE}};
            for (long[] r : ranges) {
                List<SeriesChunks> full = select(s, r[0], r[1], SelectHints.NONE);
                List<SeriesChunks> labelsOnly = select(s, r[0], r[1], series);
                assertThat(labelsOnly).as("range %d..%d", r[0], r[1]).extracting(SeriesChunks::labels)
                        .containsExactlyElementsOf(full.stream().map(SeriesChunks::labels).toList());
                assertThat(labelsOnly).allSatisfy(sc -> assertThat(sc.chunks()).isEmpty());
            }
            assertThat(select(s, 2 * HOUR, 3 * HOUR, series)).isEmpty();
            assertThat(select(s, 4 * HOUR, 5 * HOUR, series)).extracting(SeriesChunks::labels).containsExactly(UP_A);
        }
    }

    @Test
    void rangeAndStepHintsLeaveChunksWholeForTheQuerySideToTrim() {
        try (Shard s = open()) {
            appendWithCheckpoints(s, scrapes(0, 3 * HOUR, 15_000), 0, 100);
            long mint = HOUR + 600_000; // inside a chunk of 30 min (120 samples at 15 s)
            long maxt = mint + 60_000;
            List<SeriesChunks> plain = select(s, mint, maxt, SelectHints.NONE);
            List<SeriesChunks> hinted = select(s, mint, maxt, new SelectHints(15_000, 300_000, "rate"));
            assertThat(hinted).usingRecursiveComparison().isEqualTo(plain);
            EncodedChunk chunk = hinted.get(0).chunks().get(0);
            assertThat(chunk.minTime()).isLessThan(mint);
            assertThat(chunk.maxTime()).isGreaterThan(maxt);
        }
    }
}
