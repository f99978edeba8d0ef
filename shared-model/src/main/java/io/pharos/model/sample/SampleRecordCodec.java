package io.pharos.model.sample;

import io.pharos.model.labels.Labels;
import io.pharos.model.wire.BinaryReader;
import io.pharos.model.wire.BinaryWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary value of a {@code pharos.samples} record: many series, each with its samples.
 *
 * <pre>
 * record  := version(1 byte = 1) varint(seriesCount) series*
 * series  := labels varint(sampleCount) sample*
 * labels  := varint(labelCount) (string name, string value)*   sorted by name
 * sample  := zigzag-varlong(timestamp - previous timestamp of this series, starting at 0)
 *            float64 raw bits, big-endian (NaN payloads such as the stale marker survive)
 * string  := varint(byteLength) utf8
 * </pre>
 *
 * The leading byte versions the format so a consumer can refuse, by name, a record it
 * does not understand rather than misread it.
 */
public final class SampleRecordCodec {
    public static final byte VERSION_1 = 1;

    private SampleRecordCodec() {
    }

    public static byte[] encode(List<SeriesSamples> series) {
        BinaryWriter out = new BinaryWriter(64 + series.size() * 96);
        out.writeByte(VERSION_1);
        out.varint(series.size());
        for (SeriesSamples s : series) {
            out.labels(s.labels());
            out.varint(s.size());
            long prev = 0;
            for (int i = 0; i < s.size(); i++) {
                long t = s.timestamps()[i];
                out.zigzag(t - prev);
                prev = t;
                out.float64(s.values()[i]);
            }
        }
        return out.toByteArray();
    }

    /** Receives decoded content; called once per series, then once per sample of that series. */
    public interface Visitor {
        void series(Labels labels, int sampleCount);

        void sample(long timestamp, double value);
    }

    public static void decode(byte[] data, Visitor visitor) {
        try {
            BinaryReader in = new BinaryReader(data);
            byte version = in.readByte();
            if (version != VERSION_1) {
                throw new CorruptRecordException("unknown samples record version " + version + " (this build reads 1)");
            }
            int seriesCount = in.varint();
            Labels.Builder builder = Labels.builder();
            for (int s = 0; s < seriesCount; s++) {
                Labels labels = in.labels(builder);
                int samples = in.varint();
                visitor.series(labels, samples);
                long t = 0;
                for (int i = 0; i < samples; i++) {
                    t += in.zigzag();
                    visitor.sample(t, in.float64());
                }
            }
            if (in.remaining() != 0) {
                throw new CorruptRecordException(in.remaining() + " trailing bytes after the last series");
            }
        } catch (BinaryReader.CorruptDataException e) {
            throw new CorruptRecordException(e.getMessage());
        }
    }

    /** Convenience decoding into values, for tests and small callers. */
    public static List<SeriesSamples> decode(byte[] data) {
        List<SeriesSamples> result = new ArrayList<>();
        decode(data, new Visitor() {
            Labels labels;
            long[] ts;
            double[] vs;
            int n;

            @Override
            public void series(Labels l, int count) {
                labels = l;
                ts = new long[count];
                vs = new double[count];
                n = 0;
                if (count == 0) {
                    result.add(new SeriesSamples(l, ts, vs));
                }
            }

            @Override
            public void sample(long timestamp, double value) {
                ts[n] = timestamp;
                vs[n] = value;
                if (++n == ts.length) {
                    result.add(new SeriesSamples(labels, ts, vs));
                }
            }
        });
        return result;
    }

    /** Thrown for a record that is truncated, of an unknown version, or otherwise unreadable. */
    public static final class CorruptRecordException extends RuntimeException {
        public CorruptRecordException(String message) {
            super("corrupt samples record: " + message);
        }
    }
}
