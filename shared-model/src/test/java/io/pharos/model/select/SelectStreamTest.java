package io.pharos.model.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pharos.model.chunk.ChunkAppender;
import io.pharos.model.chunk.ChunkEncoding;
import io.pharos.model.chunk.ChunkIterator;
import io.pharos.model.chunk.Chunks;
import io.pharos.model.labels.Labels;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelectStreamTest {
    private static byte[] body(byte[]... frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(SelectStream.header());
        for (byte[] f : frames) {
            out.writeBytes(f);
        }
        return out.toByteArray();
    }

    private static SeriesChunks series() {
        ChunkAppender a = Chunks.newAppender(ChunkEncoding.XOR);
        a.append(1000, 1.5);
        a.append(16000, 2.5);
        return new SeriesChunks(Labels.of("__name__", "up", "job", "x"),
                List.of(new EncodedChunk(ChunkEncoding.XOR.id(), a.minTime(), a.maxTime(), a.bytes())));
    }

    @Test
    void seriesAndChunksRoundTrip() {
        List<SeriesChunks> out = SelectStream.decode(body(SelectStream.seriesFrame(series()), SelectStream.endFrame()));
        assertThat(out).hasSize(1);
        assertThat(out.get(0).labels()).isEqualTo(series().labels());
        ChunkIterator it = out.get(0).chunks().get(0).iterator();
        assertThat(it.next()).isTrue();
        assertThat(it.timestamp()).isEqualTo(1000);
        assertThat(it.next()).isTrue();
        assertThat(it.value()).isEqualTo(2.5);
        assertThat(it.next()).isFalse();
    }

    @Test
    void responseWithoutEndFrameIsTruncated() {
        assertThatThrownBy(() -> SelectStream.decode(body(SelectStream.seriesFrame(series()))))
                .hasMessageContaining("truncated");
        byte[] whole = body(SelectStream.seriesFrame(series()), SelectStream.endFrame());
        assertThatThrownBy(() -> SelectStream.decode(Arrays.copyOf(whole, whole.length - 5)))
                .isInstanceOf(SelectStream.SelectStreamException.class);
    }

    @Test
    void errorFrameCarriesTheShardsMessage() {
        assertThatThrownBy(() -> SelectStream.decode(body(SelectStream.errorFrame("shard 3 is closing"))))
                .hasMessage("shard 3 is closing");
    }
}
