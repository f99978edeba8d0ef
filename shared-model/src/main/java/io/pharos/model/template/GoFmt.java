package io.pharos.model.template;


import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Go's {@code fmt.Sprintf} for the verbs templates use ({@code %v %s %q %d %f %e %g %x %o %b %t
 * %c %T %%}, with flags, width and precision), and {@code strconv.FormatFloat}'s number forms,
 * so that {@code printf "%.2f"} and {@code humanize}-style output match Alertmanager's.
 */
public final class GoFmt {
    private GoFmt() {
    }

    public static String sprintf(String format, List<Object> args) {
        StringBuilder out = new StringBuilder();
        int argi = 0;
        int i = 0;
        while (i < format.length()) {
            char c = format.charAt(i);
            if (c != '%') {
                out.append(c);
                i++;
                continue;
            }
            i++;
            if (i >= format.length()) {
                out.append("%!(NOVERB)");
                break;
            }
            Spec spec = new Spec();
            // flags
            flags:
            while (i < format.length()) {
                switch (format.charAt(i)) {
                    case '-' -> spec.minus = true;
                    case '+' -> spec.plus = true;
                    case '#' -> spec.sharp = true;
                    case ' ' -> spec.space = true;
                    case '0' -> spec.zero = true;
                    default -> {
                        break flags;
                    }
                }
                i++;
            }
            // width
            if (i < format.length() && format.charAt(i) == '*') {
                i++;
                if (argi < args.size() && args.get(argi) instanceof Long w) {
                    spec.width = (int) Math.abs(w);
                    spec.minus |= w < 0;
                } else {
                    out.append("%!(BADWIDTH)");
                }
                argi++;
            } else {
                int start = i;
                while (i < format.length() && Character.isDigit(format.charAt(i))) {
                    i++;
                }
                if (i > start) {
                    spec.width = Integer.parseInt(format.substring(start, i));
                }
            }
            // precision
            if (i < format.length() && format.charAt(i) == '.') {
                i++;
                if (i < format.length() && format.charAt(i) == '*') {
                    i++;
                    if (argi < args.size() && args.get(argi) instanceof Long p && p >= 0) {
                        spec.prec = (int) (long) p;
                    } else {
                        out.append("%!(BADPREC)");
                    }
                    argi++;
                } else {
                    int start = i;
                    while (i < format.length() && Character.isDigit(format.charAt(i))) {
                        i++;
                    }
                    spec.prec = i > start ? Integer.parseInt(format.substring(start, i)) : 0;
                }
            }
            if (i >= format.length()) {
                out.append("%!(NOVERB)");
                break;
            }
            char verb = format.charAt(i++);
            if (verb == '%') {
                out.append('%');
                continue;
            }
            if (argi >= args.size()) {
                out.append("%!").append(verb).append("(MISSING)");
                continue;
            }
            out.append(formatOne(verb, spec, args.get(argi++)));
        }
        if (argi < args.size()) {
            out.append("%!(EXTRA ");
            for (int k = argi; k < args.size(); k++) {
                if (k > argi) {
                    out.append(", ");
                }
                Object a = args.get(k);
                out.append(Values.typeName(a)).append('=').append(Values.format(a));
            }
            out.append(')');
        }
        return out.toString();
    }

    private static final class Spec {
        boolean minus;
        boolean plus;
        boolean sharp;
        boolean space;
        boolean zero;
        int width = -1;
        int prec = -1;
    }

