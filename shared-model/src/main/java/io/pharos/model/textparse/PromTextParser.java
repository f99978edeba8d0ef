package io.pharos.model.textparse;

import io.pharos.model.labels.Labels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the Prometheus text format 0.0.4 straight from the body's bytes, one line per
 * {@link #next()}. Errors name the line and the problem, as {@code promtool check metrics} does.
 */
public final class PromTextParser implements ExpositionParser {
    private final byte[] buf;
    private final int end;
    private int pos;
    private int lineNo;

    private String name;
    private final List<String> labelNames = new ArrayList<>();
    private final List<String> labelValues = new ArrayList<>();
    private double value;
    private boolean hasTimestamp;
    private long timestamp;
    private MetricType type;
    private String text;

    public PromTextParser(byte[] body) {
        this(body, body.length);
    }

    public PromTextParser(byte[] body, int length) {
        this.buf = body;
        this.end = length;
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
        String keyword = ascii(p, kwEnd);
        if (!keyword.equals("HELP") && !keyword.equals("TYPE")) {
            text = ascii(p, stop);
            return Entry.COMMENT;
        }
        p = skipBlanks(kwEnd, stop);
        int nameEnd = p;
        while (nameEnd < stop && isNameChar(buf[nameEnd], nameEnd == p)) {
            nameEnd++;
        }
        if (nameEnd == p) {
            throw error("# " + keyword + " needs a metric name");
        }
        name = ascii(p, nameEnd);
        if (nameEnd < stop && buf[nameEnd] != ' ' && buf[nameEnd] != '\t') {
            throw error("invalid metric name in # " + keyword + " line: '" + utf8(p, tokenEnd(p, stop)) + "'");
        }
        p = skipBlanks(nameEnd, stop);
        if (keyword.equals("HELP")) {
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
        labelNames.clear();
        labelValues.clear();
        int nameEnd = p;
        while (nameEnd < stop && isNameChar(buf[nameEnd], nameEnd == p)) {
            nameEnd++;
        }
        if (nameEnd == p) {
            throw error("expected a metric name, found '" + snippet(p, stop) + "'");
        }
        name = ascii(p, nameEnd);
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
            String labelName = ascii(nameStart, p);
            p = skipBlanks(p, stop);
            if (p >= stop || buf[p] != '=') {
                throw error("expected '=' after label name '" + labelName + "'");
            }
            p = skipBlanks(p + 1, stop);
            if (p >= stop || buf[p] != '"') {
                throw error("expected a quoted value for label '" + labelName + "'");
            }
            StringBuilder v = new StringBuilder();
            p = readQuoted(p + 1, stop, v, labelName);
            if (labelNames.contains(labelName)) {
                throw error("duplicate label name '" + labelName + "'");
            }
            labelNames.add(labelName);
            labelValues.add(v.toString());
            p = skipBlanks(p, stop);
            if (p < stop && buf[p] == ',') {
                p++;
            } else if (p >= stop || buf[p] != '}') {
                throw error("expected ',' or '}' after the value of label '" + labelName + "'");
            }
        }
    }

    /** Reads a label value after its opening quote; returns the position after the closing quote. */
    private int readQuoted(int p, int stop, StringBuilder out, String labelName) {
        int runStart = p;
        while (p < stop) {
            byte b = buf[p];
            if (b == '"') {
                out.append(utf8(runStart, p));
                return p + 1;
            }
            if (b == '\\') {
                out.append(utf8(runStart, p));
                if (p + 1 >= stop) {
                    break;
                }
                byte esc = buf[p + 1];
                switch (esc) {
                    case '\\' -> out.append('\\');
                    case '"' -> out.append('"');
                    case 'n' -> out.append('\n');
                    default -> throw error("invalid escape sequence '\\" + (char) esc + "' in the value of label '" + labelName + "'");
                }
                p += 2;
                runStart = p;
                continue;
            }
            p++;
        }
        throw error("unterminated value of label '" + labelName + "'");
    }

    private double parseValue(int from, int to) {
        String s = ascii(from, to);
        double v = GoFloat.parse(s);
        if (Double.isNaN(v) && !GoFloat.isNaNToken(s)) {
            throw error("invalid value '" + s + "' for '" + name + "'");
        }
        return v;
    }

    private long parseTimestamp(int from, int to) {
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

    private String ascii(int from, int to) {
        return new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private String utf8(int from, int to) {
        return new String(buf, from, to - from, StandardCharsets.UTF_8);
    }

    private String snippet(int from, int stop) {
        return utf8(from, Math.min(stop, from + 40));
    }

    private ExpositionParseException error(String message) {
        return new ExpositionParseException(lineNo, message);
    }

    @Override
    public String metricName() {
        return name;
    }

    @Override
    public void labels(Labels.Builder into) {
        into.set(Labels.METRIC_NAME, name);
        for (int i = 0; i < labelNames.size(); i++) {
            into.set(labelNames.get(i), labelValues.get(i));
        }
    }

    @Override
    public double value() {
        return value;
    }

    @Override
    public boolean hasTimestamp() {
        return hasTimestamp;
    }

    @Override
    public long timestamp() {
        return timestamp;
    }

    @Override
    public MetricType type() {
        return type;
    }

    @Override
    public String text() {
        return text;
    }

    @Override
    public int line() {
        return lineNo;
    }
}
