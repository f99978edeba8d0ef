package io.pharos.model.textparse;

import java.nio.charset.StandardCharsets;

/**
 * Reads the Prometheus text format 0.0.4 straight from the body's bytes, one line per
 * {@link #next()}. Labels are kept as offsets into the body and names are shared per body, so a
 * line costs no String unless its labels are asked for. Errors name the line and the problem,
 * as {@code promtool check metrics} does.
 */
public final class PromTextParser extends BodyScanner {

    private long timestamp;
    private String text;
    /** A plain comment's text, built only when asked for. */
    private int commentFrom = -1;
    private int commentTo;

    public PromTextParser(byte[] body) {
        this(body, body.length);
    }

    public PromTextParser(byte[] body, int length) {
        super(body, length, 16);
    }

    @Override
    public Entry next() {
        while (pos < end) {
            lineNo++;
            int lineEnd = pos;
            while (lineEnd < end && buf[lineEnd] != '\n') {
                lineEnd++;
            }
            int start = pos;
            pos = Math.min(lineEnd + 1, end);
            int stop = lineEnd;
            if (stop > start && buf[stop - 1] == '\r') {
                stop--;
            }
            int p = skipBlanks(start, stop);
            if (p == stop) {
                continue; // blank line
            }
            if (buf[p] == '#') {
                Entry e = parseComment(p + 1, stop);
                if (e != null) {
                    return e;
                }
                continue;
            }
            parseSeries(p, stop);
            return Entry.SERIES;
        }
        return null;
    }

    private Entry parseComment(int p, int stop) {
        p = skipBlanks(p, stop);
        int kwEnd = tokenEnd(p, stop);
        boolean help = kwEnd - p == 4 && buf[p] == 'H' && buf[p + 1] == 'E' && buf[p + 2] == 'L' && buf[p + 3] == 'P';
        boolean typeLine = kwEnd - p == 4 && buf[p] == 'T' && buf[p + 1] == 'Y' && buf[p + 2] == 'P' && buf[p + 3] == 'E';
        if (!help && !typeLine) {
            text = null;
            commentFrom = p;
            commentTo = stop;
            return Entry.COMMENT;
        }
        String keyword = help ? "HELP" : "TYPE";
        p = skipBlanks(kwEnd, stop);
        int nameEnd = p;
        while (nameEnd < stop && isNameChar(buf[nameEnd], nameEnd == p)) {
            nameEnd++;
        }
        if (nameEnd == p) {
            throw error("# " + keyword + " needs a metric name");
        }
        name = strings.get(buf, p, nameEnd);
        if (nameEnd < stop && buf[nameEnd] != ' ' && buf[nameEnd] != '\t') {
            throw error("invalid metric name in # " + keyword + " line: '" + utf8(p, tokenEnd(p, stop)) + "'");
        }
        p = skipBlanks(nameEnd, stop);
        if (help) {
            text = unescapeHelp(p, stop);
            return Entry.HELP;
        }
        String t = ascii(p, tokenEnd(p, stop));
        type = MetricType.fromToken(t);
        if (type == null || type == MetricType.INFO || type == MetricType.STATESET || type == MetricType.GAUGEHISTOGRAM
                || type == MetricType.UNKNOWN) {
            throw error("invalid metric type '" + t + "'");
        }
        if (skipBlanks(tokenEnd(p, stop), stop) != stop) {
            throw error("unexpected text after the type in # TYPE line");
        }
        return Entry.TYPE;
    }

    private void parseSeries(int p, int stop) {
        labelCount = 0;
        int nameEnd = p;
        while (nameEnd < stop && isNameChar(buf[nameEnd], nameEnd == p)) {
            nameEnd++;
        }
        if (nameEnd == p) {
            throw error("expected a metric name, found '" + snippet(p, stop) + "'");
        }
        name = strings.get(buf, p, nameEnd);
        p = skipBlanks(nameEnd, stop);
        if (p < stop && buf[p] == '{') {
            p = parseLabels(p + 1, stop);
            p = skipBlanks(p, stop);
        } else if (p == nameEnd && p < stop) {
            throw error("invalid character '" + (char) buf[p] + "' in metric name");
        }
        if (p == stop) {
            throw error("expected a value after '" + name + "'");
        }
        int valueEnd = tokenEnd(p, stop);
        value = parseValue(p, valueEnd);
        p = skipBlanks(valueEnd, stop);
        hasTimestamp = p < stop;
        if (hasTimestamp) {
            int tsEnd = tokenEnd(p, stop);
            timestamp = parseTimestamp(p, tsEnd);
            if (skipBlanks(tsEnd, stop) != stop) {
                throw error("unexpected text after the timestamp: '" + snippet(tsEnd, stop).strip() + "'");
            }
        }
    }

