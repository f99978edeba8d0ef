package io.pharos.alertmanager.matcher;

import io.pharos.model.labels.Matcher;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.PatternSyntaxException;

/**
 * Parses matchers as alertmanager.yml's {@code matchers:} lines, inhibit rules and the API's
 * {@code filter} parameter write them: {@code alertname="Watchdog"}, {@code severity=~"crit|page"},
 * {@code {team!=ops, env="prod"}}. Braces are optional, several matchers separate by commas
 * outside quotes, values may be quoted (with {@code \"}, {@code \\}, {@code \n} escapes) or bare,
 * and label names may be quoted for names outside the classic character set.
 */
public final class MatcherParser {
    private MatcherParser() {
    }

    /** Parses one line that may hold several comma-separated matchers. */
    public static List<Matcher> parseAll(String s) {
        String body = s.strip();
        if (body.startsWith("{")) {
            body = body.substring(1);
        }
        if (body.endsWith("}")) {
            body = body.substring(0, body.length() - 1);
        }
        List<String> tokens = new ArrayList<>();
        StringBuilder token = new StringBuilder();
        boolean inQuotes = false;
        boolean escaped = false;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == ',' && !inQuotes) {
                tokens.add(token.toString());
                token.setLength(0);
                continue;
            }
            if (c == '"') {
                if (!escaped) {
                    inQuotes = !inQuotes;
                } else {
                    escaped = false;
                }
            } else if (c == '\\') {
                escaped = !escaped;
            } else {
                escaped = false;
            }
            token.append(c);
        }
        if (!token.toString().isBlank()) {
            tokens.add(token.toString());
        }
        List<Matcher> out = new ArrayList<>(tokens.size());
        for (String t : tokens) {
            out.add(parse(t));
        }
        return out;
    }

    /** Parses exactly one matcher. */
    public static Matcher parse(String s) {
        int i = skipSpace(s, 0);
        String name;
        if (i < s.length() && s.charAt(i) == '"') {
            int end = closingQuote(s, i);
            if (end < 0) {
                throw new IllegalArgumentException("bad matcher format: " + s + ": unterminated quoted label name");
            }
            name = unescape(s.substring(i + 1, end));
            i = end + 1;
        } else {
            int start = i;
            while (i < s.length() && isNameChar(s.charAt(i), i == start)) {
                i++;
            }
            name = s.substring(start, i);
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("bad matcher format: " + s);
        }
        i = skipSpace(s, i);
        Matcher.Type type;
        if (s.startsWith("=~", i)) {
            type = Matcher.Type.RE;
        } else if (s.startsWith("!=", i)) {
            type = Matcher.Type.NEQ;
        } else if (s.startsWith("!~", i)) {
            type = Matcher.Type.NRE;
        } else if (s.startsWith("=", i)) {
            type = Matcher.Type.EQ;
        } else {
            throw new IllegalArgumentException("bad matcher format: " + s);
        }
        i += type.symbol().length();
        String raw = s.substring(i).strip();
        String value = value(raw);
        try {
            return Matchers.of(type, name, value);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid regular expression in matcher " + s.strip() + ": "
                    + e.getDescription());
        }
    }

    private static String value(String raw) {
        boolean quoted = raw.startsWith("\"");
        String body = quoted ? raw.substring(1) : raw;
        StringBuilder v = new StringBuilder();
        boolean closed = !quoted;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i < body.length() - 1) {
                char n = body.charAt(++i);
                switch (n) {
                    case 'n' -> v.append('\n');
                    case '"', '\\' -> v.append(n);
                    default -> v.append('\\').append(n);
                }
            } else if (c == '"') {
                if (!quoted || i < body.length() - 1) {
                    throw new IllegalArgumentException("matcher value contains unescaped double quote: " + raw);
                }
                closed = true;
            } else {
                v.append(c);
            }
        }
        if (!closed) {
            throw new IllegalArgumentException("matcher value contains unescaped double quote: " + raw);
        }
        return v.toString();
    }

    private static String unescape(String quoted) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < quoted.length(); i++) {
            char c = quoted.charAt(i);
            if (c == '\\' && i + 1 < quoted.length()) {
                char n = quoted.charAt(++i);
                switch (n) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    default -> sb.append(n);
                }
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static int closingQuote(String s, int open) {
        for (int i = open + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        return -1;
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isNameChar(char c, boolean first) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':'
                || (!first && c >= '0' && c <= '9');
    }
}
