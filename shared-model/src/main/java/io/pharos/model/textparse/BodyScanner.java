package io.pharos.model.textparse;

import io.pharos.model.labels.Labels;
import java.nio.charset.StandardCharsets;

/**
 * What both text parsers share: the body's bytes and the read position, the current line's
 * metric name, label spans, value and type, and the accessors that build Strings from spans only
 * when asked. A subclass scans its own format into these fields.
 */
abstract class BodyScanner implements ExpositionParser {
    final byte[] buf;
    final int end;
    final ByteStrings strings = new ByteStrings();
    int pos;
    int lineNo;

    String name;
    /** nameStart, nameEnd, valueStart, valueEnd per label (value without its quotes, still escaped). */
    int[] labelSpans;
    int labelCount;
    double value;
    boolean hasTimestamp;
    MetricType type;

    BodyScanner(byte[] body, int length, int labelCapacity) {
        this.buf = body;
        this.end = length;
        this.labelSpans = new int[4 * labelCapacity];
    }

    /** A label value with the format's escapes resolved. */
    abstract String labelValue(int from, int to);

    final boolean equalSpans(int aFrom, int aTo, int bFrom, int bTo) {
        if (aTo - aFrom != bTo - bFrom) {
            return false;
        }
        for (int i = 0; i < aTo - aFrom; i++) {
            if (buf[aFrom + i] != buf[bFrom + i]) {
                return false;
            }
        }
        return true;
    }

    final String ascii(int from, int to) {
        return new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
    }

    final String utf8(int from, int to) {
        return new String(buf, from, to - from, StandardCharsets.UTF_8);
    }

    /** The start of a span, for error messages. */
    final String snippet(int from, int stop) {
        return utf8(from, Math.min(stop, from + 40));
    }

    final ExpositionParseException error(String message) {
        return new ExpositionParseException(lineNo, message);
    }

    @Override
    public final String metricName() {
        return name;
    }

    @Override
    public final void labels(Labels.Builder into) {
        into.set(Labels.METRIC_NAME, name);
        for (int i = 0; i < labelCount; i++) {
            into.set(strings.get(buf, labelSpans[4 * i], labelSpans[4 * i + 1]),
                    labelValue(labelSpans[4 * i + 2], labelSpans[4 * i + 3]));
        }
    }

    @Override
    public final double value() {
        return value;
    }

    @Override
    public final boolean hasTimestamp() {
        return hasTimestamp;
    }

    @Override
    public final MetricType type() {
        return type;
    }

    @Override
    public final int line() {
        return lineNo;
    }
}
