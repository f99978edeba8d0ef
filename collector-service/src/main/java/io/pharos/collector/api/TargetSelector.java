package io.pharos.collector.api;

import io.pharos.model.labels.Labels;
import io.pharos.model.labels.Matcher;
import java.util.ArrayList;
import java.util.List;

/**
 * A PromQL series selector such as {@code {job="node",instance=~"db.*"}} or {@code up{job="x"}},
 * as {@code match_target} takes it: parsed into matchers over a target's labels.
 */
final class TargetSelector {
    private TargetSelector() {
    }

    static List<Matcher> parse(String s) {
        List<Matcher> out = new ArrayList<>();
        int p = 0;
        int n = s.length();
        p = skip(s, p);
        int nameStart = p;
        while (p < n && (Character.isLetterOrDigit(s.charAt(p)) || s.charAt(p) == '_' || s.charAt(p) == ':')) {
            p++;
        }
        if (p > nameStart) {
            out.add(Matcher.equal(Labels.METRIC_NAME, s.substring(nameStart, p)));
        }
        p = skip(s, p);
        if (p == n) {
            if (out.isEmpty()) {
                throw new IllegalArgumentException("unexpected end of input");
            }
            return out;
        }
        if (s.charAt(p) != '{') {
            throw new IllegalArgumentException("unexpected character: '" + s.charAt(p) + "'");
        }
        p++;
        while (true) {
            p = skip(s, p);
            if (p < n && s.charAt(p) == '}') {
                p++;
                break;
            }
            int ls = p;
            while (p < n && (Character.isLetterOrDigit(s.charAt(p)) || s.charAt(p) == '_')) {
                p++;
            }
            if (p == ls) {
                throw new IllegalArgumentException("expected label name at position " + p);
            }
            String label = s.substring(ls, p);
            p = skip(s, p);
            String op;
            if (s.startsWith("=~", p) || s.startsWith("!=", p) || s.startsWith("!~", p)) {
                op = s.substring(p, p + 2);
                p += 2;
            } else if (s.startsWith("=", p)) {
                op = "=";
                p++;
            } else {
                throw new IllegalArgumentException("expected label matching operator after " + label);
            }
            p = skip(s, p);
            if (p >= n || (s.charAt(p) != '"' && s.charAt(p) != '\'' && s.charAt(p) != '`')) {
                throw new IllegalArgumentException("expected quoted label value for " + label);
            }
            char quote = s.charAt(p++);
            StringBuilder v = new StringBuilder();
            while (p < n && s.charAt(p) != quote) {
                char c = s.charAt(p);
                if (c == '\\' && quote != '`' && p + 1 < n) {
                    char e = s.charAt(++p);
                    v.append(switch (e) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        default -> e;
                    });
                } else {
                    v.append(c);
                }
                p++;
            }
            if (p >= n) {
                throw new IllegalArgumentException("unterminated quoted string");
            }
            p++;
            out.add(Matcher.of(Matcher.Type.fromSymbol(op), label, v.toString()));
            p = skip(s, p);
            if (p < n && s.charAt(p) == ',') {
                p++;
            }
        }
        if (skip(s, p) != n) {
            throw new IllegalArgumentException("unexpected text after the selector");
        }
        if (out.stream().allMatch(Matcher::matchesEmpty)) {
            throw new IllegalArgumentException("vector selector must contain at least one non-empty matcher");
        }
        return out;
    }

    private static int skip(String s, int p) {
        while (p < s.length() && Character.isWhitespace(s.charAt(p))) {
            p++;
        }
        return p;
    }
}
