package io.pharos.model.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits template text into tokens as Go's text/template does: text outside {@code {{ }}},
 * trim markers ({@code {{- } and {@code -}}}) that eat the adjacent white space, comments
 * ({@code {{/* *}{@code /}}}), and inside actions identifiers, fields, variables, literals and
 * punctuation.
 */
final class Lexer {
    private static final String LEFT = "{{";
    private static final String RIGHT = "}}";
    private static final Set<String> KEYWORDS = Set.of(
            "block", "break", "continue", "define", "else", "end", "if", "range", "template", "with");

    private final String name;
    private final String src;
    private final List<Token> out = new ArrayList<>();
    private int pos;
    private int line = 1;

    private Lexer(String name, String src) {
        this.name = name;
        this.src = src;
    }

    static List<Token> lex(String name, String src) throws TemplateException {
        Lexer l = new Lexer(name, src);
        l.run();
        return l.out;
    }

    private TemplateException error(String msg) {
        return new TemplateException("template: " + name + ":" + line + ": " + msg);
    }

    private void run() throws TemplateException {
        boolean trimNextText = false;
        while (pos < src.length()) {
            int open = src.indexOf(LEFT, pos);
            int textEnd = open < 0 ? src.length() : open;
            boolean trimLeft = open >= 0 && isTrimMarker(open + LEFT.length());
            String text = src.substring(pos, textEnd);
            if (trimNextText) {
                text = stripLeading(text);
            }
            if (trimLeft) {
                text = stripTrailing(text);
            }
            if (!text.isEmpty()) {
                out.add(new Token(Token.Kind.TEXT, text, line, false));
            }
            line += count(src, pos, textEnd);
            if (open < 0) {
                pos = src.length();
                break;
            }
            pos = open + LEFT.length() + (trimLeft ? 2 : 0);
            trimNextText = action(open);
        }
        out.add(new Token(Token.Kind.EOF, "", line, false));
    }

    /** The UTF-8 byte offset of {@code at} from the start of its line. */
    private int column(int at) {
        int lineStart = src.lastIndexOf('\n', at - 1) + 1;
        return src.substring(lineStart, at).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    /** {@code -} followed by a blank, right after {@code {{}. */
    private boolean isTrimMarker(int at) {
        return at + 1 < src.length() && src.charAt(at) == '-' && isSpace(src.charAt(at + 1));
    }

    /** Lexes one action starting after its left delimiter; returns whether it ends with a trim marker. */
    private boolean action(int open) throws TemplateException {
        int startLine = line;
        // Comment: {{/* ... */}}
        if (src.startsWith("/*", pos)) {
            int end = src.indexOf("*/", pos + 2);
            if (end < 0) {
                throw error("unclosed comment");
            }
            line += count(src, pos, end);
            pos = end + 2;
            boolean trim = false;
            if (src.startsWith(" -" + RIGHT, pos) || src.startsWith("\t-" + RIGHT, pos) || src.startsWith("\n-" + RIGHT, pos)) {
                trim = true;
                pos += 2;
            }
            if (!src.startsWith(RIGHT, pos)) {
                throw error("comment ends before closing delimiter");
            }
            pos += RIGHT.length();
            return trim;
        }
        out.add(new Token(Token.Kind.LEFT, LEFT, startLine, false));
        int parens = 0;
        boolean space = false;
        while (true) {
            if (pos >= src.length()) {
                throw error("unclosed action");
            }
            char c = src.charAt(pos);
            if (isSpace(c)) {
                // " -}}" closes with a trim marker
                if (src.startsWith("-" + RIGHT, pos + 1) && parens == 0) {
                    line += count(src, pos, pos + 1);
                    out.add(new Token(Token.Kind.RIGHT, RIGHT, line, true));
                    pos += 1 + 1 + RIGHT.length();
                    return true;
                }
                if (c == '\n') {
                    line++;
                }
                pos++;
                space = true;
                continue;
            }
            if (src.startsWith(RIGHT, pos)) {
                if (parens > 0) {
                    throw error("unclosed left paren");
                }
                out.add(new Token(Token.Kind.RIGHT, RIGHT, line, space));
                pos += RIGHT.length();
                return false;
            }
            int start = pos;
            Token.Kind kind;
            if (c == '(') {
                parens++;
                pos++;
                kind = Token.Kind.LPAREN;
            } else if (c == ')') {
                parens--;
                if (parens < 0) {
                    throw error("unexpected right paren");
                }
                pos++;
                kind = Token.Kind.RPAREN;
            } else if (c == '|') {
                pos++;
                kind = Token.Kind.PIPE;
            } else if (c == ',') {
                pos++;
                kind = Token.Kind.COMMA;
            } else if (c == ':') {
                if (!src.startsWith(":=", pos)) {
                    throw error("expected :=");
                }
                pos += 2;
                kind = Token.Kind.DECLARE;
            } else if (c == '=') {
                pos++;
                kind = Token.Kind.ASSIGN;
            } else if (c == '"') {
                pos = endOfQuoted('"');
                kind = Token.Kind.STRING;
            } else if (c == '`') {
                int end = src.indexOf('`', pos + 1);
                if (end < 0) {
                    throw error("unterminated raw quoted string");
                }
                line += count(src, pos, end);
                pos = end + 1;
                kind = Token.Kind.RAW_STRING;
            } else if (c == '\'') {
                pos = endOfQuoted('\'');
                kind = Token.Kind.CHAR;
            } else if (c == '$') {
                pos++;
                while (pos < src.length() && isAlnum(src.charAt(pos))) {
                    pos++;
                }
                kind = Token.Kind.VARIABLE;
            } else if (c == '.') {
                if (pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1))) {
                    pos = endOfNumber();
                    kind = Token.Kind.NUMBER;
                } else {
                    pos++;
                    if (pos < src.length() && isAlnum(src.charAt(pos))) {
                        while (pos < src.length() && isAlnum(src.charAt(pos))) {
                            pos++;
                        }
                        kind = Token.Kind.FIELD;
                    } else {
                        kind = Token.Kind.DOT;
                    }
                }
            } else if (Character.isDigit(c) || ((c == '-' || c == '+') && pos + 1 < src.length()
                    && (Character.isDigit(src.charAt(pos + 1)) || src.charAt(pos + 1) == '.'))) {
                pos = endOfNumber();
                kind = Token.Kind.NUMBER;
            } else if (isAlnum(c)) {
                while (pos < src.length() && isAlnum(src.charAt(pos))) {
                    pos++;
                }
                String word = src.substring(start, pos);
                if (KEYWORDS.contains(word)) {
                    kind = Token.Kind.KEYWORD;
                } else if (word.equals("true") || word.equals("false")) {
                    kind = Token.Kind.BOOL;
                } else if (word.equals("nil")) {
                    kind = Token.Kind.NIL;
                } else {
                    kind = Token.Kind.IDENT;
                }
            } else {
                throw error("unrecognized character in action: " + quoteChar(c));
            }
            out.add(new Token(kind, src.substring(start, pos), line, space, column(start)));
            space = false;
        }
    }

    private int endOfQuoted(char quote) throws TemplateException {
        int p = pos + 1;
        while (p < src.length()) {
            char c = src.charAt(p);
            if (c == '\\') {
                p += 2;
                continue;
            }
            if (c == '\n') {
                throw error("unterminated quoted string");
            }
            if (c == quote) {
                return p + 1;
            }
            p++;
        }
        throw error("unterminated quoted string");
    }

    private int endOfNumber() {
        int p = pos;
        if (src.charAt(p) == '+' || src.charAt(p) == '-') {
            p++;
        }
        while (p < src.length()) {
            char c = src.charAt(p);
            if (Character.isLetterOrDigit(c) || c == '_' || c == '.') {
                p++;
            } else if ((c == '+' || c == '-') && (src.charAt(p - 1) == 'e' || src.charAt(p - 1) == 'E'
                    || src.charAt(p - 1) == 'p' || src.charAt(p - 1) == 'P')) {
                p++;
            } else {
                break;
            }
        }
        return p;
    }

    private static String quoteChar(char c) {
        return "U+" + String.format("%04X", (int) c) + " '" + c + "'";
    }

    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static boolean isAlnum(char c) {
        return c == '_' || Character.isLetterOrDigit(c);
    }

    private static String stripLeading(String s) {
        int i = 0;
        while (i < s.length() && isSpace(s.charAt(i))) {
            i++;
        }
        return s.substring(i);
    }

    private static String stripTrailing(String s) {
        int i = s.length();
        while (i > 0 && isSpace(s.charAt(i - 1))) {
            i--;
        }
        return s.substring(0, i);
    }

    private static int count(String s, int from, int to) {
        int n = 0;
        for (int i = from; i < to && i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }
}
