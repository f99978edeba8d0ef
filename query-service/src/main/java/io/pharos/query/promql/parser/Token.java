package io.pharos.query.promql.parser;

import io.pharos.query.promql.ast.PositionRange;
import io.pharos.query.promql.ast.PromqlText;

/**
 * A lexed token: its type, its text as written, and where it sits ({@code [start, end)}, char
 * indexes). For {@link TokenType#ERROR} the text is the lexer's message.
 */
record Token(TokenType type, String text, int start, int end) {

    PositionRange range() {
        return new PositionRange(start, end);
    }

    /** The token as Prometheus names it in "unexpected ..." messages. */
    String describe() {
        return switch (type.kind) {
            case END -> "end of input";
            case KEYWORD -> "<" + text + ">";
            case OPERATOR -> "<op:" + text + ">";
            case AGGREGATOR -> "<aggr:" + text + ">";
            case PUNCTUATION, PREPROCESSOR -> shortQuoted(text);
            case VALUE -> switch (type) {
                case IDENTIFIER -> "identifier " + PromqlText.quote(text);
                case METRIC_IDENTIFIER -> "metric identifier " + PromqlText.quote(text);
                case STRING -> "string " + shortQuoted(text);
                case NUMBER -> "number " + shortQuoted(text);
                case DURATION -> "duration " + shortQuoted(text);
                default -> text;
            };
        };
    }

    /** Go's {@code %q}, or {@code %.10q...} (ten characters, then dots) for text longer than ten bytes. */
    private static String shortQuoted(String s) {
        if (s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 10) {
            return PromqlText.quote(s.substring(0, s.offsetByCodePoints(0, 10))) + "...";
        }
        return PromqlText.quote(s);
    }
}
