package io.pharos.storage.head;

import io.pharos.model.chunk.ChunkAppender;
import io.pharos.model.chunk.ChunkEncoding;
import io.pharos.model.chunk.Chunks;
import io.pharos.model.labels.Labels;
import io.pharos.model.select.EncodedChunk;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The in-memory part of a shard: every series, its open chunk, and chunks sealed since the last
 * checkpoint. A chunk is sealed at {@link #MAX_SAMPLES_PER_CHUNK} samples or when a sample
 * falls into the next block, so that a chunk never spans two blocks and retention can drop
 * whole blocks. Not thread-safe; the shard serializes access.
 */
public final class Head {
    public static final int MAX_SAMPLES_PER_CHUNK = 120;

    private final long blockMillis;
    private final long outOfOrderWindow;
    private final Map<Labels, MemSeries> byLabels = new HashMap<>();
    private final Map<Integer, MemSeries> byId = new HashMap<>();
    private final List<MemSeries> created = new ArrayList<>();
    private final Consumer<MemSeries> onCreate;
    private int nextId;
    private long chunksSealed;

    /**
     * @param onCreate told of every series created by an append (the index adds it), not of
     *     series restored from disk
     */
    public Head(long blockMillis, long outOfOrderWindow, int nextId, Consumer<MemSeries> onCreate) {
        this.blockMillis = blockMillis;
        this.outOfOrderWindow = outOfOrderWindow;
        this.nextId = nextId;
        this.onCreate = onCreate;
    }

    public long blockMillis() {
        return blockMillis;
    }

    public int nextId() {
        return nextId;
    }

    public int seriesCount() {
        return byId.size();
    }

    public long chunksSealed() {
        return chunksSealed;
    }

    public MemSeries get(int id) {
        return byId.get(id);
    }

    public MemSeries get(Labels labels) {
        return byLabels.get(labels);
    }

    public Collection<MemSeries> series() {
        return byId.values();
    }

    /** Restores a series known to disk, with its newest sample time and reopened chunk. */
    public MemSeries restore(int id, Labels labels, long firstTime, long maxTime, byte encoding, byte[] openChunk) {
        labels = interned(labels);
        MemSeries s = new MemSeries(id, labels);
        s.firstTime = firstTime;
        s.maxTime = maxTime;
        if (openChunk != null) {
            s.open = Chunks.appender(encoding, openChunk);
            s.maxTime = Math.max(s.maxTime, s.open.maxTime());
            var it = Chunks.iterator(encoding, openChunk);
            while (it.next()) {
                s.lastValue = it.value();
            }
        }
        byLabels.put(labels, s);
        byId.put(id, s);
        return s;
    }

    public MemSeries getOrCreate(Labels labels) {
        MemSeries s = byLabels.get(labels);
        if (s == null) {
            labels = interned(labels);
            s = new MemSeries(nextId++, labels);
            s.isNew = true;
            byLabels.put(labels, s);
            byId.put(s.id, s);
            created.add(s);
            onCreate.accept(s);
        }
        return s;
    }

    /**
     * The same labels made of interned strings: series share most names and values (job,
     * instance, metric names), and one copy of each instead of one per series is about 40 % of
     * the head's memory per series. Interned strings are collected once no series uses them.
     */
    private static Labels interned(Labels labels) {
        String[] pairs = new String[labels.size() * 2];
        for (int i = 0; i < labels.size(); i++) {
            pairs[2 * i] = labels.name(i).intern();
            pairs[2 * i + 1] = labels.value(i).intern();
        }
        return Labels.of(pairs);
    }

    public AppendResult append(MemSeries s, long t, double v) {
        if (t < s.maxTime) {
            if (outOfOrderWindow > 0 && t >= s.maxTime - outOfOrderWindow) {
                return s.addOutOfOrder(t, v) ? AppendResult.APPENDED_OUT_OF_ORDER : AppendResult.DUPLICATE;
            }
            return AppendResult.OUT_OF_ORDER;
        }
        if (t == s.maxTime) {
            return Double.doubleToRawLongBits(v) == Double.doubleToRawLongBits(s.lastValue)
                    ? AppendResult.DUPLICATE : AppendResult.DUPLICATE_TIMESTAMP;
        }
        if (s.open != null && (s.open.numSamples() >= MAX_SAMPLES_PER_CHUNK
                || Math.floorDiv(t, blockMillis) != Math.floorDiv(s.open.minTime(), blockMillis))) {
            s.seal();
            chunksSealed++;
        }
        if (s.open == null) {
            s.open = Chunks.newAppender(ChunkEncoding.XOR);
        }
        s.open.append(t, v);
        s.maxTime = t;
        s.lastValue = v;
        if (t < s.firstTime) {
            s.firstTime = t;
        }
        s.openDirty = true;
        return AppendResult.APPENDED;
    }

    /** The series created since the last checkpoint; clears the list. */
    public List<MemSeries> drainCreated() {
        List<MemSeries> out = new ArrayList<>(created);
        created.forEach(s -> s.isNew = false);
        created.clear();
        return out;
    }

    /**
     * Everything a checkpoint must persist: per changed series, its sealed chunks and its open
     * chunk as it stands. Clears the sealed lists and dirty flags.
     */
    public void drainForCheckpoint(CheckpointSink sink) {
        for (MemSeries s : byId.values()) {
            if (!s.openDirty) {
                continue;
            }
            if (s.sealed != null) {
                for (EncodedChunk c : s.sealed) {
                    sink.sealedChunk(s, c);
                }
                s.sealed = null;
            }
            EncodedChunk ooo = s.outOfOrderChunk();
            if (ooo != null) {
                sink.outOfOrderChunk(s, ooo);
                s.clearOutOfOrder();
            }
            if (s.open != null) {
                sink.openChunk(s, s.open.encoding().id(), s.open.bytes());
            } else {
                sink.noOpenChunk(s);
            }
            s.openDirty = false;
        }
    }

    /** Receives what a checkpoint persists. */
    public interface CheckpointSink {
        void sealedChunk(MemSeries s, EncodedChunk chunk);

        /** Out-of-order samples: a chunk that may overlap the series' other chunks in time. */
        void outOfOrderChunk(MemSeries s, EncodedChunk chunk);

        void openChunk(MemSeries s, byte encoding, byte[] bytes);

        void noOpenChunk(MemSeries s);
    }

    /** The head's chunks of a series overlapping [mint, maxt]: sealed-but-unpersisted, then open. */
    public void chunks(MemSeries s, long mint, long maxt, Consumer<EncodedChunk> out) {
        if (s.sealed != null) {
            for (EncodedChunk c : s.sealed) {
                if (c.maxTime() >= mint && c.minTime() <= maxt) {
                    out.accept(c);
                }
            }
        }
        ChunkAppender open = s.open;
        if (open != null && open.numSamples() > 0 && open.maxTime() >= mint && open.minTime() <= maxt) {
            out.accept(new EncodedChunk(open.encoding().id(), open.minTime(), open.maxTime(), open.bytes()));
        }
        EncodedChunk ooo = s.outOfOrderChunk();
        if (ooo != null && ooo.maxTime() >= mint && ooo.minTime() <= maxt) {
            out.accept(ooo);
        }
    }

    /** Drops a series from the head (after retention removed all its data). */
    public void remove(MemSeries s) {
        byLabels.remove(s.labels);
        byId.remove(s.id);
    }
}