    private int parseLabels(int p, int stop) {
        while (true) {
            p = skipBlanks(p, stop);
            if (p < stop && buf[p] == '}') {
                return p + 1;
            }
            int nameStart = p;
            while (p < stop && isLabelNameChar(buf[p], p == nameStart)) {
                p++;
            }
            if (p == nameStart) {
                throw error("expected a label name or '}' in the labels of '" + name + "', found '" + snippet(p, stop) + "'");
            }
            int nameEnd = p;
            p = skipBlanks(p, stop);
            if (p >= stop || buf[p] != '=') {
                throw error("expected '=' after label name '" + ascii(nameStart, nameEnd) + "'");
            }
            p = skipBlanks(p + 1, stop);
            if (p >= stop || buf[p] != '"') {
                throw error("expected a quoted value for label '" + ascii(nameStart, nameEnd) + "'");
            }
            int valueStart = p + 1;
            p = skipQuoted(valueStart, stop, nameStart, nameEnd);
            for (int i = 0; i < labelCount; i++) {
                if (equalSpans(labelSpans[4 * i], labelSpans[4 * i + 1], nameStart, nameEnd)) {
                    throw error("duplicate label name '" + ascii(nameStart, nameEnd) + "'");
                }
            }
            if (4 * labelCount + 4 > labelSpans.length) {
                labelSpans = java.util.Arrays.copyOf(labelSpans, labelSpans.length * 2);
            }
            labelSpans[4 * labelCount] = nameStart;
            labelSpans[4 * labelCount + 1] = nameEnd;
            labelSpans[4 * labelCount + 2] = valueStart;
            labelSpans[4 * labelCount + 3] = p - 1;
            labelCount++;
            p = skipBlanks(p, stop);
            if (p < stop && buf[p] == ',') {
                p++;
            } else if (p >= stop || buf[p] != '}') {
                throw error("expected ',' or '}' after the value of label '" + ascii(nameStart, nameEnd) + "'");
            }
        }
    }

    /** Checks a label value after its opening quote; returns the position after the closing quote. */
    private int skipQuoted(int p, int stop, int nameStart, int nameEnd) {
        while (p < stop) {
            byte b = buf[p];
            if (b == '"') {
                return p + 1;
            }
            if (b == '\\') {
                if (p + 1 >= stop) {
                    break;
                }
                byte esc = buf[p + 1];
                if (esc != '\\' && esc != '"' && esc != 'n') {
                    throw error("invalid escape sequence '\\" + (char) esc + "' in the value of label '"
                            + ascii(nameStart, nameEnd) + "'");
                }
                p += 2;
                continue;
            }
            p++;
        }
        throw error("unterminated value of label '" + ascii(nameStart, nameEnd) + "'");
    }

    /** A label value with its escapes resolved; short plain values are shared per body. */
    @Override
    String labelValue(int from, int to) {
        int i = from;
        while (i < to && buf[i] != '\\') {
            i++;
        }
        if (i == to) {
            return strings.get(buf, from, to);
        }
        byte[] out = new byte[to - from];
        int n = 0;
        for (int p = from; p < to; p++) {
            byte b = buf[p];
            if (b == '\\' && p + 1 < to) {
                byte e = buf[++p];
                out[n++] = e == 'n' ? (byte) '\n' : e;
            } else {
                out[n++] = b;
            }
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    private double parseValue(int from, int to) {
        if (DecimalParser.isRealNumber(buf, from, to)) {
            return DecimalParser.parseReal(buf, from, to);
        }
        String s = ascii(from, to);
        double v = GoFloat.parse(s);
        if (Double.isNaN(v) && !GoFloat.isNaNToken(s)) {
            throw error("invalid value '" + s + "' for '" + name + "'");
        }
        return v;
    }

    private long parseTimestamp(int from, int to) {
        int p = from;
        boolean negative = p < to && buf[p] == '-';
        if (negative || (p < to && buf[p] == '+')) {
            p++;
        }
        if (p < to && to - p <= 18) {
            long v = 0;
            int q = p;
            while (q < to && buf[q] >= '0' && buf[q] <= '9') {
                v = v * 10 + (buf[q] - '0');
                q++;
            }
            if (q == to) {
                return negative ? -v : v;
            }
        }
        String s = ascii(from, to);
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw error("invalid timestamp '" + s + "'");
        }
    }

    private String unescapeHelp(int p, int stop) {
        StringBuilder sb = new StringBuilder();
        int runStart = p;
        while (p < stop) {
            if (buf[p] == '\\' && p + 1 < stop && (buf[p + 1] == '\\' || buf[p + 1] == 'n')) {
                sb.append(utf8(runStart, p)).append(buf[p + 1] == 'n' ? '\n' : '\\');
                p += 2;
                runStart = p;
            } else {
                p++;
            }
        }
        return sb.append(utf8(runStart, stop)).toString();
    }

    private int skipBlanks(int p, int stop) {
        while (p < stop && (buf[p] == ' ' || buf[p] == '\t')) {
            p++;
        }
        return p;
    }

    private int tokenEnd(int p, int stop) {
        while (p < stop && buf[p] != ' ' && buf[p] != '\t') {
            p++;
        }
        return p;
    }

    private static boolean isNameChar(byte b, boolean first) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || b == '_' || b == ':' || (!first && b >= '0' && b <= '9');
    }

    private static boolean isLabelNameChar(byte b, boolean first) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || b == '_' || (!first && b >= '0' && b <= '9');
    }

    @Override
    public long timestamp() {
        return timestamp;
    }

    @Override
    public String text() {
        if (text == null && commentFrom >= 0) {
            text = ascii(commentFrom, commentTo);
            commentFrom = -1;
        }
        return text;
    }
}
