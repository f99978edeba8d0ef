package io.pharos.alertmanager.storage;

import java.util.function.BiConsumer;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * One kind of state (silences, notification log entries) in the {@link StateStore}: a column
 * family of its own. Every write is synced to disk before it returns, so what a caller was told
 * is stored survives a crash of the process or the machine.
 */
public final class StateTable {
    private final StateStore store;
    private final String name;
    private final ColumnFamilyHandle family;

    StateTable(StateStore store, String name, ColumnFamilyHandle family) {
        this.store = store;
        this.name = name;
        this.family = family;
    }

    public String name() {
        return name;
    }

    ColumnFamilyHandle family() {
        return family;
    }

    /** Stores one record, replacing the one under the same key. */
    public void put(byte[] key, byte[] value) {
        store.run("writing " + name, (db, sync) -> db.put(family, sync, key, value));
    }

    /** A set of puts and deletes applied together, all or none. */
    public Batch batch() {
        return new Batch();
    }

    /** Visits every record in key order. */
    public void forEach(BiConsumer<byte[], byte[]> visitor) {
        store.run("reading " + name, (db, sync) -> {
            try (RocksIterator it = db.newIterator(family)) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    visitor.accept(it.key(), it.value());
                }
                it.status();
            }
        });
    }

    /** Collects changes in memory until {@link #commit()} writes them in one synced write. */
    public final class Batch implements AutoCloseable {
        private final WriteBatch batch = new WriteBatch();

        private Batch() {
        }

        public Batch put(byte[] key, byte[] value) {
            try {
                batch.put(family, key, value);
            } catch (RocksDBException e) {
                throw new StateStoreException("adding a put to a batch of " + name + " failed: " + e.getMessage(), e);
            }
            return this;
        }

        public Batch delete(byte[] key) {
            try {
                batch.delete(family, key);
            } catch (RocksDBException e) {
                throw new StateStoreException("adding a delete to a batch of " + name + " failed: " + e.getMessage(), e);
            }
            return this;
        }

        public int size() {
            return batch.count();
        }

        public void commit() {
            if (batch.count() > 0) {
                store.run("writing " + name, (db, sync) -> db.write(sync, batch));
            }
        }

        @Override
        public void close() {
            batch.close();
        }
    }
}
