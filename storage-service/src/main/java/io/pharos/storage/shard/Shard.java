package io.pharos.storage.shard;

import io.pharos.model.labels.Labels;
import io.pharos.model.labels.Matcher;
import io.pharos.model.sample.SampleRecordCodec;
import io.pharos.model.sample.SeriesSamples;
import io.pharos.model.wire.BinaryReader;
import io.pharos.model.wire.BinaryWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.roaringbitmap.RoaringBitmap;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The store of one {@code pharos.samples} partition: one RocksDB, owned by this shard alone.
 * Kafka is its write-ahead log: every write batch carries the offset of the last record it
 * covers, so after any crash the shard resumes exactly after what it holds.
 *
 * <p>Column families: {@code default} (metadata: consumed offset, next series id),
 * {@code series} (id to labels; the postings index is rebuilt from it on open) and
 * {@code samples} (series id + timestamp to value bits).
 */
public final class Shard implements AutoCloseable {
    private static final byte[] OFFSET_KEY = "consumed_offset".getBytes();
    private static final byte[] NEXT_ID_KEY = "next_series_id".getBytes();

    static {
        RocksDB.loadLibrary();
    }

    private final int partition;
    private final RocksDB db;
    private final ColumnFamilyOptions cfOptions;
    private final DBOptions dbOptions;
    private final List<ColumnFamilyHandle> handles = new ArrayList<>();
    private final ColumnFamilyHandle meta;
    private final ColumnFamilyHandle seriesCf;
    private final ColumnFamilyHandle samplesCf;
    private final WriteOptions writeOptions = new WriteOptions();
    private final SeriesIndex index = new SeriesIndex();
    /** Newest timestamp per series id: an older sample is out of order and rejected, as in Prometheus. */
    private final Map<Integer, Long> maxTime = new HashMap<>();
    private final AtomicLong outOfOrder = new AtomicLong();
    private final AtomicLong appended = new AtomicLong();
    private final AtomicLong corruptRecords = new AtomicLong();
    private int nextId;
    private volatile long offset;

