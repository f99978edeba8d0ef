package io.pharos.model.sample;

import io.pharos.model.labels.Labels;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary value of a {@code pharos.samples} record: many series, each with its samples.
 *
 * <pre>
 * record  := version(1 byte = 1) varint(seriesCount) series*
 * series  := varint(labelCount) (string name, string value)* varint(sampleCount) sample*
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
        Output out = new Output(64 + series.size() * 96);
        out.write(VERSION_1);
        out.varint(series.size());
        for (SeriesSamples s : series) {
            Labels labels = s.labels();
            out.varint(labels.size());
            for (int i = 0; i < labels.size(); i++) {
                out.string(labels.name(i));
                out.string(labels.value(i));
            }
            out.varint(s.size());
            long prev = 0;
            for (int i = 0; i < s.size(); i++) {
                long t = s.timestamps()[i];
                out.varlong(zigzag(t - prev));
                prev = t;
                out.longBits(Double.doubleToRawLongBits(s.values()[i]));
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
        Input in = new Input(data);
        byte version = in.readByte();
        if (version != VERSION_1) {
            throw new CorruptRecordException("unknown samples record version " + version + " (this build reads 1)");
        }
        int seriesCount = in.varint();
        Labels.Builder builder = Labels.builder();
        for (int s = 0; s < seriesCount; s++) {
            builder.reset();
            int labelCount = in.varint();
            for (int i = 0; i < labelCount; i++) {
                builder.set(in.string(), in.string());
            }
            int samples = in.varint();
            visitor.series(builder.build(), samples);
            long t = 0;
            for (int i = 0; i < samples; i++) {
                t += unzigzag(in.varlong());
                visitor.sample(t, Double.longBitsToDouble(in.longBits()));
            }
        }
        if (in.remaining() != 0) {
            throw new CorruptRecordException(in.remaining() + " trailing bytes after the last series");
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

    static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    /** Thrown for a record that is truncated, of an unknown version, or otherwise unreadable. */
    public static final class CorruptRecordException extends RuntimeException {
        public CorruptRecordException(String message) {
            super("corrupt samples record: " + message);
        }
    }

    private static final class Output extends ByteArrayOutputStream {
        Output(int size) {
            super(size);
        }

        void varint(int v) {
            varlong(v & 0xFFFFFFFFL);
        }

        void varlong(long v) {
            while ((v & ~0x7FL) != 0) {
                write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            write((int) v);
        }

        void longBits(long v) {
            for (int shift = 56; shift >= 0; shift -= 8) {
                write((int) (v >>> shift));
            }
        }

        void string(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            varint(b.length);
            write(b, 0, b.length);
        }
    }

    private static final class Input {
        private final byte[] data;
        private int pos;

        Input(byte[] data) {
            this.data = data;
        }

        int remaining() {
            return data.length - pos;
        }

        byte readByte() {
            need(1);
            return data[pos++];
        }

        int varint() {
            long v = varlong();
            if (v < 0 || v > Integer.MAX_VALUE) {
                throw new CorruptRecordException("count out of range: " + v);
            }
            return (int) v;
        }

        long varlong() {
            long result = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte b = readByte();
                result |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return result;
                }
            }
            throw new CorruptRecordException("varint longer than 10 bytes at offset " + pos);
        }

        long longBits() {
            need(8);
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (data[pos++] & 0xFF);
            }
            return v;
        }

        String string() {
            int len = varint();
            need(len);
            String s = new String(data, pos, len, StandardCharsets.UTF_8);
            pos += len;
            return s;
        }

        private void need(int n) {
            if (pos + n > data.length) {
                throw new CorruptRecordException("truncated at offset " + pos + " (needs " + n + " more bytes)");
            }
        }
    }
}
