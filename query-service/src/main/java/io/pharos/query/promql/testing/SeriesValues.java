package io.pharos.query.promql.testing;

import io.pharos.model.sample.StaleMarker;
import io.pharos.query.promql.parser.Durations;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The expanding value notation of PromQL test scripts and of {@code promtool test rules}
 * input series: {@code 1 2 3}, {@code 0+10x5}, {@code 1-2x4}, {@code 5x3}, {@code _},
 * {@code _x3}, {@code stale}, {@code Inf}, {@code NaN} and durations (in seconds). An empty slot
 * is {@code null}; {@code stale} is the staleness marker. Native histograms ({@code {{...}}}) are
 * not parsed.
 */
public final class SeriesValues {
    private SeriesValues() {
    }

    /** The slots the text spells out, one per interval; throws IllegalArgumentException on bad notation. */
    public static List<Double> parse(String text) {
        List<Double> out = new ArrayList<>();
        for (String item : text.trim().split("[\t ]+")) {
            if (!item.isEmpty()) {
                parseItem(item, out);
            }
        }
        return out;
    }

    private static void parseItem(String item, List<Double> out) {
        if (item.equals("_")) {
            out.add(null);
            return;
        }
        if (item.startsWith("_x")) {
            long n = Long.parseLong(item.substring(2));
            for (long i = 0; i < n; i++) {
                out.add(null);
            }
            return;
        }
        if (item.equals("stale")) {
            out.add(StaleMarker.VALUE);
            return;
        }
        Scanner s = new Scanner(item);
        double first = s.signedNumber();
        if (s.atEnd()) {
            out.add(first);
            return;
        }
        double delta = 0;
        char c = s.peek();
        if (c == '+' || c == '-') {
            delta = s.signedNumber();
        }
        if (s.atEnd() || s.peek() != 'x') {
            throw new IllegalArgumentException("bad series value: " + item);
        }
        s.pos++;
        long n = Long.parseLong(item.substring(s.pos));
        double v = first;
        for (long i = 0; i <= n; i++) {
            out.add(v);
            v += delta;
        }
    }

    /** Go's {@code strconv.ParseInt(s, 0, 64)}, else {@code ParseFloat}: an expected scalar line, or null. */
    public static Double parseNumber(String line) {
        String s = line.trim();
        if (s.isEmpty()) {
            return null;
        }
        boolean negative = s.startsWith("-");
        String body = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
        String lower = body.toLowerCase(Locale.ROOT);
        int radix = 10;
        String digits = body;
        if (lower.startsWith("0x")) {
            radix = 16;
            digits = body.substring(2).replace("_", "");
        } else if (lower.startsWith("0o")) {
            radix = 8;
            digits = body.substring(2).replace("_", "");
        } else if (lower.startsWith("0b")) {
            radix = 2;
            digits = body.substring(2).replace("_", "");
        } else if (body.length() > 1 && body.startsWith("0")) {
            radix = 8;
            digits = body.substring(1).replace("_", "");
        }
        try {
            final int r = radix;
            if (!digits.isEmpty() && digits.chars().allMatch(c -> Character.digit(c, r) >= 0)) {
                long v = Long.parseLong(digits, radix);
                return (double) (negative ? -v : v);
            }
        } catch (NumberFormatException e) {
            // too large for an int64: try as a float
        }
        if (lower.equals("inf") || lower.equals("infinity")) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (lower.equals("nan") && !s.startsWith("+") && !s.startsWith("-")) {
            return Double.NaN;
        }
        if (lower.matches("([0-9]+\\.?[0-9]*|\\.[0-9]+)(e[+-]?[0-9]+)?") || lower.matches("0x[0-9a-f]*\\.?[0-9a-f]*p[+-]?[0-9]+")) {
            return Double.parseDouble(s);
        }
        return null;
    }

    /** Reads numbers as Prometheus's series lexer does. */
    private static final class Scanner {
        final String s;
        int pos;

        Scanner(String s) {
            this.s = s;
        }

        boolean atEnd() {
            return pos >= s.length();
        }

        char peek() {
            return s.charAt(pos);
        }

        double signedNumber() {
            boolean negative = false;
            if (!atEnd() && (peek() == '+' || peek() == '-')) {
                negative = peek() == '-';
                pos++;
            }
            double v = number();
            return negative ? -v : v;
        }

        private double number() {
            String rest = s.substring(pos).toLowerCase(Locale.ROOT);
            if (rest.startsWith("inf")) {
                pos += rest.startsWith("infinity") ? 8 : 3;
                return Double.POSITIVE_INFINITY;
            }
            if (rest.startsWith("nan")) {
                pos += 3;
                return Double.NaN;
            }
            int start = pos;
            while (!atEnd() && Character.isDigit(peek())) {
                pos++;
            }
            // A duration: digits followed by a unit, possibly chained (1m30s).
            if (!atEnd() && "smhdwy".indexOf(Character.toLowerCase(peek())) >= 0 && pos > start) {
                int end = pos;
                while (end < s.length() && (Character.isLetterOrDigit(s.charAt(end))) && s.charAt(end) != 'x') {
                    end++;
                }
                long millis = Durations.parse(s.substring(start, end));
                pos = end;
                return millis / 1000.0;
            }
            if (!atEnd() && peek() == '.') {
                pos++;
                while (!atEnd() && Character.isDigit(peek())) {
                    pos++;
                }
            }
            if (!atEnd() && (peek() == 'e' || peek() == 'E')) {
                int save = pos;
                pos++;
                if (!atEnd() && (peek() == '+' || peek() == '-')) {
                    pos++;
                }
                int digits = pos;
                while (!atEnd() && Character.isDigit(peek())) {
                    pos++;
                }
                if (pos == digits) {
                    pos = save;
                }
            }
            if (pos == start) {
                throw new IllegalArgumentException("bad number in series value: " + s);
            }
            return Double.parseDouble(s.substring(start, pos));
        }
    }
}
