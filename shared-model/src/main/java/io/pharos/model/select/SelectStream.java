package io.pharos.model.select;

import io.pharos.model.labels.Labels;
import io.pharos.model.wire.BinaryReader;
import io.pharos.model.wire.BinaryWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The binary body of a shard select response: a version byte, then frames, each
 * {@code type(1 byte) varint(length) payload}. A series frame carries labels and chunks; an
 * error frame a message; the end frame closes a complete answer, so a response cut short
 * (a shard dying mid-stream) is told apart from one that had nothing more to say.
 *
 * <pre>
 * series payload := labels varint(chunkCount) (encoding(1) zigzag(minT) zigzag(maxT) bytes)*
 * error payload  := string
 * </pre>
 */
public final class SelectStream {
    public static final String MEDIA_TYPE = "application/x-pharos-select";
    public static final byte VERSION = 1;
    private static final byte SERIES = 1;
    private static final byte ERROR = 2;
    private static final byte END = 0;

    private SelectStream() {
    }

    public static byte[] header() {
        return new byte[] {VERSION};
    }

    public static byte[] seriesFrame(SeriesChunks series) {
        BinaryWriter payload = new BinaryWriter(256);
        payload.labels(series.labels());
        payload.varint(series.chunks().size());
        for (EncodedChunk c : series.chunks()) {
            payload.writeByte(c.encoding());
            payload.zigzag(c.minTime());
            payload.zigzag(c.maxTime());
            payload.bytes(c.data());
        }
        return frame(SERIES, payload);
    }

    public static byte[] errorFrame(String message) {
        BinaryWriter payload = new BinaryWriter(64);
        payload.string(message);
        return frame(ERROR, payload);
    }

    public static byte[] endFrame() {
        return new byte[] {END, 0};
    }

    private static byte[] frame(byte type, BinaryWriter payload) {
        BinaryWriter out = new BinaryWriter(payload.size() + 6);
        out.writeByte(type);
        out.varint(payload.size());
        out.writeBytes(payload.buffer(), 0, payload.size());
        return out.toByteArray();
    }

    /** A shard reported an error, or its answer was malformed or cut short. */
    public static final class SelectStreamException extends RuntimeException {
        public SelectStreamException(String message) {
            super(message);
        }
    }

    /** Decodes a whole response body, handing each series to the consumer. */
    public static void decode(byte[] body, Consumer<SeriesChunks> consumer) {
        BinaryReader in = new BinaryReader(body);
        try {
            if (in.remaining() == 0) {
                throw new SelectStreamException("empty select response");
            }
            byte version = in.readByte();
            if (version != VERSION) {
                throw new SelectStreamException("unknown select stream version " + version);
            }
            Labels.Builder scratch = Labels.builder();
            while (true) {
                if (in.remaining() == 0) {
                    throw new SelectStreamException("select response ended without its end frame (truncated)");
                }
                byte type = in.readByte();
                int len = in.varint();
                int start = in.position();
                switch (type) {
                    case END -> {
                        return;
                    }
                    case ERROR -> throw new SelectStreamException(in.string());
                    case SERIES -> consumer.accept(readSeries(in, scratch));
                    default -> throw new SelectStreamException("unknown select frame type " + type);
                }
                if (in.position() - start != len) {
                    throw new SelectStreamException("select frame length mismatch");
                }
            }
        } catch (BinaryReader.CorruptDataException e) {
            throw new SelectStreamException("malformed select response: " + e.getMessage());
        }
    }

    public static List<SeriesChunks> decode(byte[] body) {
        List<SeriesChunks> out = new ArrayList<>();
        decode(body, out::add);
        return out;
    }

    private static SeriesChunks readSeries(BinaryReader in, Labels.Builder scratch) {
        Labels labels = in.labels(scratch);
        int n = in.varint();
        List<EncodedChunk> chunks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte enc = in.readByte();
            long min = in.zigzag();
            long max = in.zigzag();
            chunks.add(new EncodedChunk(enc, min, max, in.bytes()));
        }
        return new SeriesChunks(labels, chunks);
    }
}
