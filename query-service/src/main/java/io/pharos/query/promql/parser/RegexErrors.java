package io.pharos.query.promql.parser;

import java.util.regex.PatternSyntaxException;

/**
 * Words a regex compile failure like Go's {@code regexp} package does for the common cases
 * ({@code error parsing regexp: missing closing ): `...`}); Prometheus compiles a matcher's regex
 * as {@code ^(?s:value)$}, so that is the expression quoted.
 */
final class RegexErrors {

    private RegexErrors() {
    }

    static String describe(String value, PatternSyntaxException e) {
        String expr = "^(?s:" + value + ")$";
        String d = e.getDescription() == null ? "" : e.getDescription();
        String code;
        if (d.startsWith("Unclosed group")) {
            code = "missing closing )";
        } else if (d.startsWith("Unmatched closing ')'")) {
            code = "unexpected )";
        } else if (d.startsWith("Unclosed character class")) {
            code = "missing closing ]";
        } else if (d.startsWith("Dangling meta character")) {
            code = "missing argument to repetition operator";
        } else if (d.startsWith("Illegal repetition range") || d.startsWith("Illegal repetition")) {
            code = "invalid repeat count";
        } else if (d.startsWith("Illegal/unsupported escape sequence")) {
            code = "invalid escape sequence";
        } else if (d.startsWith("Illegal character range")) {
            code = "invalid character class range";
        } else {
            code = "invalid regular expression (" + d + ")";
        }
        return "error parsing regexp: " + code + ": `" + expr + "`";
    }
}
