package io.pharos.storage.shard;

import io.pharos.model.labels.Labels;
import io.pharos.model.labels.Matcher;
import io.pharos.model.sample.SampleRecordCodec;
import io.pharos.model.select.EncodedChunk;
import io.pharos.model.select.SelectHints;
import io.pharos.model.select.SeriesChunks;
import io.pharos.model.wire.BinaryReader;
import io.pharos.model.wire.BinaryWriter;
import io.pharos.storage.head.AppendResult;
import io.pharos.storage.head.Head;
import io.pharos.storage.head.MemSeries;
import io.pharos.storage.index.PostingsIndex;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.roaringbitmap.RoaringBitmap;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The store of one {@code pharos.samples} partition: one RocksDB owned by this shard alone,
 * and a head of open chunks in memory. Kafka is the write-ahead log: appends go to the head
 * only, and a checkpoint writes everything the head gained (new series, sealed chunks, open
 * chunks, changed postings) in one atomic batch together with the offset of the last record
 * applied. After any crash the shard reopens at its last checkpoint and the partition is
 * replayed from the next offset, so every sample is stored exactly once.
 *
 * <p>Column families: {@code default} (offset, next series id, which base blocks are compacted
 * and which form merged blocks, see {@link BlockLayout}), {@code series} (id to first
 * sample time and labels), {@code head} (id to newest time and open chunk), {@code postings}
 * (label pair to series bitmap), {@code chunks} (block, id, start time to sealed chunk).
 */
public final class Shard implements AutoCloseable {
    private static final byte[] OFFSET_KEY = "consumed_offset".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NEXT_ID_KEY = "next_series_id".getBytes(StandardCharsets.UTF_8);
    private static final byte SEPARATOR = (byte) 0xff;

    static {
        RocksDB.loadLibrary();
    }

    private final int partition;
    private final ShardOptions options;
    private final long blockMillis;
    private final DBOptions dbOptions;
    private final ColumnFamilyOptions cfOptions;
    private final ColumnFamilyOptions chunkCfOptions;
    private final BlockBasedTableConfig chunkTableConfig;
    private final List<ColumnFamilyHandle> handles = new ArrayList<>();
    private final RocksDB db;
    private final ColumnFamilyHandle meta;
    private final ColumnFamilyHandle seriesCf;
    private final ColumnFamilyHandle headCf;
    private final ColumnFamilyHandle postingsCf;
    private final ColumnFamilyHandle chunksCf;
    private final WriteOptions writeOptions = new WriteOptions();
    private final PostingsIndex index = new PostingsIndex();
    private final NavigableSet<Long> blocks = new TreeSet<>();
    /** Blocks whose chunks were merged already (kept in the default column family). */
    private final java.util.Set<Long> compactedBlocks = new java.util.HashSet<>();
    /** Which base blocks form larger blocks (kept in the default column family). */
    private final BlockLayout layout;
    private final Head head;
    private final ShardMetrics metrics;
    private volatile long appliedOffset;
    private volatile long persistedOffset;
    private long lastCheckpointNanos = System.nanoTime();
    private boolean closed;

