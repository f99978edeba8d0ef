package io.pharos.model.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A regex as Prometheus's relabeling compiles it: RE2 syntax, fully anchored
 * ({@code ^(?s:re)$}, so {@code .} matches newlines too), with Go's named groups
 * ({@code (?P<name>re)} or {@code (?<name>re)}, underscores allowed) and Go's template
 * expansion ({@code $1}, {@code ${1}}, {@code $name}, {@code ${name}}, {@code $$}). RE2 features
 * Java lacks (POSIX classes such as {@code [[:alpha:]]}) are translated; Perl features RE2
 * rejects (look-around, back-references) are rejected.
 */
public final class AnchoredRegex {
    private static final Map<String, String> POSIX = Map.ofEntries(
            Map.entry("alnum", "\\p{Alnum}"), Map.entry("alpha", "\\p{Alpha}"), Map.entry("ascii", "\\p{ASCII}"),
            Map.entry("blank", "\\p{Blank}"), Map.entry("cntrl", "\\p{Cntrl}"), Map.entry("digit", "\\p{Digit}"),
            Map.entry("graph", "\\p{Graph}"), Map.entry("lower", "\\p{Lower}"), Map.entry("print", "\\p{Print}"),
            Map.entry("punct", "\\p{Punct}"), Map.entry("space", "\\s"), Map.entry("upper", "\\p{Upper}"),
            Map.entry("word", "\\w"), Map.entry("xdigit", "\\p{XDigit}"));

    private final String source;
    private final Pattern pattern;
    /** Group names by index (index 0 is the whole match); null where unnamed. */
    private final String[] groupNames;

    private AnchoredRegex(String source, Pattern pattern, String[] groupNames) {
        this.source = source;
        this.pattern = pattern;
        this.groupNames = groupNames;
    }

    /** Compiles; throws IllegalArgumentException with Go's "error parsing regexp" wording. */
    public static AnchoredRegex compile(String re) {
        List<String> names = new ArrayList<>();
        names.add(null);
        String java = translate(re, names);
        try {
            Pattern p = Pattern.compile("(?s:" + java + ")");
            return new AnchoredRegex(re, p, names.toArray(String[]::new));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("error parsing regexp: " + e.getDescription() + ": `" + re + "`");
        }
    }

    public String source() {
        return source;
    }

    public Pattern pattern() {
        return pattern;
    }

    /** Whether the whole text matches. */
    public boolean matches(CharSequence text) {
        return pattern.matcher(text).matches();
    }

    /** A matcher that has matched the whole text, or null. */
    public Matcher match(CharSequence text) {
        Matcher m = pattern.matcher(text);
        return m.matches() ? m : null;
    }

    /** Go's {@code Regexp.Expand}: the template with {@code $} references replaced from the match. */
    public String expand(String template, Matcher m) {
        if (template.indexOf('$') < 0) {
            return template;
        }
        StringBuilder out = new StringBuilder(template.length() + 16);
        int i = 0;
        int n = template.length();
        while (i < n) {
            char c = template.charAt(i);
            if (c != '$') {
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 < n && template.charAt(i + 1) == '$') {
                out.append('$');
                i += 2;
                continue;
            }
            String name;
            int next;
            if (i + 1 < n && template.charAt(i + 1) == '{') {
                int close = template.indexOf('}', i + 2);
                name = close < 0 ? "" : template.substring(i + 2, close);
                next = close + 1;
                if (close < 0 || name.isEmpty() || !isWord(name)) {
                    out.append('$');
                    i++;
                    continue;
                }
            } else {
                int j = i + 1;
                while (j < n && isWordChar(template.charAt(j))) {
                    j++;
                }
                if (j == i + 1) {
                    out.append('$');
                    i++;
                    continue;
                }
                name = template.substring(i + 1, j);
                next = j;
            }
            appendGroup(out, name, m);
            i = next;
        }
        return out.toString();
    }

    private void appendGroup(StringBuilder out, String name, Matcher m) {
        int index = -1;
        if (isDigits(name)) {
            try {
                index = Integer.parseInt(name);
            } catch (NumberFormatException e) {
                return;
            }
        } else {
            for (int g = 1; g < groupNames.length; g++) {
                if (name.equals(groupNames[g]) && m.start(g) >= 0) {
                    index = g;
                    break;
                }
            }
        }
        if (index >= 0 && index <= m.groupCount() && m.start(index) >= 0) {
            out.append(m.group(index));
        }
    }

