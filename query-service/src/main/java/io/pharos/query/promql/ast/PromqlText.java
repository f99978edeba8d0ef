package io.pharos.query.promql.ast;

import io.pharos.model.labels.Matcher;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Text forms shared by the printer and the parser's messages, written to give the same characters
 * as Prometheus (which uses Go's {@code strconv}): string quoting, float formatting, label names.
 *
 * <p>Strings may carry bytes that are not valid UTF-8 (PromQL's {@code "\xff"} escapes). The
 * parser keeps each such byte as the lone surrogate {@code U+DC00 + byte}; {@link #quote} prints
 * it back as {@code \xff}, and {@link #isValidUtf8} reports such strings as invalid.
 */
public final class PromqlText {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private PromqlText() {
    }

    /** A string in double quotes with Go escapes, as Go's {@code strconv.Quote} writes it. */
    public static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        appendQuoted(b, s, '"');
        return b.append('"').toString();
    }

    /** A code point in single quotes, as Go's {@code strconv.QuoteRune} (and {@code %q} of a rune) writes it. */
    public static String quoteRune(int cp) {
        StringBuilder b = new StringBuilder("'");
        appendQuotedCodePoint(b, cp, '\'');
        return b.append('\'').toString();
    }

    /** Go's {@code %#U}: {@code U+0063 'c'}, or just {@code U+000A} for a non-printable code point. */
    public static String unicodeName(int cp) {
        String hex = Integer.toHexString(cp).toUpperCase(java.util.Locale.ROOT);
        StringBuilder b = new StringBuilder("U+");
        for (int i = hex.length(); i < 4; i++) {
            b.append('0');
        }
        b.append(hex);
        if (isPrint(cp)) {
            b.append(" '").appendCodePoint(cp).append('\'');
        }
        return b.toString();
    }

    private static void appendQuoted(StringBuilder b, String s, char quote) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            appendQuotedCodePoint(b, cp, quote);
        }
    }

    private static void appendQuotedCodePoint(StringBuilder b, int cp, char quote) {
        if (cp >= 0xDC80 && cp <= 0xDCFF) {
            // A raw byte that is not part of valid UTF-8.
            b.append("\\x").append(HEX[(cp >> 4) & 0xf]).append(HEX[cp & 0xf]);
            return;
        }
        if (cp >= 0xD800 && cp <= 0xDFFF) {
            cp = 0xFFFD;
        }
        if (cp == quote || cp == '\\') {
            b.append('\\').append((char) cp);
            return;
        }
        if (isPrint(cp)) {
            b.appendCodePoint(cp);
            return;
        }
        switch (cp) {
            case 0x07 -> b.append("\\a");
            case '\b' -> b.append("\\b");
            case '\f' -> b.append("\\f");
            case '\n' -> b.append("\\n");
            case '\r' -> b.append("\\r");
            case '\t' -> b.append("\\t");
            case 0x0b -> b.append("\\v");
            default -> {
                if (cp < ' ' || cp == 0x7f) {
                    b.append("\\x").append(HEX[(cp >> 4) & 0xf]).append(HEX[cp & 0xf]);
                } else if (cp < 0x10000) {
                    b.append("\\u");
                    for (int shift = 12; shift >= 0; shift -= 4) {
                        b.append(HEX[(cp >> shift) & 0xf]);
                    }
                } else {
                    b.append("\\U");
                    for (int shift = 28; shift >= 0; shift -= 4) {
                        b.append(HEX[(cp >> shift) & 0xf]);
                    }
                }
            }
        }
    }

    /** Go's {@code unicode.IsPrint}: letters, marks, numbers, punctuation, symbols and the ASCII space. */
    public static boolean isPrint(int cp) {
        if (cp == ' ') {
            return true;
        }
        if (cp < 0 || cp > Character.MAX_CODE_POINT) {
            return false;
        }
        return switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.NON_SPACING_MARK,
                    Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK, Character.DECIMAL_DIGIT_NUMBER,
                    Character.LETTER_NUMBER, Character.OTHER_NUMBER, Character.CONNECTOR_PUNCTUATION,
                    Character.DASH_PUNCTUATION, Character.START_PUNCTUATION, Character.END_PUNCTUATION,
                    Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL,
                    Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> true;
            default -> false;
        };
    }

    /** Whether the string is valid UTF-8 text: no raw bytes from escapes, no lone surrogates. */
    public static boolean isValidUtf8(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** A label or metric name in the classic charset, {@code [a-zA-Z_][a-zA-Z0-9_]*}, needing no quotes. */
    public static boolean isLegacyName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** A label name as grouping clauses print it: bare when legacy, quoted otherwise. */
    public static String labelName(String name) {
        return isLegacyName(name) ? name : quote(name);
    }

    /** A matcher as Prometheus prints it: {@code name="value"}, the name quoted when it is not legacy. */
    public static String matcher(Matcher m) {
        return labelName(m.name()) + m.type().symbol() + quote(m.value());
    }

    /**
     * A float as Go's {@code strconv.FormatFloat(v, 'f', -1, 64)} writes it (the shortest digits that
     * read back to the same value, never an exponent), with {@code +Inf}, {@code -Inf}, {@code NaN}.
     */
    public static String formatFloat(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return (Double.doubleToRawLongBits(v) < 0) ? "-0" : "0";
        }
        if (SHORTEST_TO_STRING) {
            return plain(Double.toString(v));
        }
        return shortest(v).stripTrailingZeros().toPlainString();
    }

    /** A float as Go's {@code %v} writes it: {@code %g} with the shortest digits ({@code 1e+06}, {@code 0.5}). */
    public static String formatFloatG(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return (Double.doubleToRawLongBits(v) < 0) ? "-0" : "0";
        }
        BigDecimal d = shortest(Math.abs(v)).stripTrailingZeros();
        String digits = d.unscaledValue().toString();
        int exp = digits.length() - 1 - d.scale();
        String sign = v < 0 ? "-" : "";
        if (exp < -4 || exp >= 6) {
            StringBuilder b = new StringBuilder(sign).append(digits.charAt(0));
            if (digits.length() > 1) {
                b.append('.').append(digits, 1, digits.length());
            }
            b.append('e').append(exp < 0 ? '-' : '+');
            int ae = Math.abs(exp);
            if (ae < 10) {
                b.append('0');
            }
            return b.append(ae).toString();
        }
        return sign + d.toPlainString();
    }

    /** Java's {@code 1.5E-7} or {@code 120.0} written without exponent and trailing zeros: {@code 0.00000015}, {@code 120}. */
    static String plain(String javaRepr) {
        boolean negative = javaRepr.charAt(0) == '-';
        String r = negative ? javaRepr.substring(1) : javaRepr;
        int e = r.indexOf('E');
        int exponent = e < 0 ? 0 : Integer.parseInt(r.substring(e + 1));
        String mantissa = e < 0 ? r : r.substring(0, e);
        int dot = mantissa.indexOf('.');
        String digits = mantissa.substring(0, dot) + mantissa.substring(dot + 1);
        int point = dot + exponent; // digits before the decimal point
        int start = 0;
        while (start < digits.length() - 1 && digits.charAt(start) == '0' && start < point - 1) {
            start++;
        }
        digits = digits.substring(start);
        point -= start;
        int end = digits.length();
        while (end > Math.max(point, 1) && digits.charAt(end - 1) == '0') {
            end--;
        }
        digits = digits.substring(0, end);
        StringBuilder sb = new StringBuilder(digits.length() + 8);
        if (negative) {
            sb.append('-');
        }
        if (point <= 0) {
            sb.append("0.");
            for (int i = 0; i < -point; i++) {
                sb.append('0');
            }
            sb.append(digits);
        } else if (point >= digits.length()) {
            sb.append(digits);
            for (int i = digits.length(); i < point; i++) {
                sb.append('0');
            }
        } else {
            sb.append(digits, 0, point).append('.').append(digits, point, digits.length());
        }
        return sb.toString();
    }

    /** Whether {@link Double#toString(double)} already gives the shortest digits (JDK 19's algorithm). */
    private static final boolean SHORTEST_TO_STRING = Runtime.version().feature() >= 19;

    /**
     * The shortest decimal that reads back as exactly {@code v}. Java 17's Double.toString
     * round-trips but now and then prints a digit too many, so there digits are dropped while the
     * value still reads back the same; from Java 19 on its output is already the shortest.
     */
    public static BigDecimal shortest(double v) {
        BigDecimal d = new BigDecimal(Double.toString(v));
        if (SHORTEST_TO_STRING) {
            return d;
        }
        for (int digits = d.precision() - 1; digits >= 1; digits--) {
            BigDecimal r = d.round(new MathContext(digits, RoundingMode.HALF_EVEN));
            if (r.doubleValue() != v) {
                break;
            }
            d = r;
        }
        return d;
    }

    /** Go's {@code %f}: six decimals, {@code +Inf}, {@code -Inf}, {@code NaN}. */
    public static String formatFixed6(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        return new BigDecimal(v).setScale(6, RoundingMode.HALF_EVEN).toPlainString();
    }

    private static final long[] UNIT_MILLIS = {365L * 24 * 3600_000, 7L * 24 * 3600_000, 24L * 3600_000, 3600_000, 60_000, 1000, 1};
    private static final String[] UNIT_NAMES = {"y", "w", "d", "h", "m", "s", "ms"};

    /**
     * A duration as Prometheus prints it ({@code model.Duration.String}): units from years down to
     * milliseconds, years and weeks only when they divide the rest exactly ({@code 90d}, not
     * {@code 12w6d}), {@code 0s} for zero, a leading {@code -} when negative.
     */
    public static String formatDuration(long millis) {
        if (millis == 0) {
            return "0s";
        }
        StringBuilder b = new StringBuilder();
        long ms = millis;
        if (ms < 0) {
            b.append('-');
            ms = -ms;
        }
        for (int i = 0; i < UNIT_MILLIS.length; i++) {
            long unit = UNIT_MILLIS[i];
            if (i < 2 && ms % unit != 0) {
                continue;
            }
            long v = ms / unit;
            if (v > 0) {
                b.append(v).append(UNIT_NAMES[i]);
                ms -= v * unit;
            }
        }
        return b.toString();
    }
}