    private static String formatOne(char verb, Spec s, Object arg) {
        if (verb == 'T') {
            return pad(Values.typeName(arg), s, false);
        }
        if (arg == null) {
            return verb == 'v' ? pad("<nil>", s, false) : bad(verb, arg);
        }
        if (arg instanceof Boolean b) {
            return verb == 't' || verb == 'v' ? pad(b.toString(), s, false) : bad(verb, arg);
        }
        if (arg instanceof Long l) {
            return integer(verb, s, l);
        }
        if (arg instanceof Double d) {
            return floating(verb, s, d);
        }
        if (arg instanceof String || arg instanceof SafeHtml) {
            return string(verb, s, arg.toString(), arg);
        }
        if (arg instanceof KV || arg instanceof Pairs || arg instanceof GoTime || arg instanceof GoDuration) {
            // Stringers
            return verb == 'v' || verb == 's' || verb == 'q' ? string(verb, s, arg.toString(), arg) : bad(verb, arg);
        }
        if (arg instanceof List<?> list && (verb != 'v' && verb != 's' || !list.isEmpty())) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    sb.append(' ');
                }
                sb.append(formatOne(verb, s, list.get(i)));
            }
            return sb.append(']').toString();
        }
        if (verb == 'v' || verb == 's') {
            return pad(Values.format(arg), s, false);
        }
        return bad(verb, arg);
    }

    private static String bad(char verb, Object arg) {
        return "%!" + verb + "(" + Values.typeName(arg) + "=" + Values.format(arg) + ")";
    }

    private static String string(char verb, Spec s, String v, Object arg) {
        switch (verb) {
            case 'v':
            case 's': {
                String t = s.prec >= 0 ? truncateRunes(v, s.prec) : v;
                return pad(t, s, false);
            }
            case 'q': {
                String t = s.prec >= 0 ? truncateRunes(v, s.prec) : v;
                return pad(s.sharp && !t.contains("`") ? "`" + t + "`" : GoFmt.quote(t), s, false);
            }
            case 'x':
            case 'X': {
                StringBuilder sb = new StringBuilder();
                byte[] bytes = v.getBytes(StandardCharsets.UTF_8);
                int n = s.prec >= 0 ? Math.min(s.prec, bytes.length) : bytes.length;
                for (int i = 0; i < n; i++) {
                    if (i > 0 && s.space) {
                        sb.append(' ');
                    }
                    sb.append(String.format(verb == 'x' ? "%02x" : "%02X", bytes[i] & 0xff));
                }
                return pad(sb.toString(), s, false);
            }
            default:
                return bad(verb, arg);
        }
    }

    private static String truncateRunes(String v, int n) {
        int count = v.codePointCount(0, v.length());
        return count <= n ? v : v.substring(0, v.offsetByCodePoints(0, n));
    }

    private static String integer(char verb, Spec s, long v) {
        String digits;
        String prefix = "";
        switch (verb) {
            case 'd':
            case 'v':
                digits = Long.toString(Math.abs(v));
                if (v == Long.MIN_VALUE) {
                    digits = "9223372036854775808";
                }
                break;
            case 'x':
                digits = Long.toHexString(Math.abs(v));
                prefix = s.sharp ? "0x" : "";
                break;
            case 'X':
                digits = Long.toHexString(Math.abs(v)).toUpperCase(java.util.Locale.ROOT);
                prefix = s.sharp ? "0X" : "";
                break;
            case 'o':
                digits = Long.toOctalString(Math.abs(v));
                prefix = s.sharp ? "0" : "";
                break;
            case 'O':
                digits = Long.toOctalString(Math.abs(v));
                prefix = "0o";
                break;
            case 'b':
                digits = Long.toBinaryString(Math.abs(v));
                break;
            case 'c':
                return pad(new String(Character.toChars((int) v)), s, false);
            case 'q':
                return pad("'" + new String(Character.toChars((int) v)) + "'", s, false);
            case 'U':
                return pad(String.format("U+%04X", v), s, false);
            case 'e':
            case 'E':
            case 'f':
            case 'F':
            case 'g':
            case 'G':
                return bad(verb, v);
            default:
                return bad(verb, v);
        }
        if (s.prec >= 0) {
            while (digits.length() < s.prec) {
                digits = "0" + digits;
            }
            if (s.prec == 0 && v == 0) {
                digits = "";
            }
        }
        String sign = v < 0 ? "-" : s.plus ? "+" : s.space ? " " : "";
        return padNumber(sign + prefix, digits, s);
    }

    private static String floating(char verb, Spec s, double v) {
        String body;
        switch (verb) {
            case 'v':
                body = formatFloat(Math.abs(v), 'g', s.prec);
                break;
            case 'f':
            case 'F':
                body = formatFloat(Math.abs(v), 'f', s.prec < 0 ? 6 : s.prec);
                break;
            case 'e':
            case 'E':
                body = formatFloat(Math.abs(v), 'e', s.prec < 0 ? 6 : s.prec);
                break;
            case 'g':
            case 'G':
                body = formatFloat(Math.abs(v), 'g', s.prec);
                break;
            default:
                return bad(verb, v);
        }
        if (verb == 'E' || verb == 'G') {
            body = body.toUpperCase(java.util.Locale.ROOT);
        }
        if (Double.isNaN(v)) {
            return pad("NaN", s, false);
        }
        boolean neg = v < 0 || (v == 0 && 1 / v < 0);
        String sign = neg ? "-" : s.plus ? "+" : s.space ? " " : "";
        if (Double.isInfinite(v)) {
            return pad((neg ? "-" : s.plus || verb == 'v' ? "+" : "") + "Inf", s, false);
        }
        return padNumber(sign, body, s);
    }

    private static String padNumber(String sign, String digits, Spec s) {
        int len = sign.length() + digits.length();
        if (s.width > len && s.zero && !s.minus) {
            return sign + "0".repeat(s.width - len) + digits;
        }
        return pad(sign + digits, s, true);
    }

    private static String pad(String v, Spec s, boolean number) {
        int n = v.codePointCount(0, v.length());
        if (s.width <= n) {
            return v;
        }
        String fill = (s.zero && !s.minus && !number ? "0" : " ").repeat(s.width - n);
        return s.minus ? v + fill : fill + v;
    }

    // ---- strconv.FormatFloat -----------------------------------------------------------------

    /**
     * Go's {@code strconv.FormatFloat(v, fmt, prec, 64)} for {@code 'e'}, {@code 'f'} and
     * {@code 'g'}; {@code prec} -1 means the shortest representation that reads back exactly.
     */
    static String formatFloat(double v, char fmt, int prec) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        boolean neg = v < 0 || (v == 0 && 1 / v < 0);
        double a = Math.abs(v);
        boolean shortest = prec < 0;
        Digits d;
        if (shortest) {
            d = Digits.shortest(a);
        } else {
            d = switch (fmt) {
                case 'e' -> Digits.rounded(a, prec + 1);
                case 'f' -> Digits.fixed(a, prec);
                default -> Digits.rounded(a, prec == 0 ? 1 : prec);
            };
        }
        String body;
        switch (fmt) {
            case 'e':
                body = fmtE(d, shortest ? d.nd() - 1 : prec);
                break;
            case 'f':
                body = fmtF(d, shortest ? Math.max(d.nd() - d.dp, 0) : prec);
                break;
            default: {
                int p = shortest ? d.nd() : (prec == 0 ? 1 : prec);
                int eprec = p;
                if (eprec > d.nd() && d.nd() >= d.dp) {
                    eprec = d.nd();
                }
                if (shortest) {
                    eprec = 6;
                }
                int exp = d.dp - 1; // zero has no digits: exp -1, printed as %f, as in strconv
                if (exp < -4 || exp >= eprec) {
                    if (p > d.nd()) {
                        p = d.nd();
                    }
                    body = fmtE(d, p - 1);
                } else {
                    if (p > d.dp) {
                        p = d.nd();
                    }
                    body = fmtF(d, Math.max(p - d.dp, 0));
                }
            }
        }
        return neg ? "-" + body : body;
    }

    /** Decimal digits (no trailing zeros) and the position of the decimal point, as strconv's decimal. */
    private record Digits(String digits, int dp) {
        int nd() {
            return digits.length();
        }

        static Digits of(BigDecimal b) {
            if (b.signum() == 0) {
                return new Digits("", 0);
            }
            BigDecimal s = b.stripTrailingZeros();
            String u = s.unscaledValue().abs().toString();
            return new Digits(u, u.length() - s.scale());
        }

        static Digits shortest(double v) {
            return v == 0 ? new Digits("", 0) : of(new BigDecimal(Double.toString(v)));
        }

        static Digits rounded(double v, int significant) {
            return v == 0 ? new Digits("", 0) : of(new BigDecimal(v).round(new MathContext(significant, RoundingMode.HALF_EVEN)));
        }

        static Digits fixed(double v, int decimals) {
            return of(new BigDecimal(v).setScale(decimals, RoundingMode.HALF_EVEN));
        }

        char at(int i) {
            return i >= 0 && i < digits.length() ? digits.charAt(i) : '0';
        }
    }

    private static String fmtE(Digits d, int prec) {
        StringBuilder sb = new StringBuilder();
        sb.append(d.nd() == 0 ? '0' : d.at(0));
        if (prec > 0) {
            sb.append('.');
            for (int i = 1; i <= prec; i++) {
                sb.append(d.at(i));
            }
        }
        int exp = d.nd() == 0 ? 0 : d.dp - 1;
        sb.append('e').append(exp < 0 ? '-' : '+');
        int e = Math.abs(exp);
        if (e < 10) {
            sb.append('0');
        }
        return sb.append(e).toString();
    }

    private static String fmtF(Digits d, int prec) {
        StringBuilder sb = new StringBuilder();
        if (d.dp > 0) {
            for (int i = 0; i < d.dp; i++) {
                sb.append(d.at(i));
            }
        } else {
            sb.append('0');
        }
        if (prec > 0) {
            sb.append('.');
            for (int i = 0; i < prec; i++) {
                sb.append(d.at(d.dp + i));
            }
        }
        return sb.toString();
    }

    /** A Go double-quoted string literal, as {@code strconv.Quote} writes it. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case 0x07 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 0x0b -> sb.append("\\v");
                default -> {
                    if (cp < 0x20 || cp == 0x7f) {
                        sb.append(String.format("\\x%02x", cp));
                    } else if (cp >= 0x80 && !printable(cp)) {
                        sb.append(cp > 0xffff ? String.format("\\U%08x", cp) : String.format("\\u%04x", cp));
                    } else {
                        sb.appendCodePoint(cp);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    private static boolean printable(int cp) {
        int type = Character.getType(cp);
        return !(Character.isISOControl(cp) || type == Character.UNASSIGNED || type == Character.SURROGATE
                || type == Character.PRIVATE_USE || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || (type == Character.SPACE_SEPARATOR && cp != ' '));
    }
}
