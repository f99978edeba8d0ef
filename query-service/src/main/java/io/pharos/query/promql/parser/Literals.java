package io.pharos.query.promql.parser;

import io.pharos.query.promql.ast.PromqlText;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Number and string literals read the way Prometheus reads them (Go's {@code strconv}): integers
 * with base prefixes ({@code 0x1f}, octal {@code 0755}) and {@code _} separators, floats,
 * {@code Inf} and {@code NaN}; strings with Go escapes.
 */
final class Literals {

    private Literals() {
    }

    /**
     * The value of a number token: an integer if it reads as one (as {@code strconv.ParseInt(s, 0, 64)}),
     * else a float.
     *
     * @throws IllegalArgumentException with Go's message when it is neither
     */
    static double parseNumber(String text) {
        Long asInt = parseInt(text);
        if (asInt != null) {
            return asInt;
        }
        return parseFloat(text);
    }

    private static Long parseInt(String s) {
        if (s.isEmpty()) {
            return null;
        }
        int radix = 10;
        String digits = s;
        if (s.length() > 1 && s.charAt(0) == '0') {
            char p = Character.toLowerCase(s.charAt(1));
            if (p == 'x') {
                radix = 16;
                digits = s.substring(2);
            } else if (p == 'b') {
                radix = 2;
                digits = s.substring(2);
            } else if (p == 'o') {
                radix = 8;
                digits = s.substring(2);
            } else {
                radix = 8;
                digits = s.substring(1);
            }
        }
        if (s.indexOf('_') >= 0) {
            if (!underscoreOk(s)) {
                return null;
            }
            digits = digits.replace("_", "");
        }
        if (digits.isEmpty()) {
            return null;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (Character.digit(digits.charAt(i), radix) < 0) {
                return null;
            }
        }
        BigInteger v = new BigInteger(digits, radix);
        if (v.bitLength() > 63) {
            return null;
        }
        return v.longValue();
    }

    private static double parseFloat(String s) {
        String lower = s.toLowerCase(Locale.ROOT);
        String unsigned = lower.startsWith("+") || lower.startsWith("-") ? lower.substring(1) : lower;
        boolean negative = lower.startsWith("-");
        if (unsigned.equals("inf") || unsigned.equals("infinity")) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (unsigned.equals("nan")) {
            return Double.NaN;
        }
        if (!isDecimalFloat(unsigned) || (s.indexOf('_') >= 0 && !underscoreOk(s))) {
            throw new IllegalArgumentException("strconv.ParseFloat: parsing " + PromqlText.quote(s) + ": invalid syntax");
        }
        double v = Double.parseDouble(unsigned.replace("_", ""));
        if (Double.isInfinite(v)) {
            throw new IllegalArgumentException("strconv.ParseFloat: parsing " + PromqlText.quote(s) + ": value out of range");
        }
        return negative ? -v : v;
    }

    /** digits [. digits] [e [+-] digits], at least one mantissa digit; underscores checked separately. */
    private static boolean isDecimalFloat(String s) {
        int i = 0;
        int mantissaDigits = 0;
        while (i < s.length() && (isDigit(s.charAt(i)) || s.charAt(i) == '_')) {
            mantissaDigits += isDigit(s.charAt(i)) ? 1 : 0;
            i++;
        }
        if (i < s.length() && s.charAt(i) == '.') {
            i++;
            while (i < s.length() && (isDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                mantissaDigits += isDigit(s.charAt(i)) ? 1 : 0;
                i++;
            }
        }
        if (mantissaDigits == 0) {
            return false;
        }
        if (i < s.length() && s.charAt(i) == 'e') {
            i++;
            if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int expDigits = 0;
            while (i < s.length() && (isDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                expDigits += isDigit(s.charAt(i)) ? 1 : 0;
                i++;
            }
            if (expDigits == 0) {
                return false;
            }
        }
        return i == s.length();
    }

    /**
     * Go's rule for {@code _} in number literals: only between digits, or between a base prefix
     * and a digit.
     */
    private static boolean underscoreOk(String s) {
        char saw = '^';
        int i = 0;
        if (s.length() >= 1 && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            s = s.substring(1);
        }
        boolean hex = false;
        if (s.length() >= 2 && s.charAt(0) == '0') {
            char p = Character.toLowerCase(s.charAt(1));
            if (p == 'x' || p == 'b' || p == 'o') {
                i = 2;
                saw = '0';
                hex = p == 'x';
            }
        }
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isDigit(c) || (hex && Character.digit(c, 16) >= 0)) {
                saw = '0';
                continue;
            }
            if (c == '_') {
                if (saw != '0') {
                    return false;
                }
                saw = '_';
                continue;
            }
            if (saw == '_') {
                return false;
            }
            saw = '!';
        }
        return saw != '_';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * The value of a string token as written, quotes included: {@code "..."} and {@code '...'} with
     * Go escapes, {@code `...`} raw. The lexer has already checked the escapes. Bytes that do not
     * form valid UTF-8 ({@code "\xff"}) become the lone surrogate {@code U+DC00 + byte}.
     */
    static String unquote(String raw) {
        char quote = raw.charAt(0);
        String body = raw.substring(1, raw.length() - 1);
        if (quote == '`' || body.indexOf('\\') < 0) {
            return body;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length() + 8);
        int i = 0;
        while (i < body.length()) {
            int cp = body.codePointAt(i);
            if (cp != '\\') {
                writeUtf8(out, cp);
                i += Character.charCount(cp);
                continue;
            }
            char e = body.charAt(i + 1);
            i += 2;
            switch (e) {
                case 'a' -> out.write(0x07);
                case 'b' -> out.write('\b');
                case 'f' -> out.write('\f');
                case 'n' -> out.write('\n');
                case 'r' -> out.write('\r');
                case 't' -> out.write('\t');
                case 'v' -> out.write(0x0b);
                case 'x' -> {
                    out.write(Integer.parseInt(body.substring(i, i + 2), 16));
                    i += 2;
                }
                case 'u' -> {
                    writeUtf8(out, Integer.parseInt(body.substring(i, i + 4), 16));
                    i += 4;
                }
                case 'U' -> {
                    writeUtf8(out, Integer.parseInt(body.substring(i, i + 8), 16));
                    i += 8;
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        out.write(Integer.parseInt(body.substring(i - 1, i + 2), 8));
                        i += 2;
                    } else {
                        out.write(e); // \\, \' or \"
                    }
                }
            }
        }
        return decodeUtf8KeepingBadBytes(out.toByteArray());
    }

    private static void writeUtf8(ByteArrayOutputStream out, int cp) {
        byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
    }

    /** UTF-8 decoding that keeps each byte of an invalid sequence as {@code U+DC00 + byte}. */
    static String decodeUtf8KeepingBadBytes(byte[] bytes) {
        StringBuilder b = new StringBuilder(bytes.length);
        int i = 0;
        while (i < bytes.length) {
            int c = bytes[i] & 0xff;
            int len;
            int cp;
            if (c < 0x80) {
                b.append((char) c);
                i++;
                continue;
            } else if (c >= 0xc2 && c <= 0xdf) {
                len = 2;
                cp = c & 0x1f;
            } else if (c >= 0xe0 && c <= 0xef) {
                len = 3;
                cp = c & 0x0f;
            } else if (c >= 0xf0 && c <= 0xf4) {
                len = 4;
                cp = c & 0x07;
            } else {
                b.append((char) (0xDC00 + c));
                i++;
                continue;
            }
            boolean ok = i + len <= bytes.length;
            for (int k = 1; ok && k < len; k++) {
                int cc = bytes[i + k] & 0xff;
                if ((cc & 0xc0) != 0x80) {
                    ok = false;
                } else {
                    cp = (cp << 6) | (cc & 0x3f);
                }
            }
            boolean overlongOrBad = !ok || (len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))
                    || (cp >= 0xD800 && cp <= 0xDFFF);
            if (overlongOrBad) {
                b.append((char) (0xDC00 + c));
                i++;
                continue;
            }
            b.appendCodePoint(cp);
            i += len;
        }
        return b.toString();
    }
}
