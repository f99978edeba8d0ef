package io.pharos.storage.head;

import io.pharos.model.chunk.ChunkAppender;
import io.pharos.model.chunk.ChunkEncoding;
import io.pharos.model.chunk.Chunks;
import io.pharos.model.chunk.DecimalChunk;
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
    /** Out-of-order samples accepted since the last checkpoint, sorted by time (null when none). */
    long[] oooTimes;
    double[] oooValues;
    int oooCount;

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

    /** Inserts an out-of-order sample in time order; false if its timestamp is already buffered. */
    boolean addOutOfOrder(long t, double v) {
        if (oooTimes == null) {
            oooTimes = new long[8];
            oooValues = new double[8];
        }
        int pos = java.util.Arrays.binarySearch(oooTimes, 0, oooCount, t);
        if (pos >= 0) {
            return false;
        }
        pos = -pos - 1;
        if (oooCount == oooTimes.length) {
            oooTimes = java.util.Arrays.copyOf(oooTimes, oooCount * 2);
            oooValues = java.util.Arrays.copyOf(oooValues, oooCount * 2);
        }
        System.arraycopy(oooTimes, pos, oooTimes, pos + 1, oooCount - pos);
        System.arraycopy(oooValues, pos, oooValues, pos + 1, oooCount - pos);
        oooTimes[pos] = t;
        oooValues[pos] = v;
        oooCount++;
        openDirty = true;
        return true;
    }

    /** The buffered out-of-order samples as one chunk, or null when there are none. */
    EncodedChunk outOfOrderChunk() {
        if (oooCount == 0) {
            return null;
        }
        byte[] data = DecimalChunk.encode(oooTimes, oooValues, oooCount);
        return new EncodedChunk(ChunkEncoding.DECIMAL.id(), oooTimes[0], oooTimes[oooCount - 1], data);
    }

    void clearOutOfOrder() {
        oooTimes = null;
        oooValues = null;
        oooCount = 0;
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
