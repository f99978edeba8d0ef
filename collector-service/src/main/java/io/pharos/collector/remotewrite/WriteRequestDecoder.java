package io.pharos.collector.remotewrite;

import io.pharos.model.labels.Labels;
import io.pharos.model.sample.SeriesSamples;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a Prometheus remote-write 1.0 {@code WriteRequest} (protobuf) into series, reading the
 * wire format directly: {@code WriteRequest.timeseries = 1}, {@code TimeSeries.labels = 1},
 * {@code samples = 2}, {@code exemplars = 3}, {@code histograms = 4}, {@code Label.name = 1},
 * {@code value = 2}, {@code Sample.value = 1 (double)}, {@code timestamp = 2 (int64)}. Unknown
 * fields are skipped, as protobuf requires. Exemplars and metadata are read past, not kept.
 */
public final class WriteRequestDecoder {
    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int LEN = 2;
    private static final int FIXED32 = 5;

    private final byte[] buf;
    private int pos;

    /** A request that is not a valid WriteRequest, or has series Pharos can never accept. */
    public static final class InvalidRequestException extends Exception {
        public InvalidRequestException(String message) {
            super(message);
        }
    }

    private WriteRequestDecoder(byte[] buf) {
        this.buf = buf;
    }

    public static List<SeriesSamples> decode(byte[] message) throws InvalidRequestException {
        return new WriteRequestDecoder(message).request();
    }

    private List<SeriesSamples> request() throws InvalidRequestException {
        List<SeriesSamples> out = new ArrayList<>();
        Labels.Builder builder = Labels.builder();
        while (pos < buf.length) {
            long tag = varint();
            int field = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            if (field == 1 && wire == LEN) {
                int len = length();
                SeriesSamples s = timeSeries(pos, pos + len, builder);
                pos += len;
                if (s != null) {
                    out.add(s);
                }
            } else {
                skip(wire);
            }
        }
        return out;
    }

    private SeriesSamples timeSeries(int from, int to, Labels.Builder builder) throws InvalidRequestException {
        int saved = pos;
        pos = from;
        builder.reset();
        List<String> names = new ArrayList<>();
        long[] ts = new long[4];
        double[] vs = new double[4];
        int n = 0;
        while (pos < to) {
            long tag = varint();
            int field = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            if (field == 1 && wire == LEN) {
                int len = length();
                int end = pos + len;
                String name = "";
                String value = "";
                while (pos < end) {
                    long t = varint();
                    int f = (int) (t >>> 3);
                    int w = (int) (t & 7);
                    if ((f == 1 || f == 2) && w == LEN) {
                        int l = length();
                        String s = utf8(pos, l);
                        pos += l;
                        if (f == 1) {
                            name = s;
                        } else {
                            value = s;
                        }
                    } else {
                        skip(w);
                    }
                }
                if (!validLabelName(name)) {
                    throw new InvalidRequestException("invalid label name \"" + name + "\"");
                }
                if (names.contains(name)) {
                    throw new InvalidRequestException("duplicate label name \"" + name + "\"");
                }
                names.add(name);
                builder.set(name, value);
            } else if (field == 2 && wire == LEN) {
                int len = length();
                int end = pos + len;
                double v = 0;
                long t = 0;
                while (pos < end) {
                    long tag2 = varint();
                    int f = (int) (tag2 >>> 3);
                    int w = (int) (tag2 & 7);
                    if (f == 1 && w == FIXED64) {
                        v = Double.longBitsToDouble(fixed64());
                    } else if (f == 2 && w == VARINT) {
                        t = varint();
                    } else {
                        skip(w);
                    }
                }
                if (n == ts.length) {
                    ts = java.util.Arrays.copyOf(ts, n * 2);
                    vs = java.util.Arrays.copyOf(vs, n * 2);
                }
                ts[n] = t;
                vs[n] = v;
                n++;
            } else if (field == 4 && wire == LEN) {
                throw new InvalidRequestException("native histograms are not supported by Pharos");
            } else {
                skip(wire);
            }
        }
        pos = saved;
        Labels labels = builder.build();
        if (labels.metricName().isEmpty()) {
            throw new InvalidRequestException("series without a metric name: " + labels);
        }
        if (n == 0) {
            return null;
        }
        return new SeriesSamples(labels, java.util.Arrays.copyOf(ts, n), java.util.Arrays.copyOf(vs, n));
    }

    private static boolean validLabelName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (i > 0 && c >= '0' && c <= '9')
                    || (c == ':' && name.equals(Labels.METRIC_NAME));
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private String utf8(int from, int len) throws InvalidRequestException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(buf, from, len)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidRequestException("label text is not valid UTF-8");
        }
    }

    private long varint() throws InvalidRequestException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= buf.length) {
                throw new InvalidRequestException("truncated protobuf message");
            }
            byte b = buf[pos++];
            v |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw new InvalidRequestException("malformed varint");
    }

    private int length() throws InvalidRequestException {
        long len = varint();
        if (len < 0 || pos + len > buf.length) {
            throw new InvalidRequestException("truncated protobuf message");
        }
        return (int) len;
    }

    private long fixed64() throws InvalidRequestException {
        if (pos + 8 > buf.length) {
            throw new InvalidRequestException("truncated protobuf message");
        }
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (buf[pos + i] & 0xffL);
        }
        pos += 8;
        return v;
    }

    private void skip(int wire) throws InvalidRequestException {
        switch (wire) {
            case VARINT -> varint();
            case FIXED64 -> {
                if (pos + 8 > buf.length) {
                    throw new InvalidRequestException("truncated protobuf message");
                }
                pos += 8;
            }
            case LEN -> {
                int len = length(); // read first: "pos += length()" would add to the position before the length
                pos += len;
            }
            case FIXED32 -> {
                if (pos + 4 > buf.length) {
                    throw new InvalidRequestException("truncated protobuf message");
                }
                pos += 4;
            }
            default -> throw new InvalidRequestException("unsupported protobuf wire type " + wire);
        }
    }
}
