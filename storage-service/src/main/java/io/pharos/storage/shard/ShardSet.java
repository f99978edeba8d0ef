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
    private final Map<Integer, Shard> shards = new ConcurrentHashMap<>();

    public ShardSet(Path root) {
        this.root = root;
    }

    /** Opens the shard of a partition from local disk (creating it empty if absent). */
    public Shard open(int partition) {
        return shards.computeIfAbsent(partition, p -> {
            Shard s = Shard.open(p, root.resolve("partition-" + p));
            log.info("opened shard {}: {} series, consumed offset {}", p, s.seriesCount(), s.consumedOffset());
            return s;
        });
    }

    public Shard get(int partition) {
        return shards.get(partition);
    }

    public void close(int partition) {
        Shard s = shards.remove(partition);
        if (s != null) {
            s.close();
            log.info("closed shard {}", partition);
        }
    }

    public Collection<Shard> all() {
        return List.copyOf(shards.values());
    }

    @Override
    public void close() {
        for (Integer p : new ArrayList<>(shards.keySet())) {
            close(p);
        }
    }
}