    private Shard(int partition, Path dir, ShardOptions options) throws RocksDBException {
        this.partition = partition;
        this.options = options;
        this.blockMillis = options.blockDuration().toMillis();
        this.layout = new BlockLayout(BlockLayout.ranges(options.blockDuration(), options.retentionTime()));
        this.metrics = new ShardMetrics(layout.ranges().length);
        this.dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
        this.cfOptions = new ColumnFamilyOptions().setCompressionType(CompressionType.LZ4_COMPRESSION);
        // Chunks are already dense; zstd on the bottommost level squeezes what is left. Large
        // blocks let it see many series at once: series scraped together sit side by side
        // (consecutive ids) and share identical timestamp columns, which zstd folds.
        this.chunkTableConfig = new BlockBasedTableConfig().setBlockSize(64 * 1024);
        this.chunkCfOptions = new ColumnFamilyOptions()
                .setTableFormatConfig(chunkTableConfig)
                .setCompressionType(CompressionType.LZ4_COMPRESSION)
                .setBottommostCompressionType(CompressionType.ZSTD_COMPRESSION);
        List<ColumnFamilyDescriptor> cfs = List.of(
                new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions),
                new ColumnFamilyDescriptor(bytes("series"), cfOptions),
                new ColumnFamilyDescriptor(bytes("head"), cfOptions),
                new ColumnFamilyDescriptor(bytes("postings"), cfOptions),
                new ColumnFamilyDescriptor(bytes("chunks"), chunkCfOptions));
        this.db = RocksDB.open(dbOptions, dir.toString(), cfs, handles);
        this.meta = handles.get(0);
        this.seriesCf = handles.get(1);
        this.headCf = handles.get(2);
        this.postingsCf = handles.get(3);
        this.chunksCf = handles.get(4);
        byte[] off = db.get(meta, OFFSET_KEY);
        this.persistedOffset = off == null ? -1 : ChunkKeys.readLong(off);
        this.appliedOffset = persistedOffset;
        byte[] next = db.get(meta, NEXT_ID_KEY);
        this.head = new Head(blockMillis, options.outOfOrderWindow().toMillis(), next == null ? 0 : ChunkKeys.id(next),
                s -> index.add(s.id(), s.labels()));
        load();
    }

    /** Opens (or creates) the shard of a partition under {@code dir}. */
    public static Shard open(int partition, Path dir, ShardOptions options) {
        try {
            Files.createDirectories(dir);
            return new Shard(partition, dir, options);
        } catch (Exception e) {
            throw new ShardException("cannot open shard " + partition + " at " + dir + ": " + e.getMessage(), e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private void load() {
        Map<Integer, long[]> headTimes = new HashMap<>();
        Map<Integer, byte[]> openChunks = new HashMap<>();
        try (RocksIterator it = db.newIterator(headCf)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                BinaryReader r = new BinaryReader(it.value());
                int id = ChunkKeys.id(it.key());
                long maxTime = r.zigzag();
                byte enc = r.readByte();
                headTimes.put(id, new long[] {maxTime, enc});
                if (enc != 0) {
                    openChunks.put(id, r.bytes());
                }
            }
        }
        Labels.Builder scratch = Labels.builder();
        try (RocksIterator it = db.newIterator(seriesCf)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                int id = ChunkKeys.id(it.key());
                BinaryReader r = new BinaryReader(it.value());
                long firstTime = r.zigzag();
                Labels labels = r.labels(scratch);
                long[] ht = headTimes.getOrDefault(id, new long[] {Long.MIN_VALUE, 0});
                head.restore(id, labels, firstTime, ht[0], (byte) ht[1], openChunks.get(id));
            }
        }
        try (RocksIterator it = db.newIterator(postingsCf)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] k = it.key();
                int sep = indexOf(k, SEPARATOR);
                RoaringBitmap ids = new RoaringBitmap();
                try {
                    ids.deserialize(java.nio.ByteBuffer.wrap(it.value()));
                } catch (java.io.IOException e) {
                    throw new ShardException("shard " + partition + ": corrupt postings list", e);
                }
                index.load(new String(k, 0, sep, StandardCharsets.UTF_8),
                        new String(k, sep + 1, k.length - sep - 1, StandardCharsets.UTF_8), ids);
            }
        }
        index.drainDirty();
        try (RocksIterator it = db.newIterator(chunksCf)) {
            for (it.seekToFirst(); it.isValid(); ) {
                long block = ChunkKeys.blockStart(it.key());
                blocks.add(block);
                it.seek(ChunkKeys.blockStartKey(block + blockMillis));
            }
        }
        byte[] prefix = COMPACTED_PREFIX.getBytes(StandardCharsets.UTF_8);
        try (RocksIterator it = db.newIterator(meta)) {
            for (it.seek(prefix); it.isValid(); it.next()) {
                String k = new String(it.key(), StandardCharsets.UTF_8);
                if (!k.startsWith(COMPACTED_PREFIX)) {
                    break;
                }
                compactedBlocks.add(Long.parseLong(k.substring(COMPACTED_PREFIX.length())));
            }
        }
        byte[] mergedPrefix = MERGED_PREFIX.getBytes(StandardCharsets.UTF_8);
        try (RocksIterator it = db.newIterator(meta)) {
            for (it.seek(mergedPrefix); it.isValid(); it.next()) {
                String k = new String(it.key(), StandardCharsets.UTF_8);
                if (!k.startsWith(MERGED_PREFIX)) {
                    break;
                }
                layout.addMerged(Long.parseLong(k.substring(MERGED_PREFIX.length())), ChunkKeys.readLong(it.value()));
            }
        }
    }

    private static int indexOf(byte[] b, byte v) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == v) {
                return i;
            }
        }
        throw new ShardException("shard: malformed postings key", null);
    }

    public int partition() {
        return partition;
    }

    /** The offset of the last record persisted, or -1: where a restarted shard resumes from. */
    public long persistedOffset() {
        return persistedOffset;
    }

    /** The offset of the last record applied to the head (persisted or not). */
    public long appliedOffset() {
        return appliedOffset;
    }

    /** The block ranges a shard with these options builds, base block first; level n merges into the n-th. */
    public static List<java.time.Duration> blockRanges(ShardOptions options) {
        List<java.time.Duration> out = new ArrayList<>();
        for (long r : BlockLayout.ranges(options.blockDuration(), options.retentionTime())) {
            out.add(java.time.Duration.ofMillis(r));
        }
        return out;
    }

    public ShardMetrics metrics() {
        return metrics;
    }

    public synchronized int seriesCount() {
        return head.seriesCount();
    }

    /**
     * Applies consecutive records to the head. Records at or below the offset already applied are
     * skipped, so a replay is idempotent. Checkpoints when the interval has passed.
     */
    public synchronized void append(List<byte[]> recordValues, long firstOffset, long lastOffset) {
        checkOpen();
        if (lastOffset <= appliedOffset) {
            return;
        }
        HeadAppender appender = new HeadAppender();
        for (int r = 0; r < recordValues.size(); r++) {
            if (firstOffset + r <= appliedOffset) {
                continue;
            }
            try {
                SampleRecordCodec.decode(recordValues.get(r), appender);
            } catch (SampleRecordCodec.CorruptRecordException e) {
                // Retrying cannot make a corrupt record readable; count it so one bad record does
                // not stall the partition, and leave its samples out.
                metrics.corruptRecords.incrementAndGet();
            }
        }
        appliedOffset = lastOffset;
        if (System.nanoTime() - lastCheckpointNanos >= options.checkpointInterval().toNanos()) {
            checkpoint();
        }
    }

    /** Decodes records straight into the head, without building per-sample objects. */
    private final class HeadAppender implements SampleRecordCodec.Visitor {
        private MemSeries current;

        @Override
        public void series(Labels labels, int sampleCount) {
            current = head.getOrCreate(labels);
        }

        @Override
        public void sample(long timestamp, double value) {
            AppendResult r = head.append(current, timestamp, value);
            switch (r) {
                case APPENDED -> metrics.samplesAppended.incrementAndGet();
                case APPENDED_OUT_OF_ORDER -> {
                    metrics.samplesAppended.incrementAndGet();
                    metrics.outOfOrderAccepted.incrementAndGet();
                }
                case OUT_OF_ORDER -> metrics.outOfOrder.incrementAndGet();
                case DUPLICATE_TIMESTAMP -> metrics.duplicateTimestamp.incrementAndGet();
                case DUPLICATE -> { }
            }
        }
    }

    /**
     * Persists everything the head gained since the last checkpoint, with the applied offset, in
     * one atomic write; then applies retention.
     */
    public synchronized void checkpoint() {
        checkOpen();
        long started = System.nanoTime();
        try (WriteBatch batch = new WriteBatch()) {
            BinaryWriter w = new BinaryWriter(256);
            for (MemSeries s : head.drainCreated()) {
                w.reset();
                w.zigzag(s.firstTime());
                w.labels(s.labels());
                batch.put(seriesCf, ChunkKeys.idKey(s.id()), w.toByteArray());
            }
            List<Long> newBlocks = new ArrayList<>();
            head.drainForCheckpoint(new Head.CheckpointSink() {
                @Override
                public void sealedChunk(MemSeries s, EncodedChunk c) {
                    long block = Math.floorDiv(c.minTime(), blockMillis) * blockMillis;
                    w.reset();
                    w.writeByte(c.encoding());
                    w.zigzag(c.maxTime());
                    w.writeBytes(c.data(), 0, c.data().length);
                    try {
                        batch.put(chunksCf, ChunkKeys.key(block, s.id(), c.minTime()), w.toByteArray());
                    } catch (RocksDBException e) {
                        throw new ShardException("shard " + partition + ": checkpoint failed: " + e.getMessage(), e);
                    }
                    metrics.chunkBytesWritten.addAndGet(c.data().length);
                    metrics.chunksWritten.incrementAndGet();
                    newBlocks.add(block);
                }

                @Override
                public void outOfOrderChunk(MemSeries s, EncodedChunk c) {
                    // Out-of-order samples may span blocks; each block gets its own part.
                    var it = c.iterator();
                    long[] ts = new long[io.pharos.model.chunk.Chunks.numSamples(c.encoding(), c.data(), 0, c.data().length)];
                    double[] vs = new double[ts.length];
                    int n = 0;
                    long block = Long.MIN_VALUE;
                    while (it.next()) {
                        long b = Math.floorDiv(it.timestamp(), blockMillis) * blockMillis;
                        if (n > 0 && b != block) {
                            writeOutOfOrder(s, block, ts, vs, n);
                            n = 0;
                        }
                        block = b;
                        ts[n] = it.timestamp();
                        vs[n++] = it.value();
                    }
                    if (n > 0) {
                        writeOutOfOrder(s, block, ts, vs, n);
                    }
                }

                private void writeOutOfOrder(MemSeries s, long block, long[] ts, double[] vs, int n) {
                    byte[] data = io.pharos.model.chunk.DecimalChunk.encode(ts, vs, n);
                    w.reset();
                    w.writeByte(io.pharos.model.chunk.ChunkEncoding.DECIMAL.id());
                    w.zigzag(ts[n - 1]);
                    w.writeBytes(data, 0, data.length);
                    try {
                        batch.put(chunksCf, ChunkKeys.outOfOrderKey(block, s.id(), ts[0], appliedOffset),
                                w.toByteArray());
                    } catch (RocksDBException e) {
                        throw new ShardException("shard " + partition + ": checkpoint failed: " + e.getMessage(), e);
                    }
                    newBlocks.add(block);
                }

                @Override
                public void openChunk(MemSeries s, byte encoding, byte[] chunk) {
                    w.reset();
                    w.zigzag(s.maxTime());
                    w.writeByte(encoding);
                    w.bytes(chunk);
                    put(s, w);
                }

                @Override
                public void noOpenChunk(MemSeries s) {
                    w.reset();
                    w.zigzag(s.maxTime());
                    w.writeByte(0);
                    put(s, w);
                }

                private void put(MemSeries s, BinaryWriter value) {
                    try {
                        batch.put(headCf, ChunkKeys.idKey(s.id()), value.toByteArray());
                    } catch (RocksDBException e) {
                        throw new ShardException("shard " + partition + ": checkpoint failed: " + e.getMessage(), e);
                    }
                }
            });
            for (PostingsIndex.LabelPair p : index.drainDirty()) {
                byte[] key = postingsKey(p.name(), p.value());
                RoaringBitmap ids = index.get(p.name(), p.value());
                if (ids == null) {
                    batch.delete(postingsCf, key);
                } else {
                    ids.runOptimize();
                    java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(ids.serializedSizeInBytes());
                    ids.serialize(buf);
                    batch.put(postingsCf, key, buf.array());
                }
            }
            batch.put(meta, NEXT_ID_KEY, ChunkKeys.idKey(head.nextId()));
            batch.put(meta, OFFSET_KEY, ChunkKeys.longBytes(appliedOffset));
            db.write(writeOptions, batch);
            blocks.addAll(newBlocks);
        } catch (RocksDBException e) {
            throw new ShardException("shard " + partition + ": checkpoint failed: " + e.getMessage(), e);
        }
        persistedOffset = appliedOffset;
        lastCheckpointNanos = System.nanoTime();
        metrics.checkpoints.incrementAndGet();
        metrics.lastCheckpointMillis.set((lastCheckpointNanos - started) / 1_000_000);
        applyRetention();
        compactionStep();
    }

    /** Compacts and merges every settled block now (benchmarks, maintenance); returns the steps done. */
    public synchronized int compactSettledBlocks() {
        checkOpen();
        int n = 0;
        while (compactionStep()) {
            n++;
        }
        return n;
    }

    /**
     * One step of compaction, oldest work first, so that a checkpoint pauses appends for one step
     * at most: compacts a settled base block, or else merges settled blocks into a larger one.
     * Each step commits in one write batch, so a crash leaves it done or not done, never half.
     */
    synchronized boolean compactionStep() {
        checkOpen();
        long settled = settledBefore();
        return compactOneBlock(settled) || mergeOne(settled);
    }

    /** Blocks ending at or before this time receive no more samples (but from a series returning late). */
    private long settledBefore() {
        long newest = Long.MIN_VALUE;
        for (MemSeries s : head.series()) {
            newest = Math.max(newest, s.maxTime());
        }
        if (newest == Long.MIN_VALUE) {
            return Long.MIN_VALUE;
        }
        return newest - Math.max(blockMillis, options.outOfOrderWindow().toMillis());
    }

    /**
     * Merges settled blocks into the next larger block: compacts its key range into the
     * bottommost level (chunks a returning series wrote late into it, since its base block was
     * compacted), then records the merge in one write. The range compaction changes no data, so
     * a crash before the record only means it runs again.
     */
    private boolean mergeOne(long settled) {
        BlockLayout.Merge m = layout.nextMerge(blocks, settled);
        if (m == null) {
            return false;
        }
        try (WriteBatch batch = new WriteBatch()) {
            db.compactRange(chunksCf, ChunkKeys.blockStartKey(m.block().start()), ChunkKeys.blockStartKey(m.block().end()));
            for (BlockLayout.Unit part : m.parts()) {
                if (layout.isMerged(part)) {
                    batch.delete(meta, mergedKey(part.start()));
                }
            }
            batch.put(meta, mergedKey(m.block().start()), ChunkKeys.longBytes(m.block().end()));
            db.write(writeOptions, batch);
        } catch (RocksDBException e) {
            throw new ShardException("shard " + partition + ": merge of blocks into " + m.block() + " failed: "
                    + e.getMessage(), e);
        }
        layout.apply(m);
        metrics.compactions.incrementAndGet(m.level());
        return true;
    }

    /**
     * Rewrites the oldest block not compacted yet, once no sample can land in it any more: each
     * series' chunks in it become one chunk in the densest encoding (fewer keys and headers,
     * and one delta stream instead of several).
     */
    private boolean compactOneBlock(long settled) {
        for (long block : blocks) {
            if (block + blockMillis > settled) {
                return false;
            }
            if (!compactedBlocks.contains(block)) {
                compactBlock(block);
                return true;
            }
        }
        return false;
    }

    private void compactBlock(long block) {
        try (WriteBatch batch = new WriteBatch(); RocksIterator it = db.newIterator(chunksCf)) {
            byte[] end = ChunkKeys.blockStartKey(block + blockMillis);
            int series = -1;
            List<byte[]> keys = new ArrayList<>();
            List<EncodedChunk> chunks = new ArrayList<>();
            for (it.seek(ChunkKeys.blockStartKey(block)); it.isValid(); it.next()) {
                byte[] key = it.key();
                if (java.util.Arrays.compareUnsigned(key, end) >= 0) {
                    break;
                }
                int id = ChunkKeys.seriesId(key);
                if (id != series) {
                    merge(batch, block, series, keys, chunks);
                    series = id;
                    keys.clear();
                    chunks.clear();
                }
                keys.add(key);
                BinaryReader r = new BinaryReader(it.value());
                byte enc = r.readByte();
                long maxTime = r.zigzag();
                long minTime = java.nio.ByteBuffer.wrap(key, 12, 8).getLong() ^ Long.MIN_VALUE;
                chunks.add(new EncodedChunk(enc, minTime, maxTime,
                        java.util.Arrays.copyOfRange(it.value(), r.position(), it.value().length)));
            }
            merge(batch, block, series, keys, chunks);
            batch.put(meta, compactedKey(block), new byte[0]);
            db.write(writeOptions, batch);
            // The block will not change again: rewrite it into the bottommost level now, where
            // zstd applies and the replaced chunks' tombstones go. Changes no data if interrupted.
            db.compactRange(chunksCf, ChunkKeys.blockStartKey(block), ChunkKeys.blockStartKey(block + blockMillis));
        } catch (RocksDBException e) {
            throw new ShardException("shard " + partition + ": compaction of block " + block + " failed: " + e.getMessage(), e);
        }
        compactedBlocks.add(block);
        metrics.compactions.incrementAndGet(0);
    }

    /** Replaces a series' chunks in a block by one chunk holding their samples in time order. */
    private void merge(WriteBatch batch, long block, int series, List<byte[]> keys, List<EncodedChunk> chunks)
            throws RocksDBException {
        if (keys.size() < 2) {
            return;
        }
        int total = 0;
        for (EncodedChunk c : chunks) {
            total += io.pharos.model.chunk.Chunks.numSamples(c.encoding(), c.data(), 0, c.data().length);
        }
        long[] ts = new long[total];
        double[] vs = new double[total];
        int n = 0;
        for (EncodedChunk c : chunks) {
            var it = c.iterator();
            while (it.next()) {
                ts[n] = it.timestamp();
                vs[n++] = Double.longBitsToDouble(it.valueBits());
            }
        }
        // Out-of-order chunks overlap the others: order by time, first sample of a timestamp wins.
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Long.compare(ts[a], ts[b]));
        long[] t2 = new long[n];
        double[] v2 = new double[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            int k = order[i];
            if (m > 0 && t2[m - 1] == ts[k]) {
                continue;
            }
            t2[m] = ts[k];
            v2[m++] = vs[k];
        }
        byte[] data = io.pharos.model.chunk.DecimalChunk.encode(t2, v2, m);
        for (byte[] key : keys) {
            batch.delete(chunksCf, key);
        }
        BinaryWriter w = new BinaryWriter(data.length + 16);
        w.writeByte(io.pharos.model.chunk.ChunkEncoding.DECIMAL.id());
        w.zigzag(t2[m - 1]);
        w.writeBytes(data, 0, data.length);
        batch.put(chunksCf, ChunkKeys.key(block, series, t2[0]), w.toByteArray());
    }

    private static final String COMPACTED_PREFIX = "compacted_block:";

    private static byte[] compactedKey(long block) {
        return (COMPACTED_PREFIX + block).getBytes(StandardCharsets.UTF_8);
    }

    private static final String MERGED_PREFIX = "merged_block:";

    /** The record of a merged block: its start in the key, its end (exclusive) as the value. */
    private static byte[] mergedKey(long start) {
        return (MERGED_PREFIX + start).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] postingsKey(String name, String value) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        byte[] k = new byte[n.length + 1 + v.length];
        System.arraycopy(n, 0, k, 0, n.length);
        k[n.length] = SEPARATOR;
        System.arraycopy(v, 0, k, n.length + 1, v.length);
        return k;
    }

    /**
     * Drops whole blocks older than the retention time (measured from the newest sample, as
     * Prometheus measures it from its newest block) and, while the chunks exceed the size limit,
     * the oldest blocks.
     */
    private void applyRetention() {
        if (blocks.isEmpty()) {
            return;
        }
        long newest = Long.MIN_VALUE;
        for (MemSeries s : head.series()) {
            newest = Math.max(newest, s.maxTime());
        }
        List<BlockLayout.Unit> units = layout.units(blocks);
        List<BlockLayout.Unit> drop = new ArrayList<>();
        if (!options.retentionTime().isZero()) {
            long cutoff = newest - options.retentionTime().toMillis();
            for (BlockLayout.Unit u : units) {
                if (u.end() <= cutoff) {
                    drop.add(u);
                }
            }
        }
        if (options.retentionBytes() > 0) {
            long size = chunkBytesOnDisk();
            List<BlockLayout.Unit> remaining = new ArrayList<>(units);
            remaining.removeAll(drop);
            for (BlockLayout.Unit u : drop) {
                size -= approximateBytes(u);
            }
            // Never the newest block: it is still being written.
            while (size > options.retentionBytes() && remaining.size() > 1) {
                BlockLayout.Unit oldest = remaining.remove(0);
                drop.add(oldest);
                size -= approximateBytes(oldest);
            }
        }
        for (BlockLayout.Unit u : drop) {
            dropBlock(u);
        }
    }

    /** Deletes a whole block, its chunks and its records, in one write. */
    private void dropBlock(BlockLayout.Unit u) {
        List<Long> bases = new ArrayList<>(blocks.subSet(u.start(), true, u.end(), false));
        try (WriteBatch batch = new WriteBatch()) {
            batch.deleteRange(chunksCf, ChunkKeys.blockStartKey(u.start()), ChunkKeys.blockStartKey(u.end()));
            for (long b : bases) {
                if (compactedBlocks.contains(b)) {
                    batch.delete(meta, compactedKey(b));
                }
            }
            if (layout.isMerged(u)) {
                batch.delete(meta, mergedKey(u.start()));
            }
            db.write(writeOptions, batch);
            // Give the space back now (whole files first, then the rest by compaction), so the size
            // that retention by size measures next shrinks and it does not drop more than needed.
            byte[] from = ChunkKeys.blockStartKey(u.start());
            byte[] to = ChunkKeys.blockStartKey(u.end());
            db.deleteFilesInRanges(chunksCf, List.of(from, to), false);
            db.compactRange(chunksCf, from, to);
        } catch (RocksDBException e) {
            throw new ShardException("shard " + partition + ": retention failed: " + e.getMessage(), e);
        }
        blocks.removeAll(bases);
        compactedBlocks.removeAll(bases);
        layout.remove(u);
        metrics.blocksDropped.incrementAndGet();
    }

    /** Compacts the chunks down to the bottommost level, where zstd applies. */
    public synchronized void compact() {
        checkOpen();
        try {
            db.compactRange(chunksCf);
        } catch (RocksDBException e) {
            throw new ShardException("shard " + partition + ": compaction failed: " + e.getMessage(), e);
        }
    }

    /** Bytes of the chunks column family: SST files plus memtables. */
    public synchronized long chunkBytesOnDisk() {
        try {
            return db.getLongProperty(chunksCf, "rocksdb.total-sst-files-size")
                    + db.getLongProperty(chunksCf, "rocksdb.cur-size-all-mem-tables");
        } catch (RocksDBException e) {
            return 0;
        }
    }

    private long approximateBytes(BlockLayout.Unit u) {
        long[] sizes = db.getApproximateSizes(chunksCf,
                List.of(new org.rocksdb.Range(new org.rocksdb.Slice(ChunkKeys.blockStartKey(u.start())),
                        new org.rocksdb.Slice(ChunkKeys.blockStartKey(u.end())))),
                org.rocksdb.SizeApproximationFlag.INCLUDE_FILES, org.rocksdb.SizeApproximationFlag.INCLUDE_MEMTABLES);
        return sizes[0];
    }

    /**
     * Streams every series matching all matchers that has data in [mint, maxt], with its chunks
     * in time order: persisted ones first, then the head's.
     */
    public void select(List<Matcher> matchers, long mint, long maxt, Consumer<SeriesChunks> sink) {
        select(matchers, mint, maxt, SelectHints.NONE, sink);
    }

    /**
     * As {@link #select(List, long, long, Consumer)}, acting on the hints where the answer stays
     * the same for the engine: for {@link #SERIES_ONLY} (Prometheus's {@code /api/v1/series}) the
     * same series come without chunks, so none is read from disk past its first one in range.
     * Whatever the step or range, chunks stay whole: the query side trims them to its range.
     */
    public void select(List<Matcher> matchers, long mint, long maxt, SelectHints hints, Consumer<SeriesChunks> sink) {
        boolean labelsOnly = SERIES_ONLY.equals(hints.function());
        List<HeadView> views = new ArrayList<>();
        List<Long> blockList;
        Snapshot snapshot;
        ReadOptions ro;
        RocksIterator it;
        synchronized (this) {
            checkOpen();
            RoaringBitmap ids = index.select(matchers);
            for (int id : ids) {
                MemSeries s = head.get(id);
                if (s == null || s.maxTime() < mint || s.firstTime() > maxt) {
                    continue;
                }
                List<EncodedChunk> headChunks = new ArrayList<>(2);
                head.chunks(s, mint, maxt, headChunks::add);
                views.add(new HeadView(id, s.labels(), headChunks));
            }
            // The block holding mint starts at most one block length before it (no overflow for MIN_VALUE).
            long firstBlock = mint < Long.MIN_VALUE + blockMillis ? Long.MIN_VALUE : mint - blockMillis + 1;
            blockList = new ArrayList<>(blocks.subSet(firstBlock, true, maxt, true));
            // The iterator is made under the lock too: it pins the files it reads, which retention
            // would otherwise be free to delete before the read starts.
            snapshot = db.getSnapshot();
            ro = new ReadOptions().setSnapshot(snapshot);
            it = db.newIterator(chunksCf, ro);
        }
        try {
            for (HeadView v : views) {
                if (labelsOnly) {
                    if (!v.headChunks().isEmpty() || anyChunk(it, blockList, v.id(), mint, maxt)) {
                        sink.accept(new SeriesChunks(v.labels(), List.of()));
                    }
                    continue;
                }
                List<EncodedChunk> chunks = new ArrayList<>();
                for (long block : blockList) {
                    readChunks(it, block, v.id(), mint, maxt, chunks);
                }
                chunks.addAll(v.headChunks());
                if (!chunks.isEmpty()) {
                    sink.accept(new SeriesChunks(v.labels(), chunks));
                }
            }
        } finally {
            it.close();
            ro.close();
            db.releaseSnapshot(snapshot);
            snapshot.close();
        }
    }

    /** The select hint function of Prometheus's series API: labels are wanted, not samples. */
    public static final String SERIES_ONLY = "series";

    /** Whether a series has a persisted chunk overlapping [mint, maxt], reading chunk headers only. */
    private static boolean anyChunk(RocksIterator it, List<Long> blockList, int id, long mint, long maxt) {
        java.nio.ByteBuffer header = java.nio.ByteBuffer.allocateDirect(16);
        byte[] bytes = new byte[16];
        for (long block : blockList) {
            for (it.seek(ChunkKeys.key(block, id, Long.MIN_VALUE)); it.isValid(); it.next()) {
                byte[] key = it.key();
                if (ChunkKeys.blockStart(key) != block || ChunkKeys.seriesId(key) != id
                        || ChunkKeys.minTime(key) > maxt) {
                    break;
                }
                header.clear();
                int n = Math.min(it.value(header), bytes.length);
                header.get(0, bytes, 0, n);
                BinaryReader r = new BinaryReader(bytes);
                r.readByte();
                if (r.zigzag() >= mint) {
                    return true;
                }
            }
        }
        return false;
    }

    private record HeadView(int id, Labels labels, List<EncodedChunk> headChunks) {
    }

    private static void readChunks(RocksIterator it, long block, int id, long mint, long maxt, List<EncodedChunk> out) {
        byte[] prefix = ChunkKeys.key(block, id, Long.MIN_VALUE);
        for (it.seek(prefix); it.isValid(); it.next()) {
            byte[] key = it.key();
            if (ChunkKeys.blockStart(key) != block || ChunkKeys.seriesId(key) != id) {
                return;
            }
            long minTime = ChunkKeys.minTime(key);
            if (minTime > maxt) {
                return;
            }
            byte[] value = it.value();
            BinaryReader r = new BinaryReader(value);
            byte enc = r.readByte();
            long maxTime = r.zigzag();
            if (maxTime < mint) {
                continue;
            }
            byte[] data = java.util.Arrays.copyOfRange(value, r.position(), value.length);
            out.add(new EncodedChunk(enc, minTime, maxTime, data));
        }
    }

    /** Label sets of the series matching all matchers with data in [mint, maxt]. */
    public synchronized List<Labels> series(List<Matcher> matchers, long mint, long maxt) {
        checkOpen();
        List<Labels> out = new ArrayList<>();
        for (int id : inRange(index.select(matchers), mint, maxt)) {
            out.add(head.get(id).labels());
        }
        return out;
    }

    public synchronized List<String> labelNames(List<Matcher> matchers, long mint, long maxt) {
        checkOpen();
        return index.labelNames(inRange(matchers.isEmpty() ? index.all() : index.select(matchers), mint, maxt));
    }

    public synchronized List<String> labelValues(String name, List<Matcher> matchers, long mint, long maxt) {
        checkOpen();
        return index.labelValues(name, inRange(matchers.isEmpty() ? index.all() : index.select(matchers), mint, maxt));
    }

    private RoaringBitmap inRange(RoaringBitmap ids, long mint, long maxt) {
        RoaringBitmap out = new RoaringBitmap();
        for (int id : ids) {
            MemSeries s = head.get(id);
            if (s != null && s.maxTime() >= mint && s.firstTime() <= maxt) {
                out.add(id);
            }
        }
        return out;
    }

    /** Numbers for {@code /api/v1/status/tsdb}. */
    public synchronized ShardStats stats() {
        checkOpen();
        return ShardStats.of(head, index);
    }

    private void checkOpen() {
        if (closed) {
            throw new ShardException("shard " + partition + " is closed", null);
        }
    }

    /** Checkpoints what the head holds, then closes the database. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        try {
            checkpoint();
        } finally {
            closed = true;
            writeOptions.close();
            handles.forEach(ColumnFamilyHandle::close);
            db.close();
            dbOptions.close();
            cfOptions.close();
            chunkCfOptions.close();
        }
    }

    /** Gives up the shard without a checkpoint, as a crash would (for tests of recovery). */
    synchronized void abandon() {
        closed = true;
        handles.forEach(ColumnFamilyHandle::close);
        db.close();
    }

    /** Counters of one shard, exported as the service's metrics. */
    public static final class ShardMetrics {
        public final AtomicLong samplesAppended = new AtomicLong();
        public final AtomicLong outOfOrder = new AtomicLong();
        public final AtomicLong outOfOrderAccepted = new AtomicLong();
        public final AtomicLong duplicateTimestamp = new AtomicLong();
        public final AtomicLong corruptRecords = new AtomicLong();
        public final AtomicLong chunksWritten = new AtomicLong();
        public final AtomicLong chunkBytesWritten = new AtomicLong();
        public final AtomicLong checkpoints = new AtomicLong();
        public final AtomicLong lastCheckpointMillis = new AtomicLong();
        public final AtomicLong blocksDropped = new AtomicLong();
        /**
         * Compactions per level: at 0, base blocks compacted into one chunk per series; at n,
         * merges into blocks of the n-th of {@link Shard#blockRanges}.
         */
        public final java.util.concurrent.atomic.AtomicLongArray compactions;
        public final AtomicLong replayMillis = new AtomicLong(-1);

        ShardMetrics(int levels) {
            compactions = new java.util.concurrent.atomic.AtomicLongArray(levels);
        }
    }
}
