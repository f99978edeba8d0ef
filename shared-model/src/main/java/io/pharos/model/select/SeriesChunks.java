package io.pharos.model.select;

import io.pharos.model.labels.Labels;
import java.util.List;

/** A series and its chunks in time order, as a shard streams it to the query service. */
public record SeriesChunks(Labels labels, List<EncodedChunk> chunks) {
    public SeriesChunks {
        chunks = List.copyOf(chunks);
    }
}
