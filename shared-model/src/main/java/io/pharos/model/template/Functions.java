package io.pharos.model.template;

import java.math.BigDecimal;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The functions templates can call: Go's builtins ({@code len}, {@code index}, {@code printf},
 * {@code eq}, {@code urlquery}, ...) and the ones Prometheus and Alertmanager share
 * ({@code toUpper}, {@code toLower}, {@code title}, {@code safeHtml}, {@code reReplaceAll},
 * {@code match}, {@code humanizeDuration}); each service adds its own with {@link #register}.
 * {@code and} and {@code or} are evaluated lazily by the executor.
 */
public final class Functions {
    /** A function; arguments are evaluated values. */
    @FunctionalInterface
    public interface Fn {
        Object call(List<Object> args) throws TemplateException;
    }

    private final Map<String, Fn> fns = new LinkedHashMap<>();
    /** Go's builtins and the string functions Prometheus and Alertmanager share. */
    public Functions() {
        // Go builtins
        fns.put("and", args -> null); // lazy, see Executor
        fns.put("or", args -> null); // lazy, see Executor
        fns.put("not", args -> !Values.truth(one(args, "not")));
        fns.put("len", args -> length(one(args, "len")));
        fns.put("index", Functions::index);
        fns.put("slice", Functions::slice);
        fns.put("print", args -> sprint(args));
        fns.put("println", Functions::sprintln);
        fns.put("printf", args -> {
            if (args.isEmpty()) {
                throw new TemplateException("wrong number of args for printf: want at least 1 got 0");
            }
            return GoFmt.sprintf(Values.string(args.get(0), "printf"), args.subList(1, args.size()));
        });
        fns.put("html", args -> htmlEscape(argsString(args), false));
        fns.put("js", args -> jsEscape(argsString(args)));
        fns.put("urlquery", args -> URLEncoder.encode(argsString(args), StandardCharsets.UTF_8).replace("*", "%2A")
                .replace("%7E", "~"));
        fns.put("eq", Functions::eq);
        fns.put("ne", args -> !Values.equal(two(args, "ne").get(0), args.get(1)));
        fns.put("lt", args -> Values.compare(two(args, "lt").get(0), args.get(1)) < 0);
        fns.put("le", args -> Values.compare(two(args, "le").get(0), args.get(1)) <= 0);
        fns.put("gt", args -> Values.compare(two(args, "gt").get(0), args.get(1)) > 0);
        fns.put("ge", args -> Values.compare(two(args, "ge").get(0), args.get(1)) >= 0);
        fns.put("call", args -> {
            throw new TemplateException("call of a function value is not supported");
        });
        // shared by Prometheus and Alertmanager
        fns.put("toUpper", args -> str(args, "toUpper").toUpperCase(Locale.ROOT));
        fns.put("toLower", args -> str(args, "toLower").toLowerCase(Locale.ROOT));
        fns.put("title", args -> title(str(args, "title")));
        fns.put("match", args -> {
            two(args, "match");
            return compile(Values.string(args.get(0), "match")).matcher(Values.string(args.get(1), "match")).find();
        });
        fns.put("safeHtml", args -> new SafeHtml(str(args, "safeHtml")));
        fns.put("reReplaceAll", args -> {
            if (args.size() != 3) {
                throw new TemplateException("wrong number of args for reReplaceAll: want 3 got " + args.size());
            }
            return replaceAll(compile(Values.string(args.get(0), "reReplaceAll")), Values.string(args.get(1), "reReplaceAll"),
                    Values.string(args.get(2), "reReplaceAll"));
        });
        fns.put("humanizeDuration", args -> humanizeDuration(one(args, "humanizeDuration")));
    }

    /** Adds or replaces a function; templates parsed afterwards may call it. */
    public Functions register(String name, Fn fn) {
        fns.put(name, fn);
        return this;
    }

    Fn get(String name) {
        return fns.get(name);
    }

    java.util.Set<String> names() {
        return fns.keySet();
    }

    // ---- argument helpers -------------------------------------------------------------------

    public static Object one(List<Object> args, String fn) throws TemplateException {
        if (args.size() != 1) {
            throw new TemplateException("wrong number of args for " + fn + ": want 1 got " + args.size());
        }
        return args.get(0);
    }

    public static List<Object> two(List<Object> args, String fn) throws TemplateException {
        if (args.size() != 2) {
            throw new TemplateException("wrong number of args for " + fn + ": want 2 got " + args.size());
        }
        return args;
    }

    public static void none(List<Object> args, String fn) throws TemplateException {
        if (!args.isEmpty()) {
            throw new TemplateException("wrong number of args for " + fn + ": want 0 got " + args.size());
        }
    }

    public static String str(List<Object> args, String fn) throws TemplateException {
        return Values.string(one(args, fn), fn);
    }

    public static GoTime time(Object v, String fn) throws TemplateException {
        if (v instanceof GoTime t) {
            return t;
        }
        throw new TemplateException("wrong type for value; expected time.Time; got " + Values.typeName(v) + " in " + fn);
    }

    /** The arguments as one string, as {@code html}, {@code js} and {@code urlquery} take them. */
    private static String argsString(List<Object> args) {
        if (args.size() == 1 && args.get(0) instanceof String s) {
            return s;
        }
        return sprint(args);
    }

    // ---- builtins -----------------------------------------------------------------------------

    private static Object length(Object v) throws TemplateException {
        if (v instanceof String s) {
            return (long) s.getBytes(StandardCharsets.UTF_8).length;
        }
        if (v instanceof SafeHtml h) {
            return (long) h.text().getBytes(StandardCharsets.UTF_8).length;
        }
        if (v instanceof Collection<?> c) {
            return (long) c.size();
        }
        if (v instanceof Map<?, ?> m) {
            return (long) m.size();
        }
        if (v instanceof KV kv) {
            return (long) kv.size();
        }
        throw new TemplateException("len of type " + Values.typeName(v));
    }

    private static Object index(List<Object> args) throws TemplateException {
        if (args.isEmpty()) {
            throw new TemplateException("wrong number of args for index: want at least 1 got 0");
        }
        Object item = args.get(0);
        for (Object key : args.subList(1, args.size())) {
            if (item instanceof KV kv) {
                item = kv.get(Values.string(key, "index"));
            } else if (item instanceof Map<?, ?> m) {
                item = m.get(key);
            } else if (item instanceof List<?> l) {
                long i = Values.integer(key, "index");
                if (i < 0 || i >= l.size()) {
                    throw new TemplateException("error calling index: index out of range: " + i);
                }
                item = l.get((int) i);
            } else if (item instanceof String s) {
                long i = Values.integer(key, "index");
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                if (i < 0 || i >= b.length) {
                    throw new TemplateException("error calling index: index out of range: " + i);
                }
                item = (long) (b[(int) i] & 0xff);
            } else if (item == null) {
                throw new TemplateException("error calling index: index of untyped nil");
            } else {
                throw new TemplateException("error calling index: can't index item of type " + Values.typeName(item));
            }
        }
        return item;
    }

    private static Object slice(List<Object> args) throws TemplateException {
        if (args.isEmpty()) {
            throw new TemplateException("wrong number of args for slice: want at least 1 got 0");
        }
        Object item = args.get(0);
        int len;
        if (item instanceof String s) {
            len = s.length();
        } else if (item instanceof List<?> l) {
            len = l.size();
        } else {
            throw new TemplateException("error calling slice: can't slice item of type " + Values.typeName(item));
        }
        int from = args.size() > 1 ? (int) Values.integer(args.get(1), "slice") : 0;
        int to = args.size() > 2 ? (int) Values.integer(args.get(2), "slice") : len;
        if (from < 0 || to < from || to > len) {
            throw new TemplateException("error calling slice: index out of range");
        }
        if (item instanceof String s) {
            return s.substring(from, to);
        }
        return new ArrayList<>(((List<?>) item).subList(from, to));
    }

    private static Object eq(List<Object> args) throws TemplateException {
        if (args.size() < 2) {
            throw new TemplateException("missing argument for comparison");
        }
        for (Object o : args.subList(1, args.size())) {
            if (Values.equal(args.get(0), o)) {
                return true;
            }
        }
        return false;
    }

    /** {@code fmt.Sprint}: spaces between operands when neither is a string. */
    public static String sprint(List<Object> args) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < args.size(); i++) {
            Object a = args.get(i);
            if (i > 0 && !(a instanceof String) && !(args.get(i - 1) instanceof String)) {
                sb.append(' ');
            }
            sb.append(Values.format(a));
        }
        return sb.toString();
    }

    private static Object sprintln(List<Object> args) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < args.size(); i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(Values.format(args.get(i)));
        }
        return sb.append('\n').toString();
    }

    /** {@code html/template}'s escaping of text; {@code plus} also escapes {@code +} (auto-escaping does). */
    public static String htmlEscape(String s, boolean plus) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("&#34;");
                case '\'' -> sb.append("&#39;");
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '\0' -> sb.append('\uFFFD');
                case '+' -> sb.append(plus ? "&#43;" : "+");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String jsEscape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\'' -> sb.append("\\'");
                case '"' -> sb.append("\\\"");
                case '<' -> sb.append("\\u003C");
                case '>' -> sb.append("\\u003E");
                case '&' -> sb.append("\\u0026");
                case '=' -> sb.append("\\u003D");
                default -> {
                    if (c < ' ') {
                        sb.append(String.format("\\u%04X", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    // ---- Alertmanager's -----------------------------------------------------------------------

    /** Title case as Alertmanager's {@code title}: each word's first letter upper case, the rest lower case. */
    public static String title(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        boolean inWord = false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            boolean wordChar = Character.isLetterOrDigit(cp) || cp == '\'' || cp == '’';
            if (wordChar && !inWord) {
                sb.appendCodePoint(Character.toTitleCase(cp));
            } else if (wordChar) {
                sb.appendCodePoint(Character.toLowerCase(cp));
            } else {
                sb.appendCodePoint(cp);
            }
            inWord = wordChar;
        }
        return sb.toString();
    }

    public static Pattern compile(String re) throws TemplateException {
        try {
            return Pattern.compile(re);
        } catch (PatternSyntaxException e) {
            throw new TemplateException("error parsing regexp: " + e.getDescription() + ": `" + re + "`");
        }
    }

    /** Go's {@code Regexp.ReplaceAllString}: {@code $1}, {@code ${1}} and {@code ${name}} expand to groups. */
    public static String replaceAll(Pattern p, String repl, String text) {
        Matcher m = p.matcher(text);
        StringBuilder sb = new StringBuilder();
        int last = 0;
        int prevEnd = -1;
        while (m.find()) {
            if (m.start() == m.end() && m.start() == prevEnd) {
                continue; // an empty match right after a match is ignored, as in Go
            }
            sb.append(text, last, m.start());
            expand(m, repl, sb);
            last = m.end();
            prevEnd = m.end();
        }
        sb.append(text, last, text.length());
        return sb.toString();
    }

    private static void expand(Matcher m, String template, StringBuilder out) {
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c != '$' || i + 1 >= template.length()) {
                out.append(c);
                continue;
            }
            char n = template.charAt(i + 1);
            if (n == '$') {
                out.append('$');
                i++;
                continue;
            }
            String name;
            int end;
            if (n == '{') {
                int close = template.indexOf('}', i + 2);
                if (close < 0) {
                    out.append(c);
                    continue;
                }
                name = template.substring(i + 2, close);
                end = close;
            } else {
                int j = i + 1;
                while (j < template.length() && (Character.isLetterOrDigit(template.charAt(j)) || template.charAt(j) == '_')) {
                    j++;
                }
                if (j == i + 1) {
                    out.append(c);
                    continue;
                }
                name = template.substring(i + 1, j);
                end = j - 1;
            }
            String g = null;
            try {
                if (name.chars().allMatch(Character::isDigit)) {
                    int gi = Integer.parseInt(name);
                    g = gi <= m.groupCount() ? m.group(gi) : null;
                } else {
                    g = m.group(name);
                }
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                g = null;
            }
            if (g != null) {
                out.append(g);
            }
            i = end;
        }
    }

    /** Prometheus' {@code humanizeDuration}: {@code 1d 2h 3m 4s}, {@code 1.5s}, {@code 250ms}. */
    public static String humanizeDuration(Object v) throws TemplateException {
        double d;
        if (v instanceof Double x) {
            d = x;
        } else if (v instanceof Long x) {
            d = x;
        } else if (v instanceof GoDuration x) {
            d = x.seconds();
        } else if (v instanceof String s) {
            try {
                d = Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw new TemplateException("strconv.ParseFloat: parsing \"" + s + "\": invalid syntax");
            }
        } else {
            throw new TemplateException("can't convert " + Values.typeName(v) + " to float");
        }
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return GoFmt.sprintf("%.4g", List.of(d));
        }
        if (d == 0) {
            return GoFmt.sprintf("%.4gs", List.of(d));
        }
        if (Math.abs(d) >= 1) {
            String sign = d < 0 ? "-" : "";
            double a = Math.abs(d);
            long dur = (long) a;
            long seconds = dur % 60;
            long minutes = (dur / 60) % 60;
            long hours = (dur / 3600) % 24;
            long days = dur / 86400;
            if (days != 0) {
                return sign + days + "d " + hours + "h " + minutes + "m " + seconds + "s";
            }
            if (hours != 0) {
                return sign + hours + "h " + minutes + "m " + seconds + "s";
            }
            if (minutes != 0) {
                return sign + minutes + "m " + seconds + "s";
            }
            return sign + GoFmt.sprintf("%.4g", List.of(a)) + "s";
        }
        String prefix = "";
        for (String p : new String[] {"m", "u", "n", "p", "f", "a", "z", "y"}) {
            if (Math.abs(d) >= 1) {
                break;
            }
            prefix = p;
            d = new BigDecimal(d).multiply(BigDecimal.valueOf(1000)).doubleValue();
        }
        return GoFmt.sprintf("%.4g", List.of(d)) + prefix + "s";
    }
}
