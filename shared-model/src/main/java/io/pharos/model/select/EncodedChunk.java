package io.pharos.model.select;

import io.pharos.model.chunk.ChunkIterator;
import io.pharos.model.chunk.Chunks;

/** One encoded chunk of a series, self-describing through its encoding id. */
public record EncodedChunk(byte encoding, long minTime, long maxTime, byte[] data) {
    public ChunkIterator iterator() {
        return Chunks.iterator(encoding, data, 0, data.length);
    }
}