    private Shard(int partition, Path dir) throws RocksDBException {
        this.partition = partition;
        this.dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
        this.cfOptions = new ColumnFamilyOptions()
                .setCompressionType(CompressionType.LZ4_COMPRESSION)
                .setBottommostCompressionType(CompressionType.ZSTD_COMPRESSION);
        List<ColumnFamilyDescriptor> cfs = List.of(
                new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions),
                new ColumnFamilyDescriptor("series".getBytes(), cfOptions),
                new ColumnFamilyDescriptor("samples".getBytes(), cfOptions));
        this.db = RocksDB.open(dbOptions, dir.toString(), cfs, handles);
        this.meta = handles.get(0);
        this.seriesCf = handles.get(1);
        this.samplesCf = handles.get(2);
        byte[] off = db.get(meta, OFFSET_KEY);
        this.offset = off == null ? -1 : ByteBuffer.wrap(off).getLong();
        byte[] next = db.get(meta, NEXT_ID_KEY);
        this.nextId = next == null ? 0 : ByteBuffer.wrap(next).getInt();
        loadIndex();
    }

    /** Opens (or creates) the shard of a partition under {@code dir}. */
    public static Shard open(int partition, Path dir) {
        try {
            Files.createDirectories(dir);
            return new Shard(partition, dir);
        } catch (Exception e) {
            throw new ShardException("cannot open shard " + partition + " at " + dir + ": " + e.getMessage(), e);
        }
    }

    private void loadIndex() {
        Labels.Builder scratch = Labels.builder();
        try (RocksIterator it = db.newIterator(seriesCf)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                int id = ByteBuffer.wrap(it.key()).getInt();
                index.add(id, new BinaryReader(it.value()).labels(scratch));
            }
        }
        // Out-of-order checks need each series' newest timestamp; seek to the end of its range.
        try (RocksIterator it = db.newIterator(samplesCf)) {
            for (int id = 0; id < nextId; id++) {
                it.seekForPrev(sampleKey(id, Long.MAX_VALUE));
                if (it.isValid() && ByteBuffer.wrap(it.key()).getInt() == id) {
                    maxTime.put(id, timestampOf(it.key()));
                }
            }
        }
    }

    public int partition() {
        return partition;
    }

    /** The offset of the last record this shard holds, or -1 when it holds none. */
    public long consumedOffset() {
        return offset;
    }

    public int seriesCount() {
        return index.size();
    }

    public long outOfOrderRejected() {
        return outOfOrder.get();
    }

    public long corruptRecords() {
        return corruptRecords.get();
    }

    public long samplesAppended() {
        return appended.get();
    }

    /**
     * Writes the samples of consecutive records and the offset of the last of them in one
     * atomic batch. Records at or below the stored offset were applied already and are skipped,
     * which makes a replay after a crash idempotent.
     */
    public synchronized void append(List<byte[]> recordValues, long firstOffset, long lastOffset) {
        if (lastOffset <= offset) {
            return;
        }
        Map<Labels, Integer> created = new HashMap<>();
        long accepted = 0;
        try (WriteBatch batch = new WriteBatch()) {
            BinaryWriter labelBytes = new BinaryWriter(128);
            for (int r = 0; r < recordValues.size(); r++) {
                if (firstOffset + r <= offset) {
                    continue;
                }
                List<SeriesSamples> series;
                try {
                    series = SampleRecordCodec.decode(recordValues.get(r));
                } catch (SampleRecordCodec.CorruptRecordException e) {
                    // Retrying cannot make a corrupt record readable; count it and move on so that
                    // one bad record does not stall the partition.
                    corruptRecords.incrementAndGet();
                    continue;
                }
                for (SeriesSamples s : series) {
                    Integer id = index.idOf(s.labels());
                    if (id == null) {
                        id = created.get(s.labels());
                    }
                    if (id == null) {
                        id = nextId++;
                        created.put(s.labels(), id);
                        labelBytes.reset();
                        labelBytes.labels(s.labels());
                        batch.put(seriesCf, intKey(id), labelBytes.toByteArray());
                    }
                    long newest = maxTime.getOrDefault(id, Long.MIN_VALUE);
                    for (int i = 0; i < s.size(); i++) {
                        long t = s.timestamps()[i];
                        if (t < newest) {
                            outOfOrder.incrementAndGet();
                            continue;
                        }
                        newest = t;
                        batch.put(samplesCf, sampleKey(id, t), longBytes(Double.doubleToRawLongBits(s.values()[i])));
                        accepted++;
                    }
                    maxTime.put(id, newest);
                }
            }
            batch.put(meta, NEXT_ID_KEY, ByteBuffer.allocate(4).putInt(nextId).array());
            batch.put(meta, OFFSET_KEY, longBytes(lastOffset));
            db.write(writeOptions, batch);
        } catch (RocksDBException e) {
            throw new ShardException("shard " + partition + ": write failed: " + e.getMessage(), e);
        }
        created.forEach((labels, id) -> index.add(id, labels));
        offset = lastOffset;
        appended.addAndGet(accepted);
    }

    /** Streams every series matching all matchers that has samples in [mint, maxt]. */
    public void select(List<Matcher> matchers, long mint, long maxt, Consumer<SeriesSamples> sink) {
        RoaringBitmap ids = index.select(matchers);
        try (ReadOptions ro = new ReadOptions(); RocksIterator it = db.newIterator(samplesCf, ro)) {
            long[] ts = new long[256];
            double[] vs = new double[256];
            for (int id : ids) {
                int n = 0;
                for (it.seek(sampleKey(id, mint)); it.isValid(); it.next()) {
                    byte[] key = it.key();
                    if (ByteBuffer.wrap(key).getInt() != id) {
                        break;
                    }
                    long t = timestampOf(key);
                    if (t > maxt) {
                        break;
                    }
                    if (n == ts.length) {
                        ts = java.util.Arrays.copyOf(ts, n * 2);
                        vs = java.util.Arrays.copyOf(vs, n * 2);
                    }
                    ts[n] = t;
                    vs[n] = Double.longBitsToDouble(ByteBuffer.wrap(it.value()).getLong());
                    n++;
                }
                if (n > 0) {
                    sink.accept(new SeriesSamples(index.labelsOf(id), java.util.Arrays.copyOf(ts, n),
                            java.util.Arrays.copyOf(vs, n)));
                }
            }
        }
    }

    /** Every label set this shard holds, for the series and label APIs. */
    public List<Labels> series(List<Matcher> matchers) {
        List<Labels> out = new ArrayList<>();
        for (int id : index.select(matchers)) {
            out.add(index.labelsOf(id));
        }
        return out;
    }

    private static byte[] intKey(int id) {
        return ByteBuffer.allocate(4).putInt(id).array();
    }

    /** Series id, then the timestamp with its sign bit flipped so that byte order is time order. */
    private static byte[] sampleKey(int id, long t) {
        return ByteBuffer.allocate(12).putInt(id).putLong(t ^ Long.MIN_VALUE).array();
    }

    private static long timestampOf(byte[] key) {
        return ByteBuffer.wrap(key, 4, 8).getLong() ^ Long.MIN_VALUE;
    }

    private static byte[] longBytes(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    @Override
    public synchronized void close() {
        writeOptions.close();
        handles.forEach(ColumnFamilyHandle::close);
        db.close();
        dbOptions.close();
        cfOptions.close();
    }
}
