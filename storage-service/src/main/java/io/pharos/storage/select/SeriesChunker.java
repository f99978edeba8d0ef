package io.pharos.storage.select;

import io.pharos.model.chunk.ChunkAppender;
import io.pharos.model.chunk.ChunkEncoding;
import io.pharos.model.chunk.Chunks;
import io.pharos.model.sample.SeriesSamples;
import io.pharos.model.select.EncodedChunk;
import io.pharos.model.select.SeriesChunks;
import java.util.ArrayList;
import java.util.List;

/** Encodes a series' samples into XOR chunks of at most {@link #SAMPLES_PER_CHUNK} for the wire. */
final class SeriesChunker {
    static final int SAMPLES_PER_CHUNK = 120;

    private SeriesChunker() {
    }

    static SeriesChunks chunk(SeriesSamples s) {
        List<EncodedChunk> chunks = new ArrayList<>(s.size() / SAMPLES_PER_CHUNK + 1);
        ChunkAppender a = null;
        for (int i = 0; i < s.size(); i++) {
            if (a == null) {
                a = Chunks.newAppender(ChunkEncoding.XOR);
            }
            a.append(s.timestamps()[i], s.values()[i]);
            if (a.numSamples() == SAMPLES_PER_CHUNK) {
                chunks.add(seal(a));
                a = null;
            }
        }
        if (a != null) {
            chunks.add(seal(a));
        }
        return new SeriesChunks(s.labels(), chunks);
    }

    private static EncodedChunk seal(ChunkAppender a) {
        return new EncodedChunk(a.encoding().id(), a.minTime(), a.maxTime(), a.bytes());
    }
}
