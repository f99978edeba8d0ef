package io.pharos.query.promql.engine;

import java.util.regex.Matcher;

/** Go's RE2 regular expressions in Java: syntax translation and Go's {@code Regexp.Expand} templates. */
final class GoRegex {
    private static final String[][] POSIX = {
        {"[:alnum:]", "\\p{Alnum}"}, {"[:alpha:]", "\\p{Alpha}"}, {"[:ascii:]", "\\p{ASCII}"},
        {"[:blank:]", "\\p{Blank}"}, {"[:cntrl:]", "\\p{Cntrl}"}, {"[:digit:]", "\\p{Digit}"},
        {"[:graph:]", "\\p{Graph}"}, {"[:lower:]", "\\p{Lower}"}, {"[:print:]", "\\p{Print}"},
        {"[:punct:]", "\\p{Punct}"}, {"[:space:]", "\\s"}, {"[:upper:]", "\\p{Upper}"},
        {"[:word:]", "\\w"}, {"[:xdigit:]", "\\p{XDigit}"},
    };

    private GoRegex() {
    }

    /** An RE2 pattern in Java syntax: named groups {@code (?P<n>...)} and POSIX classes. */
    static String toJava(String re) {
        String out = re.replace("(?P<", "(?<");
        for (String[] p : POSIX) {
            out = out.replace(p[0], p[1]);
        }
        return out;
    }

    /**
     * Go's {@code Regexp.ExpandString}: {@code $1}, {@code ${1}}, {@code $name}, {@code ${name}} are
     * replaced by the group's text (nothing for a group that does not exist or did not match),
     * {@code $$} by {@code $}; a malformed reference is copied as it is.
     */
    static String expand(Matcher m, String template, String src) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        int n = template.length();
        while (i < n) {
            int dollar = template.indexOf('$', i);
            if (dollar < 0) {
                break;
            }
            out.append(template, i, dollar);
            i = dollar + 1;
            if (i < n && template.charAt(i) == '$') {
                out.append('$');
                i++;
                continue;
            }
            boolean brace = i < n && template.charAt(i) == '{';
            int start = brace ? i + 1 : i;
            int end = start;
            while (end < n) {
                int cp = template.codePointAt(end);
                if (!Character.isLetter(cp) && !Character.isDigit(cp) && cp != '_') {
                    break;
                }
                end += Character.charCount(cp);
            }
            if (end == start || (brace && (end >= n || template.charAt(end) != '}'))) {
                out.append('$');
                continue;
            }
            String name = template.substring(start, end);
            i = brace ? end + 1 : end;
            int num = groupNumber(name);
            String group = null;
            try {
                if (num >= 0) {
                    if (num <= m.groupCount()) {
                        group = m.group(num);
                    }
                } else {
                    group = m.group(name);
                }
            } catch (IllegalArgumentException e) {
                group = null;
            }
            if (group != null) {
                out.append(group);
            }
        }
        out.append(template, Math.min(i, n), n);
        return out.toString();
    }

    private static int groupNumber(String name) {
        int num = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9' || num >= 100_000_000) {
                return -1;
            }
            num = num * 10 + (c - '0');
        }
        if (name.charAt(0) == '0' && name.length() > 1) {
            return -1;
        }
        return num;
    }
}
