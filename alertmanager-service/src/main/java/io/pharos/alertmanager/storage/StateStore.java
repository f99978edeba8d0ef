package io.pharos.alertmanager.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alertmanager's durable state: one RocksDB, owned by one process, with a column family per
 * kind of state ({@link StateTable}). The in-memory structures stay the ones that are read; this
 * is the copy they are written through to and loaded from on start.
 *
 * <p>The default column family holds the store's own bookkeeping: the format version, written
 * when the store is created, and a marker per imported {@link LegacySnapshot}, written in the
 * same batch as the records imported from it.
 */
public final class StateStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StateStore.class);
    private static final byte[] FORMAT_KEY = bytes("format");
    private static final byte FORMAT = 1;
    private static final String IMPORTED_SUFFIX = ".imported";

    static {
        RocksDB.loadLibrary();
    }

    @FunctionalInterface
    interface Action {
        void run(RocksDB db, WriteOptions sync) throws RocksDBException;
    }

    private final Path dir;
    private final DBOptions dbOptions;
    private final ColumnFamilyOptions cfOptions;
    private final WriteOptions sync = new WriteOptions().setSync(true);
    private final List<ColumnFamilyHandle> handles = new ArrayList<>();
    private final RocksDB db;
    private final ColumnFamilyHandle meta;
    private final Map<String, StateTable> tables = new LinkedHashMap<>();
    /** Guards the native handles: no read or write may run while (or after) they are freed. */
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    private StateStore(Path dir, List<String> tableNames) throws RocksDBException {
        this.dir = dir;
        this.dbOptions = new DBOptions()
                .setCreateIfMissing(true)
                .setCreateMissingColumnFamilies(true)
                .setKeepLogFileNum(2)
                // The state is small: keep the write-ahead log short so old log files go soon.
                .setMaxTotalWalSize(16L << 20);
        this.cfOptions = new ColumnFamilyOptions().setWriteBufferSize(4L << 20);
        List<ColumnFamilyDescriptor> cfs = new ArrayList<>();
        cfs.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions));
        for (String t : tableNames) {
            cfs.add(new ColumnFamilyDescriptor(bytes(t), cfOptions));
        }
        RocksDB opened;
        try {
            opened = RocksDB.open(dbOptions, dir.toString(), cfs, handles);
        } catch (RocksDBException e) {
            sync.close();
            cfOptions.close();
            dbOptions.close();
            throw e;
        }
        this.db = opened;
        this.meta = handles.get(0);
        for (int i = 0; i < tableNames.size(); i++) {
            tables.put(tableNames.get(i), new StateTable(this, tableNames.get(i), handles.get(i + 1)));
        }
    }

    /**
     * Opens the store in {@code dir}, creating it with these tables when missing. When the store is
     * new, the legacy snapshots that exist are imported into it and then renamed to
     * {@code *.imported}; an existing store leaves such files alone (with a warning), since its
     * state is newer than theirs.
     *
     * @throws StateStoreException naming {@code dir}, e.g. when another process has it open
     */
    public static StateStore open(Path dir, List<String> tableNames, List<LegacySnapshot> legacy) {
        StateStore store;
        try {
            Files.createDirectories(dir);
            store = new StateStore(dir, tableNames);
        } catch (RocksDBException | IOException e) {
            throw new StateStoreException(openFailure(dir, e), e);
        }
        try {
            store.initialize(legacy);
            return store;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    private static String openFailure(Path dir, Exception e) {
        String msg = String.valueOf(e.getMessage());
        String lower = msg.toLowerCase(Locale.ROOT);
        if (lower.contains("lock")) {
            return "cannot open the alertmanager state at " + dir.toAbsolutePath()
                    + ": it is in use by another process (is another alertmanager running with the same"
                    + " --storage.path?): " + msg;
        }
        return "cannot open the alertmanager state at " + dir.toAbsolutePath() + ": " + msg;
    }

    /** Checks the format, imports legacy snapshots into a new store and marks the store as created, in one batch. */
    private void initialize(List<LegacySnapshot> legacy) {
        List<Path> imported = new ArrayList<>();
        List<String> report = new ArrayList<>();
        run("initializing", (rocks, syncOptions) -> {
            byte[] format = rocks.get(meta, FORMAT_KEY);
            if (format != null && (format.length != 1 || format[0] != FORMAT)) {
                throw new RocksDBException("unknown format " + (format.length == 1 ? format[0] : "?")
                        + " (written by a newer version?)");
            }
            boolean fresh = format == null;
            try (WriteBatch batch = new WriteBatch()) {
                for (LegacySnapshot s : legacy) {
                    if (!Files.exists(s.file())) {
                        continue;
                    }
                    byte[] marker = bytes("imported/" + s.file().getFileName());
                    if (rocks.get(meta, marker) != null) {
                        imported.add(s.file()); // imported already; the rename did not happen before a crash
                    } else if (fresh) {
                        int n = addLegacy(batch, s, marker);
                        report.add(n + " records from " + s.file().toAbsolutePath());
                        imported.add(s.file());
                    } else {
                        LOG.warn("{} is left alone: the state at {} is newer than it; remove the file if it is not needed",
                                s.file().toAbsolutePath(), dir.toAbsolutePath());
                    }
                }
                if (fresh) {
                    batch.put(meta, FORMAT_KEY, new byte[] {FORMAT});
                }
                if (batch.count() > 0) {
                    rocks.write(syncOptions, batch);
                }
            }
        });
        report.forEach(r -> LOG.info("Imported {} into {}", r, dir.toAbsolutePath()));
        for (Path file : imported) {
            Path renamed = file.resolveSibling(file.getFileName() + IMPORTED_SUFFIX);
            try {
                Files.move(file, renamed, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new StateStoreException("imported " + file.toAbsolutePath() + " into " + dir.toAbsolutePath()
                        + " but cannot rename it to " + renamed.getFileName() + ": " + e, e);
            }
        }
    }

    private int addLegacy(WriteBatch batch, LegacySnapshot s, byte[] marker) throws RocksDBException {
        StateTable table = table(s.table());
        List<LegacySnapshot.KeyValue> records;
        try {
            records = s.decoder().decode(Files.readAllBytes(s.file()));
        } catch (IOException e) {
            throw new StateStoreException("cannot import " + s.file().toAbsolutePath() + " into "
                    + dir.toAbsolutePath() + " (move the file away to start without it): " + e.getMessage(), e);
        }
        for (LegacySnapshot.KeyValue kv : records) {
            batch.put(table.family(), kv.key(), kv.value());
        }
        batch.put(meta, marker, bytes(s.file().toAbsolutePath().toString()));
        return records.size();
    }

    /** The table of this name; it must have been named when the store was opened. */
    public StateTable table(String name) {
        StateTable t = tables.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no table " + name + " in the state store at " + dir);
        }
        return t;
    }

    public Path path() {
        return dir;
    }

    /** Runs an operation on the database unless it is closed; failures name the store's path. */
    void run(String what, Action action) {
        lock.readLock().lock();
        try {
            if (closed) {
                throw new StateStoreException(what + ": the alertmanager state at " + dir.toAbsolutePath()
                        + " is closed", null);
            }
            action.run(db, sync);
        } catch (RocksDBException e) {
            throw new StateStoreException(what + " in the alertmanager state at " + dir.toAbsolutePath()
                    + " failed: " + e.getMessage(), e);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            handles.forEach(ColumnFamilyHandle::close);
            db.close();
            sync.close();
            cfOptions.close();
            dbOptions.close();
        } finally {
            lock.writeLock().unlock();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