    private static boolean isDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean isWord(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!isWordChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    /** RE2 syntax to java.util.regex, recording capture group names in order. */
    private static String translate(String re, List<String> names) {
        StringBuilder out = new StringBuilder(re.length() + 8);
        int i = 0;
        int n = re.length();
        boolean inClass = false;
        while (i < n) {
            char c = re.charAt(i);
            if (c == '\\') {
                if (i + 1 >= n) {
                    throw new IllegalArgumentException("error parsing regexp: trailing backslash at end of expression: ``");
                }
                char e = re.charAt(i + 1);
                if (!inClass && e >= '1' && e <= '9') {
                    throw new IllegalArgumentException("error parsing regexp: invalid escape sequence: `\\" + e + "`");
                }
                if (e == 'C') {
                    out.append(".");
                } else {
                    out.append(c).append(e);
                }
                i += 2;
                continue;
            }
            if (inClass) {
                if (c == '[' && re.startsWith("[:", i)) {
                    int close = re.indexOf(":]", i + 2);
                    if (close > 0) {
                        String cls = re.substring(i + 2, close);
                        boolean negated = cls.startsWith("^");
                        String java = POSIX.get(negated ? cls.substring(1) : cls);
                        if (java != null) {
                            out.append(negated ? negate(java) : java);
                            i = close + 2;
                            continue;
                        }
                    }
                }
                if (c == '[') {
                    out.append("\\[");
                    i++;
                    continue;
                }
                if (c == '&' && i + 1 < n && re.charAt(i + 1) == '&') {
                    out.append("&\\&");
                    i += 2;
                    continue;
                }
                if (c == ']') {
                    inClass = false;
                }
                out.append(c);
                i++;
                continue;
            }
            if (c == '[') {
                inClass = true;
                out.append(c);
                i++;
                if (i < n && re.charAt(i) == '^') {
                    out.append('^');
                    i++;
                }
                if (i < n && re.charAt(i) == ']') {
                    out.append("\\]");
                    i++;
                }
                continue;
            }
            if (c == '(') {
                if (re.startsWith("(?P<", i) || (re.startsWith("(?<", i) && !re.startsWith("(?<=", i) && !re.startsWith("(?<!", i))) {
                    int start = re.indexOf('<', i) + 1;
                    int close = re.indexOf('>', start);
                    if (close < 0) {
                        throw new IllegalArgumentException("error parsing regexp: invalid named capture: `" + re.substring(i) + "`");
                    }
                    String name = re.substring(start, close);
                    if (name.isEmpty() || !isWord(name) || names.contains(name)) {
                        throw new IllegalArgumentException("error parsing regexp: "
                                + (names.contains(name) ? "duplicate" : "invalid") + " named capture: `" + re.substring(i, close + 1) + "`");
                    }
                    names.add(name);
                    out.append('(');
                    i = close + 1;
                    continue;
                }
                if (re.startsWith("(?=", i) || re.startsWith("(?!", i) || re.startsWith("(?<=", i) || re.startsWith("(?<!", i)
                        || re.startsWith("(?>", i)) {
                    throw new IllegalArgumentException("error parsing regexp: invalid or unsupported Perl syntax: `"
                            + re.substring(i, Math.min(n, i + 3)) + "`");
                }
                if (!re.startsWith("(?", i)) {
                    names.add(null);
                }
                out.append(c);
                i++;
                continue;
            }
            if ((c == '+' || c == '?' || c == '*' || c == '}') && i + 1 < n && re.charAt(i + 1) == '+') {
                throw new IllegalArgumentException("error parsing regexp: invalid nested repetition operator: `"
                        + c + "+`");
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    private static String negate(String javaClass) {
        if (javaClass.startsWith("\\p")) {
            return "\\P" + javaClass.substring(2);
        }
        return javaClass.equals("\\s") ? "\\S" : "\\W";
    }

    @Override
    public String toString() {
        return source;
    }
}
