package io.pharos.storage.head;

import io.pharos.model.chunk.ChunkAppender;
import io.pharos.model.chunk.Chunks;
import io.pharos.model.labels.Labels;
import io.pharos.model.select.EncodedChunk;
import java.util.ArrayList;
import java.util.List;

/**
 * A series in the head: its open chunk, and the chunks sealed since the last checkpoint (which
 * reach disk with the checkpoint, in the same batch as the offset that covers them).
 */
public final class MemSeries {
    final int id;
    final Labels labels;
    ChunkAppender open;
    long maxTime = Long.MIN_VALUE;
    double lastValue;
    /** Earliest sample ever appended; bounds label queries by time. */
    long firstTime = Long.MAX_VALUE;
    List<EncodedChunk> sealed;
    /** Whether the open chunk changed since it was last checkpointed. */
    boolean openDirty;
    /** Whether this series was created since the last checkpoint. */
    boolean isNew;

    MemSeries(int id, Labels labels) {
        this.id = id;
        this.labels = labels;
    }

    public int id() {
        return id;
    }

    public Labels labels() {
        return labels;
    }

    public long maxTime() {
        return maxTime;
    }

    public long firstTime() {
        return firstTime;
    }

    void seal() {
        if (open == null || open.numSamples() == 0) {
            open = null;
            return;
        }
        if (sealed == null) {
            sealed = new ArrayList<>(1);
        }
        // A sealed chunk never grows again: store it in its densest encoding.
        Chunks.Sealed dense = Chunks.seal(open);
        sealed.add(new EncodedChunk(dense.encoding().id(), open.minTime(), open.maxTime(), dense.data()));
        open = null;
        openDirty = true;
    }
}
