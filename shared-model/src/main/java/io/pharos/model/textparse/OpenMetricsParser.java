package io.pharos.model.textparse;

import io.pharos.model.labels.Labels;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads OpenMetrics 1.0 text straight from the body's bytes, one line per {@link #next()}:
 * metric families with HELP, TYPE and UNIT, every metric type (counter, gauge, histogram,
 * gaugehistogram, summary, info, stateset, unknown) with their sample suffixes ({@code _total},
 * {@code _created}, {@code _bucket}, {@code _gcount}, ...), exemplars, timestamps in seconds
 * (returned in milliseconds), and the closing {@code # EOF}.
 *
 * <p>It validates what the OpenMetrics specification requires of a body: exact token syntax
 * (single spaces, no blank lines, nothing after {@code # EOF}), metadata before a family's
 * samples and at most once, families and metrics not interleaved, timestamps not going back,
 * and each type's rules (counter values, histogram buckets ascending with cumulative counts, a
 * {@code +Inf} bucket that equals {@code _count}, summary quantiles in [0, 1], stateset and
 * info values, exemplars only on counters' {@code _total} and buckets, at most 128 characters
 * of exemplar labels). Those semantic rules apply in strict mode; scrapes read leniently, as
 * Prometheus does, since widespread client libraries emit bodies that break some of them
 * (e.g. a {@code _sum} beside negative buckets): syntax, {@code # EOF} and UNIT suffixes are
 * always checked. An error names the line. Labels are kept as offsets into the body; no
 * String is built for a line unless the caller asks for its labels.
 */
public final class OpenMetricsParser extends BodyScanner {
    private static final int MAX_LABELS = 256;
    private static final int EXEMPLAR_MAX_RUNES = 128;

    private final boolean strict;
    private boolean eof;

    // current entry
    private Entry entry;
    private int nameStart;
    private int nameEnd;
    private final int[] exemplarSpans = new int[MAX_LABELS * 4];
    private int exemplarLabelCount;
    private boolean hasExemplar;
    private double exemplarValue;
    private boolean exemplarHasTs;
    private long exemplarTs;
    private double timestampSeconds;
    private String text;
    private double num;

    // the current metric family
    private String family;
    private MetricType familyType;
    private boolean familyHasHelp;
    private boolean familyHasType;
    private boolean familyHasUnit;
    private boolean familyHasSamples;
    private final Set<String> familyNames = new HashSet<>();
    private final Set<String> sampleNames = new HashSet<>();
    // the current metric (label set within the family) and its histogram state
    private long groupKey;
    private boolean groupOpen;
    private final Set<Long> familyGroups = new HashSet<>();
    private double lastLe;
    private double lastBucket;
    private double infBucket;
    private boolean hasBuckets;
    private boolean hasNegativeBucket;
    private boolean hasCount;
    private boolean hasSum;
    private double countValue;
    private double sumValue;
    private int groupLine;
    // the previous sample line, for timestamp order
    private int prevSeriesStart = -1;
    private int prevSeriesEnd;
    private boolean prevHadTimestamp;
    private double prevTimestamp;

    /** A strict parser: every rule of the specification is checked. */
    public OpenMetricsParser(byte[] body) {
        this(body, body.length, true);
    }

    /** A lenient parser, as scrapes use: syntax only, as Prometheus reads OpenMetrics. */
    public OpenMetricsParser(byte[] body, int length) {
        this(body, length, false);
    }

    public OpenMetricsParser(byte[] body, int length, boolean strict) {
        super(body, length, MAX_LABELS);
        this.strict = strict;
    }

    @Override
    public Entry next() {
        if (eof) {
            return null;
        }
        if (pos >= end) {
            lineNo++;
            throw error("unexpected end of input: an OpenMetrics body must end with \"# EOF\"");
        }
        lineNo++;
        int start = pos;
        int lineEnd = start;
        while (lineEnd < end && buf[lineEnd] != '\n') {
            lineEnd++;
        }
        pos = lineEnd < end ? lineEnd + 1 : end;
        hasExemplar = false;
        if (start == lineEnd) {
            throw error("unexpected blank line");
        }
        if (buf[start] == '#') {
            entry = parseComment(start, lineEnd);
            return entry;
        }
        parseSample(start, lineEnd);
        entry = Entry.SERIES;
        return entry;
    }

    // ---- metadata ----

    private Entry parseComment(int start, int stop) {
        int len = stop - start;
        if (len == 5 && startsWith(start, stop, "# EOF")) {
            if (pos < end) {
                throw error("unexpected data after # EOF");
            }
            if (strict) {
                closeFamily();
            }
            eof = true;
            return null;
        }
        Entry kind;
        if (startsWith(start, stop, "# HELP ")) {
            kind = Entry.HELP;
        } else if (startsWith(start, stop, "# TYPE ")) {
            kind = Entry.TYPE;
        } else if (startsWith(start, stop, "# UNIT ")) {
            kind = Entry.UNIT;
        } else if (startsWith(start, stop, "# EOF")) {
            throw error("unexpected data after # EOF");
        } else {
            throw error("invalid comment line: only # HELP, # TYPE, # UNIT and # EOF are allowed");
        }
        int p = start + 7;
        int ne = metricNameEnd(p, stop);
        if (ne == p) {
            throw error("expected a metric name after # " + kind);
        }
        if (ne == stop || buf[ne] != ' ') {
            throw error(ne == stop ? "expected a space and text after the metric name in # " + kind
                    : "invalid metric name in # " + kind + " line");
        }
        String fam = strings.get(buf, p, ne);
        name = fam;
        if (strict) {
            metadataFor(fam, kind);
        }
        int t = ne + 1;
        switch (kind) {
            case HELP -> text = unescape(t, stop);
            case TYPE -> {
                type = typeOf(t, stop);
                if (type == null) {
                    throw error("invalid metric type '" + utf8(t, stop) + "'");
                }
                if (strict) {
                    familyType = type;
                    reserveSampleNames();
                }
            }
            default -> {
                int ue = t;
                while (ue < stop && isNameChar(buf[ue], false)) {
                    ue++;
                }
                if (ue != stop) {
                    throw error("invalid unit '" + utf8(t, stop) + "'");
                }
                text = ascii(t, stop);
                if (!text.isEmpty() && !fam.endsWith("_" + text)) {
                    throw error("metric name " + fam + " must end with the unit _" + text);
                }
                if (strict && familyHasType && (familyType == MetricType.INFO || familyType == MetricType.STATESET) && !text.isEmpty()) {
                    throw error("a unit is not allowed for " + familyType.name().toLowerCase() + " metrics");
                }
            }
        }
        return kind;
    }

    private void metadataFor(String fam, Entry kind) {
        if (!fam.equals(family)) {
            startFamily(fam);
        } else if (familyHasSamples) {
            throw error("# " + kind + " for " + fam + " after its samples");
        }
        switch (kind) {
            case HELP -> {
                if (familyHasHelp) {
                    throw error("second # HELP for " + fam);
                }
                familyHasHelp = true;
            }
            case TYPE -> {
                if (familyHasType) {
                    throw error("second # TYPE for " + fam);
                }
                familyHasType = true;
            }
            default -> {
                if (familyHasUnit) {
                    throw error("second # UNIT for " + fam);
                }
                if (strict && familyHasType && (familyType == MetricType.INFO || familyType == MetricType.STATESET)) {
                    throw error("a unit is not allowed for " + familyType.name().toLowerCase() + " metrics");
                }
                familyHasUnit = true;
            }
        }
    }

    private void startFamily(String fam) {
        closeFamily();
        if (!familyNames.add(fam) || sampleNames.contains(fam)) {
            throw error("metric family " + fam + " appears more than once or clashes with another family");
        }
        family = fam;
        familyType = MetricType.UNKNOWN;
        familyHasHelp = false;
        familyHasType = false;
        familyHasUnit = false;
        familyHasSamples = false;
        familyGroups.clear();
        groupOpen = false;
        sampleNames.add(fam);
    }

    /** Once the type is known: the sample names the family takes, which no other family may use. */
    private void reserveSampleNames() {
        for (String suffix : suffixes(familyType)) {
            if (suffix.isEmpty()) {
                continue;
            }
            String n = family + suffix;
            if (familyNames.contains(n) || !sampleNames.add(n)) {
                throw error("metric family " + family + " clashes with " + n);
            }
        }
    }

    private static String[] suffixes(MetricType t) {
        return switch (t) {
            case COUNTER -> new String[] {"_total", "_created"};
            case HISTOGRAM -> new String[] {"_bucket", "_count", "_sum", "_created"};
            case GAUGEHISTOGRAM -> new String[] {"_bucket", "_gcount", "_gsum"};
            case SUMMARY -> new String[] {"", "_count", "_sum", "_created"};
            case INFO -> new String[] {"_info"};
            default -> new String[] {""};
        };
    }

    private MetricType typeOf(int from, int to) {
        String t = ascii(from, to);
        MetricType m = MetricType.fromToken(t);
        return m == MetricType.UNTYPED ? null : m;
    }

    // ---- samples ----

    private void parseSample(int start, int stop) {
        int ne = metricNameEnd(start, stop);
        if (ne == start) {
            throw error("expected a metric name, found '" + snippet(start, stop) + "'");
        }
        nameStart = start;
        nameEnd = ne;
        name = strings.get(buf, start, ne);
        int p = ne;
        labelCount = 0;
        if (p < stop && buf[p] == '{') {
            p = parseLabels(p + 1, stop, labelSpans, false);
            labelCount = parsedLabels;
        }
        int seriesEnd = p;
        if (p >= stop || buf[p] != ' ') {
            throw error(p >= stop ? "expected a value after " + name : "invalid character '" + (char) buf[p] + "' after the metric name " + name);
        }
        p++;
        int ve = tokenEnd(p, stop);
        if (!parseNumber(p, ve, true)) {
            throw error("invalid value '" + utf8(p, ve) + "' for " + name);
        }
        value = num;
        p = ve;
        hasTimestamp = false;
        if (p < stop) {
            p++; // the single space
            if (p >= stop) {
                throw error("unexpected trailing space after the value");
            }
            if (buf[p] != '#') {
                int te = tokenEnd(p, stop);
                if (!DecimalParser.isRealNumber(buf, p, te)) {
                    throw error("invalid timestamp '" + utf8(p, te) + "'");
                }
                timestampSeconds = DecimalParser.parseReal(buf, p, te);
                hasTimestamp = true;
                p = te;
                if (p < stop) {
                    p++;
                    if (p >= stop || buf[p] != '#') {
                        throw error("unexpected text after the timestamp: '" + utf8(p - 1, stop) + "'");
                    }
                }
            }
            if (p < stop) {
                parseExemplar(p, stop);
            }
        }
        if (strict) {
            checkSample(start, seriesEnd);
        }
    }

    private int parsedLabels;

    /** Parses labels after '{'; returns the position after '}' and sets parsedLabels. */
    private int parseLabels(int p, int stop, int[] spans, boolean exemplar) {
        int n = 0;
        if (p < stop && buf[p] == '}') {
            parsedLabels = 0;
            return p + 1;
        }
        while (true) {
            int ns = p;
            while (p < stop && isLabelNameChar(buf[p], p == ns)) {
                p++;
            }
            if (p == ns) {
                throw error("expected a label name in the labels of " + name + ", found '" + snippet(p, stop) + "'");
            }
            int nEnd = p;
            if (p >= stop || buf[p] != '=') {
                throw error("expected '=' after label name '" + ascii(ns, nEnd) + "'");
            }
            p++;
            if (p >= stop || buf[p] != '"') {
                throw error("expected a quoted value for label '" + ascii(ns, nEnd) + "'");
            }
            p++;
            int vs = p;
            while (p < stop && buf[p] != '"') {
                if (buf[p] == '\\') {
                    p++;
                }
                p++;
            }
            if (p >= stop) {
                throw error("unterminated value of label '" + ascii(ns, nEnd) + "'");
            }
            if (n == MAX_LABELS) {
                throw error("too many labels");
            }
            for (int i = 0; i < n; i++) {
                if (equalSpans(spans[4 * i], spans[4 * i + 1], ns, nEnd)) {
                    throw error("duplicate label name '" + ascii(ns, nEnd) + "'");
                }
            }
            spans[4 * n] = ns;
            spans[4 * n + 1] = nEnd;
            spans[4 * n + 2] = vs;
            spans[4 * n + 3] = p;
            n++;
            p++; // closing quote
            if (p < stop && buf[p] == ',') {
                p++;
                if (p < stop && buf[p] == '}') {
                    throw error("unexpected ',' before '}' in the labels of " + name);
                }
                continue;
            }
            if (p < stop && buf[p] == '}') {
                parsedLabels = n;
                return p + 1;
            }
            throw error("expected ',' or '}' after the value of label '" + ascii(ns, nEnd) + "'");
        }
    }

    private void parseExemplar(int p, int stop) {
        // at '#': "# {labels} value [timestamp]"
        if (p + 2 >= stop || buf[p + 1] != ' ' || buf[p + 2] != '{') {
            throw error("invalid exemplar: expected '# {' ");
        }
        p = parseLabels(p + 3, stop, exemplarSpans, true);
        exemplarLabelCount = parsedLabels;
        int runes = 0;
        for (int i = 0; i < exemplarLabelCount; i++) {
            runes += runes(exemplarSpans[4 * i], exemplarSpans[4 * i + 1]) + runes(exemplarSpans[4 * i + 2], exemplarSpans[4 * i + 3]);
        }
        if (runes > EXEMPLAR_MAX_RUNES) {
            throw error("exemplar labels have " + runes + " characters, more than " + EXEMPLAR_MAX_RUNES);
        }
        if (p >= stop || buf[p] != ' ') {
            throw error("expected a space and a value after the exemplar labels");
        }
        p++;
        int ve = tokenEnd(p, stop);
        if (!parseNumber(p, ve, true)) {
            throw error("invalid exemplar value '" + utf8(p, ve) + "'");
        }
        exemplarValue = num;
        exemplarHasTs = false;
        p = ve;
        if (p < stop) {
            p++;
            int te = tokenEnd(p, stop);
            if (!DecimalParser.isRealNumber(buf, p, te)) {
                throw error("invalid exemplar timestamp '" + utf8(p, te) + "'");
            }
            exemplarTs = (long) (DecimalParser.parseReal(buf, p, te) * 1000);
            exemplarHasTs = true;
            if (te != stop) {
                throw error("unexpected text after the exemplar");
            }
        }
        hasExemplar = true;
    }

    /** Which family and part of it the sample is, and that type's rules. */
    private void checkSample(int seriesStart, int seriesEnd) {
        String suffix = suffixInFamily();
        if (suffix == null) {
            startFamily(name);
            suffix = "";
        }
        familyHasSamples = true;
        MetricType t = familyType;
        if (hasExemplar) {
            boolean allowed = (t == MetricType.COUNTER && suffix.equals("_total"))
                    || ((t == MetricType.HISTOGRAM || t == MetricType.GAUGEHISTOGRAM) && suffix.equals("_bucket"));
            if (!allowed) {
                throw error("exemplars are only allowed on counter _total and histogram _bucket samples, not on " + name);
            }
        }
        long key = groupKey(t);
        if (!groupOpen || key != groupKey) {
            closeGroup();
            if (!familyGroups.add(key)) {
                throw error("samples of one metric of " + family + " are not together");
            }
            groupKey = key;
            groupOpen = true;
            groupLine = lineNo;
            resetGroup();
        }
        checkTimestampOrder(seriesStart, seriesEnd);
        switch (t) {
            case COUNTER -> {
                if (suffix.equals("_total")) {
                    nonNegative("counter");
                }
            }
            case HISTOGRAM, GAUGEHISTOGRAM -> checkHistogramSample(suffix, t == MetricType.GAUGEHISTOGRAM);
            case SUMMARY -> {
                if (suffix.isEmpty()) {
                    int q = labelIndex("quantile");
                    if (q < 0) {
                        throw error("summary sample " + name + " has no quantile label");
                    }
                    int vs = labelSpans[4 * q + 2];
                    int ve = labelSpans[4 * q + 3];
                    if (!DecimalParser.isRealNumber(buf, vs, ve)) {
                        throw error("invalid quantile '" + utf8(vs, ve) + "'");
                    }
                    double qv = DecimalParser.parseReal(buf, vs, ve);
                    if (qv < 0 || qv > 1) {
                        throw error("quantile " + utf8(vs, ve) + " is not between 0 and 1");
                    }
                    if (value < 0) {
                        throw error("negative quantile value for " + name);
                    }
                } else if (!suffix.equals("_created")) {
                    nonNegative("summary " + suffix.substring(1));
                }
            }
            case INFO -> {
                if (value != 1) {
                    throw error("info metric value must be 1, got " + value);
                }
            }
            case STATESET -> {
                if (labelIndex(family) < 0) {
                    throw error("stateset sample " + name + " has no label named " + family);
                }
                if (value != 0 && value != 1) {
                    throw error("stateset value must be 0 or 1, got " + value);
                }
            }
            default -> {
            }
        }
    }

    private void checkHistogramSample(String suffix, boolean gauge) {
        switch (suffix) {
            case "_bucket" -> {
                int le = labelIndex("le");
                if (le < 0) {
                    throw error("bucket " + name + " has no le label");
                }
                int vs = labelSpans[4 * le + 2];
                int ve = labelSpans[4 * le + 3];
                double bound;
                if (startsWith(vs, ve, "+Inf") && ve - vs == 4) {
                    bound = Double.POSITIVE_INFINITY;
                } else if (DecimalParser.isRealNumber(buf, vs, ve)) {
                    bound = DecimalParser.parseReal(buf, vs, ve);
                } else {
                    throw error("invalid le '" + utf8(vs, ve) + "'");
                }
                nonNegative("bucket");
                if (hasBuckets && bound <= lastLe) {
                    throw error("buckets of " + family + " are not in increasing le order");
                }
                if (hasBuckets && value < lastBucket) {
                    throw error("bucket counts of " + family + " decrease");
                }
                if (hasCount || hasSum) {
                    throw error("bucket of " + family + " after its " + (gauge ? "_gcount/_gsum" : "_count/_sum"));
                }
                if (bound < 0) {
                    hasNegativeBucket = true;
                }
                if (bound == Double.POSITIVE_INFINITY) {
                    infBucket = value;
                }
                hasBuckets = true;
                lastLe = bound;
                lastBucket = value;
            }
            case "_count", "_gcount" -> {
                nonNegative(suffix.substring(1));
                hasCount = true;
                countValue = value;
            }
            case "_sum", "_gsum" -> {
                if (Double.isNaN(value)) {
                    throw error("NaN " + suffix.substring(1) + " for " + family);
                }
                hasSum = true;
                sumValue = value;
            }
            default -> {
            }
        }
    }

    private void resetGroup() {
        hasBuckets = false;
        hasNegativeBucket = false;
        hasCount = false;
        hasSum = false;
        infBucket = Double.NaN;
        lastBucket = 0;
        lastLe = Double.NEGATIVE_INFINITY;
    }

    /** Checks what can only be checked once a metric's samples are all read. */
    private void closeGroup() {
        if (!groupOpen) {
            return;
        }
        groupOpen = false;
        if (familyType != MetricType.HISTOGRAM && familyType != MetricType.GAUGEHISTOGRAM) {
            return;
        }
        boolean gauge = familyType == MetricType.GAUGEHISTOGRAM;
        String count = gauge ? "_gcount" : "_count";
        String sum = gauge ? "_gsum" : "_sum";
        if (Double.isNaN(infBucket)) {
            throw errorAt(groupLine, "histogram " + family + " has no +Inf bucket");
        }
        if (hasCount != hasSum) {
            throw errorAt(groupLine, "histogram " + family + " has " + (hasCount ? count + " without " + sum : sum + " without " + count));
        }
        if (hasCount && countValue != infBucket) {
            throw errorAt(groupLine, "histogram " + family + count + " differs from its +Inf bucket");
        }
        if (hasSum) {
            if (!gauge && hasNegativeBucket) {
                throw errorAt(groupLine, "histogram " + family + " has negative buckets and a _sum");
            }
            if (sumValue < 0 && !hasNegativeBucket) {
                throw errorAt(groupLine, "histogram " + family + sum + " is negative");
            }
        }
    }

    private void closeFamily() {
        if (family != null) {
            closeGroup();
        }
    }

    private void nonNegative(String what) {
        if (Double.isNaN(value) || value < 0) {
            throw error("invalid " + what + " value " + value + " for " + name + ": must be a non-negative number");
        }
    }

    private void checkTimestampOrder(int seriesStart, int seriesEnd) {
        boolean same = prevSeriesStart >= 0 && equalSpans(prevSeriesStart, prevSeriesEnd, seriesStart, seriesEnd);
        if (same) {
            if (hasTimestamp != prevHadTimestamp) {
                throw error("samples of " + name + " mix lines with and without timestamps");
            }
            if (!hasTimestamp) {
                throw error("duplicate sample for " + name + " without a timestamp");
            }
            if (timestampSeconds < prevTimestamp) {
                throw error("timestamps of " + name + " go back in time");
            }
        }
        prevSeriesStart = seriesStart;
        prevSeriesEnd = seriesEnd;
        prevHadTimestamp = hasTimestamp;
        prevTimestamp = timestampSeconds;
    }

    /** The sample name's suffix within the current family ("" for the bare name), or null when it is no part of it. */
    private String suffixInFamily() {
        if (family == null) {
            return null;
        }
        int flen = family.length();
        int nlen = nameEnd - nameStart;
        if (nlen < flen) {
            return null;
        }
        for (int i = 0; i < flen; i++) {
            if (buf[nameStart + i] != family.charAt(i)) {
                return null;
            }
        }
        for (String s : suffixes(familyType)) {
            if (nlen == flen + s.length() && (s.isEmpty() || startsWith(nameStart + flen, nameEnd, s))) {
                return s;
            }
        }
        return null;
    }

    /** A hash of the sample's labels other than le, quantile (and a stateset's state), independent of their order. */
    private long groupKey(MetricType t) {
        long key = 0;
        for (int i = 0; i < labelCount; i++) {
            int ns = labelSpans[4 * i];
            int ne = labelSpans[4 * i + 1];
            if ((t == MetricType.HISTOGRAM || t == MetricType.GAUGEHISTOGRAM) && equalsAscii(ns, ne, "le")) {
                continue;
            }
            if (t == MetricType.SUMMARY && equalsAscii(ns, ne, "quantile")) {
                continue;
            }
            if (t == MetricType.STATESET && equalsAscii(ns, ne, family)) {
                continue;
            }
            long h = 0xcbf29ce484222325L;
            for (int j = ns; j < ne; j++) {
                h = (h ^ buf[j]) * 0x100000001b3L;
            }
            h = (h ^ 0xff) * 0x100000001b3L;
            for (int j = labelSpans[4 * i + 2]; j < labelSpans[4 * i + 3]; j++) {
                h = (h ^ buf[j]) * 0x100000001b3L;
            }
            h ^= h >>> 29;
            key += h * 0x9e3779b97f4a7c15L;
        }
        return key;
    }

    private int labelIndex(String labelName) {
        for (int i = 0; i < labelCount; i++) {
            if (equalsAscii(labelSpans[4 * i], labelSpans[4 * i + 1], labelName)) {
                return i;
            }
        }
        return -1;
    }

    // ---- tokens ----

    /** An OpenMetrics number: realnumber, [sign] inf/infinity or nan (case-insensitive). */
    private boolean parseNumber(int from, int to, boolean allowSpecial) {
        if (from >= to) {
            return false;
        }
        if (DecimalParser.isRealNumber(buf, from, to)) {
            num = DecimalParser.parseReal(buf, from, to);
            return true;
        }
        if (!allowSpecial) {
            return false;
        }
        int p = from;
        boolean negative = false;
        if (buf[p] == '+' || buf[p] == '-') {
            negative = buf[p] == '-';
            p++;
        }
        if (DecimalParser.equalsIgnoreCase(buf, p, to, "inf") || DecimalParser.equalsIgnoreCase(buf, p, to, "infinity")) {
            num = negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            return true;
        }
        if (p == from && DecimalParser.equalsIgnoreCase(buf, p, to, "nan")) {
            num = Double.NaN;
            return true;
        }
        return false;
    }

    private int metricNameEnd(int p, int stop) {
        int s = p;
        while (p < stop && isNameChar(buf[p], p == s)) {
            p++;
        }
        return p;
    }

    private int tokenEnd(int p, int stop) {
        while (p < stop && buf[p] != ' ') {
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

    private boolean startsWith(int from, int to, String s) {
        if (to - from < s.length()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (buf[from + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private boolean equalsAscii(int from, int to, String s) {
        return to - from == s.length() && startsWith(from, to, s);
    }

    private int runes(int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            if ((buf[i] & 0xc0) != 0x80) {
                n++;
            }
        }
        return n;
    }

    @Override
    String labelValue(int from, int to) {
        return unescape(from, to);
    }

    /** Label values and HELP text: {@code \\}, {@code \n} and {@code \"} unescaped; other backslashes kept. */
    private String unescape(int from, int to) {
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
                byte e = buf[p + 1];
                if (e == 'n') {
                    out[n++] = '\n';
                    p++;
                    continue;
                }
                if (e == '\\' || e == '"') {
                    out[n++] = e;
                    p++;
                    continue;
                }
            }
            out[n++] = b;
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    private ExpositionParseException errorAt(int line, String message) {
        return new ExpositionParseException(line, message);
    }

    // ---- accessors ----

    /** Milliseconds: OpenMetrics timestamps are seconds, truncated to the millisecond as Prometheus does. */
    @Override
    public long timestamp() {
        return (long) (timestampSeconds * 1000);
    }

    @Override
    public String text() {
        return text;
    }

    @Override
    public boolean hasExemplar() {
        return hasExemplar;
    }

    @Override
    public void exemplarLabels(Labels.Builder into) {
        for (int i = 0; i < exemplarLabelCount; i++) {
            into.set(strings.get(buf, exemplarSpans[4 * i], exemplarSpans[4 * i + 1]),
                    unescape(exemplarSpans[4 * i + 2], exemplarSpans[4 * i + 3]));
        }
    }

    @Override
    public double exemplarValue() {
        return exemplarValue;
    }

    @Override
    public boolean exemplarHasTimestamp() {
        return exemplarHasTs;
    }

    @Override
    public long exemplarTimestamp() {
        return exemplarTs;
    }
}
