package io.pharos.storage.shard;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The shards this instance currently owns, one per assigned partition, under one data directory. */
public final class ShardSet implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ShardSet.class);

    private final Path root;
    private final ShardOptions options;
    private final Map<Integer, Shard> shards = new ConcurrentHashMap<>();

    public ShardSet(Path root, ShardOptions options) {
        this.root = root;
        this.options = options;
    }

    /** Opens the shard of a partition from local disk (empty if its directory is gone). */
    public Shard open(int partition) {
        return shards.computeIfAbsent(partition, p -> {
            Shard s = Shard.open(p, root.resolve("partition-" + p), options);
            log.info("opened shard {}: {} series, resuming after offset {}", p, s.seriesCount(), s.persistedOffset());
            return s;
        });
    }

    public Shard get(int partition) {
        return shards.get(partition);
    }

    /** Checkpoints and closes the shard of a partition this instance no longer owns. */
    public void close(int partition) {
        Shard s = shards.remove(partition);
        if (s != null) {
            s.close();
            log.info("closed shard {} at offset {}", partition, s.persistedOffset());
        }
    }

    public Collection<Shard> all() {
        return List.copyOf(shards.values());
    }

    /**
     * Waits until every shard this instance owns among {@code minOffsets} has applied all records
     * before the given offset (read after write for rules). Partitions owned elsewhere are not
     * waited for. Returns false on timeout.
     */
    public boolean awaitApplied(Map<Integer, Long> minOffsets, java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Map.Entry<Integer, Long> e : minOffsets.entrySet()) {
            while (true) {
                Shard s = shards.get(e.getKey());
                if (s == null || s.appliedOffset() >= e.getValue() - 1) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    return false;
                }
                Thread.sleep(5);
            }
        }
        return true;
    }

    /** Checkpoints every open shard whose interval has passed (called on a timer for idle shards). */
    public void checkpointAll() {
        for (Shard s : all()) {
            try {
                s.checkpoint();
            } catch (ShardException e) {
                log.warn("checkpoint of shard {} failed: {}", s.partition(), e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        for (Integer p : new ArrayList<>(shards.keySet())) {
            close(p);
        }
    }
}
