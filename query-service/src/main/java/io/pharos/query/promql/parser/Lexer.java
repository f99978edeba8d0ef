package io.pharos.query.promql.parser;

import io.pharos.query.promql.ast.PromqlText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Splits a query into tokens the way Prometheus's lexer does, including its modes: inside
 * {@code {...}} keywords are plain identifiers, and inside {@code [...]} only durations, numbers,
 * {@code :} and duration-expression tokens are allowed. A lexing error ends the list with an
 * {@link TokenType#ERROR} token that spans from where the bad token starts to the end of input,
 * as Prometheus reports it. Comments are dropped.
 */
final class Lexer {

    private static final int EOF = -1;

    private static final Map<String, TokenType> KEYWORDS = Map.ofEntries(
            Map.entry("and", TokenType.LAND), Map.entry("or", TokenType.LOR), Map.entry("unless", TokenType.LUNLESS),
            Map.entry("atan2", TokenType.ATAN2),
            Map.entry("sum", TokenType.SUM), Map.entry("avg", TokenType.AVG), Map.entry("count", TokenType.COUNT),
            Map.entry("min", TokenType.MIN), Map.entry("max", TokenType.MAX), Map.entry("group", TokenType.GROUP),
            Map.entry("stddev", TokenType.STDDEV), Map.entry("stdvar", TokenType.STDVAR),
            Map.entry("topk", TokenType.TOPK), Map.entry("bottomk", TokenType.BOTTOMK),
            Map.entry("count_values", TokenType.COUNT_VALUES), Map.entry("quantile", TokenType.QUANTILE),
            Map.entry("limitk", TokenType.LIMITK), Map.entry("limit_ratio", TokenType.LIMIT_RATIO),
            Map.entry("offset", TokenType.OFFSET), Map.entry("smoothed", TokenType.SMOOTHED),
            Map.entry("anchored", TokenType.ANCHORED), Map.entry("by", TokenType.BY),
            Map.entry("without", TokenType.WITHOUT), Map.entry("on", TokenType.ON),
            Map.entry("ignoring", TokenType.IGNORING), Map.entry("group_left", TokenType.GROUP_LEFT),
            Map.entry("group_right", TokenType.GROUP_RIGHT), Map.entry("fill", TokenType.FILL),
            Map.entry("fill_left", TokenType.FILL_LEFT), Map.entry("fill_right", TokenType.FILL_RIGHT),
            Map.entry("bool", TokenType.BOOL),
            Map.entry("start", TokenType.START), Map.entry("end", TokenType.END), Map.entry("step", TokenType.STEP),
            Map.entry("range", TokenType.RANGE), Map.entry("max_of", TokenType.MAX_OF),
            Map.entry("min_of", TokenType.MIN_OF),
            Map.entry("inf", TokenType.NUMBER), Map.entry("nan", TokenType.NUMBER));

    private static final Map<String, TokenType> DURATION_KEYWORDS = Map.of(
            "step", TokenType.STEP, "range", TokenType.RANGE, "max_of", TokenType.MAX_OF, "min_of", TokenType.MIN_OF);

    private enum State { STATEMENTS, DURATION_EXPR, DONE }

    private final String input;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;
    private int start;
    private int width;
    private int parenDepth;
    private boolean braceOpen;
    private boolean bracketOpen;
    private boolean gotColon;
    private boolean gotDuration;
    private int stringOpen;

    private Lexer(String input) {
        this.input = input;
    }

    /** All tokens, ending with EOF or ERROR. */
    static List<Token> tokenize(String input) {
        Lexer l = new Lexer(input);
        State s = State.STATEMENTS;
        while (s != State.DONE) {
            s = s == State.STATEMENTS ? l.statements() : l.durationExpr();
        }
        return l.tokens;
    }

    // ---- reading ----

    private int next() {
        if (pos >= input.length()) {
            width = 0;
            return EOF;
        }
        int cp = input.codePointAt(pos);
        width = Character.charCount(cp);
        pos += width;
        return cp;
    }

    private int peek() {
        int cp = next();
        backup();
        return cp;
    }

    private void backup() {
        pos -= width;
    }

    private boolean accept(String valid) {
        int cp = next();
        if (cp != EOF && valid.indexOf(cp) >= 0) {
            return true;
        }
        backup();
        return false;
    }

    private boolean is(String valid) {
        int cp = peek();
        return cp != EOF && valid.indexOf(cp) >= 0;
    }

    private void acceptRun(String valid) {
        while (true) {
            int cp = next();
            if (cp == EOF || valid.indexOf(cp) < 0) {
                break;
            }
        }
        backup();
    }

    private void emit(TokenType type) {
        tokens.add(new Token(type, input.substring(start, pos), start, pos));
        start = pos;
    }

    private void ignore() {
        start = pos;
    }

    private State error(String message) {
        tokens.add(new Token(TokenType.ERROR, message, start, input.length()));
        return State.DONE;
    }

    /** An error reported like Prometheus does after it already emitted the token: from after it. */
    private State errorAfterEmit(String message) {
        tokens.remove(tokens.size() - 1);
        return error(message);
    }

    // ---- states ----

    private State statements() {
        if (braceOpen) {
            return insideBraces();
        }
        if (input.startsWith("#", pos)) {
            return lineComment();
        }
        int r = next();
        if (r == EOF) {
            if (parenDepth != 0) {
                return error("unclosed left parenthesis");
            }
            if (bracketOpen) {
                return error("unclosed left bracket");
            }
            emit(TokenType.EOF);
            return State.DONE;
        }
        switch (r) {
            case ',' -> emit(TokenType.COMMA);
            case ' ', '\t', '\n', '\r' -> {
                skipSpaces();
                return State.STATEMENTS;
            }
            case '*' -> emit(TokenType.MUL);
            case '/' -> emit(TokenType.DIV);
            case '%' -> emit(TokenType.MOD);
            case '+' -> emit(TokenType.ADD);
            case '-' -> emit(TokenType.SUB);
            case '^' -> emit(TokenType.POW);
            case '=' -> {
                int t = peek();
                if (t == '=') {
                    next();
                    emit(TokenType.EQLC);
                } else if (t == '~') {
                    return error("unexpected character after '=': " + quoteRune(t));
                } else {
                    emit(TokenType.EQL);
                }
            }
            case '!' -> {
                int t = next();
                if (t != '=') {
                    return error("unexpected character after '!': " + quoteRune(t));
                }
                emit(TokenType.NEQ);
            }
            case '<' -> {
                if (peek() == '=') {
                    next();
                    emit(TokenType.LTE);
                } else if (peek() == '/') {
                    next();
                    emit(TokenType.TRIM_UPPER);
                } else {
                    emit(TokenType.LSS);
                }
            }
            case '>' -> {
                if (peek() == '=') {
                    next();
                    emit(TokenType.GTE);
                } else if (peek() == '/') {
                    next();
                    emit(TokenType.TRIM_LOWER);
                } else {
                    emit(TokenType.GTR);
                }
            }
            case '"', '\'' -> {
                stringOpen = r;
                return string();
            }
            case '`' -> {
                stringOpen = r;
                return rawString();
            }
            case '(' -> {
                emit(TokenType.LEFT_PAREN);
                parenDepth++;
            }
            case ')' -> {
                emit(TokenType.RIGHT_PAREN);
                parenDepth--;
                if (parenDepth < 0) {
                    return errorAfterEmit("unexpected right parenthesis " + quoteRune(r));
                }
            }
            case '{' -> {
                emit(TokenType.LEFT_BRACE);
                braceOpen = true;
                return insideBraces();
            }
            case '[' -> {
                if (bracketOpen) {
                    return error("unexpected left bracket " + quoteRune(r));
                }
                gotColon = false;
                emit(TokenType.LEFT_BRACKET);
                if (isSpace(peek())) {
                    skipSpaces();
                }
                bracketOpen = true;
                return State.DURATION_EXPR;
            }
            case ']' -> {
                if (!bracketOpen) {
                    return error("unexpected right bracket " + quoteRune(r));
                }
                emit(TokenType.RIGHT_BRACKET);
                bracketOpen = false;
            }
            case '@' -> emit(TokenType.AT);
            default -> {
                if (isDigit(r) || (r == '.' && isDigit(peek()))) {
                    backup();
                    return numberOrDuration();
                }
                if (isAlpha(r) || r == ':') {
                    if (!bracketOpen) {
                        backup();
                        return keywordOrIdentifier();
                    }
                    if (r == ':') {
                        if (gotColon) {
                            return error("unexpected colon " + quoteRune(r));
                        }
                        emit(TokenType.COLON);
                        gotColon = true;
                        return State.STATEMENTS;
                    }
                    if (isDurationKeywordStart(r) && scanDurationKeyword()) {
                        return State.STATEMENTS;
                    }
                    return error("unexpected character: " + quoteRune(r) + ", expected ':'");
                }
                return error("unexpected character: " + quoteRune(r));
            }
        }
        return State.STATEMENTS;
    }

    private State insideBraces() {
        if (input.startsWith("#", pos)) {
            return lineComment();
        }
        int r = next();
        if (r == EOF) {
            return error("unexpected end of input inside braces");
        }
        if (isSpace(r)) {
            skipSpaces();
            return State.STATEMENTS;
        }
        if (isAlpha(r)) {
            while (isAlphaNumeric(next())) {
                // absorb
            }
            backup();
            emit(TokenType.IDENTIFIER);
            return State.STATEMENTS;
        }
        switch (r) {
            case ',' -> emit(TokenType.COMMA);
            case '"', '\'' -> {
                stringOpen = r;
                return string();
            }
            case '`' -> {
                stringOpen = r;
                return rawString();
            }
            case '=' -> {
                if (next() == '~') {
                    emit(TokenType.EQL_REGEX);
                } else {
                    backup();
                    emit(TokenType.EQL);
                }
            }
            case '!' -> {
                int nr = next();
                if (nr == '~') {
                    emit(TokenType.NEQ_REGEX);
                } else if (nr == '=') {
                    emit(TokenType.NEQ);
                } else {
                    return error("unexpected character after '!' inside braces: " + quoteRune(nr));
                }
            }
            case '{' -> {
                return error("unexpected left brace " + quoteRune(r));
            }
            case '}' -> {
                emit(TokenType.RIGHT_BRACE);
                braceOpen = false;
            }
            default -> {
                return error("unexpected character inside braces: " + quoteRune(r));
            }
        }
        return State.STATEMENTS;
    }

    /** Inside {@code [...]} until the first number: durations, numbers, operators, step(), range(), min_of, max_of. */
    private State durationExpr() {
        int r = next();
        if (r == EOF) {
            return error("unexpected end of input in duration expression");
        }
        switch (r) {
            case ']' -> {
                emit(TokenType.RIGHT_BRACKET);
                bracketOpen = false;
                gotColon = false;
                return State.STATEMENTS;
            }
            case ':' -> {
                emit(TokenType.COLON);
                if (!gotDuration) {
                    return errorAfterEmit("unexpected colon before duration in duration expression");
                }
                if (gotColon) {
                    return errorAfterEmit("unexpected repeated colon in duration expression");
                }
                gotColon = true;
            }
            case '(' -> {
                emit(TokenType.LEFT_PAREN);
                parenDepth++;
            }
            case ')' -> {
                emit(TokenType.RIGHT_PAREN);
                parenDepth--;
                if (parenDepth < 0) {
                    return errorAfterEmit("unexpected right parenthesis " + quoteRune(r));
                }
            }
            case ' ', '\t', '\n', '\r' -> skipSpaces();
            case '+' -> emit(TokenType.ADD);
            case '-' -> emit(TokenType.SUB);
            case '*' -> emit(TokenType.MUL);
            case '/' -> emit(TokenType.DIV);
            case '%' -> emit(TokenType.MOD);
            case '^' -> emit(TokenType.POW);
            case ',' -> emit(TokenType.COMMA);
            default -> {
                if (isDurationKeywordStart(r)) {
                    if (scanDurationKeyword()) {
                        return State.DURATION_EXPR;
                    }
                    return error("unexpected character in duration expression: " + quoteRune(r));
                }
                if (isDigit(r) || (r == '.' && isDigit(peek()))) {
                    backup();
                    gotDuration = true;
                    return numberOrDuration();
                }
                return error("unexpected character in duration expression: " + quoteRune(r));
            }
        }
        return State.DURATION_EXPR;
    }

    private State lineComment() {
        while (true) {
            int r = next();
            if (r == EOF || r == '\n' || r == '\r') {
                break;
            }
        }
        backup();
        ignore();
        return State.STATEMENTS;
    }

    private void skipSpaces() {
        while (isSpace(peek())) {
            next();
        }
        ignore();
    }

    // ---- strings ----

    private State string() {
        while (true) {
            int r = next();
            if (r == '\\') {
                String err = escape();
                if (err != null) {
                    return error(err);
                }
                continue;
            }
            if (r == 0xFFFD || (r >= 0xD800 && r <= 0xDFFF)) {
                return error("invalid UTF-8 rune");
            }
            if (r == EOF || r == '\n') {
                return error("unterminated quoted string");
            }
            if (r == stringOpen) {
                break;
            }
        }
        emit(TokenType.STRING);
        return State.STATEMENTS;
    }

    /** Checks one escape after a backslash; returns an error message or null. */
    private String escape() {
        int ch = next();
        int n;
        int base;
        int max;
        switch (ch) {
            case 'a', 'b', 'f', 'n', 'r', 't', 'v', '\\' -> {
                return null;
            }
            case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                n = 3;
                base = 8;
                max = 255;
            }
            case 'x' -> {
                ch = next();
                n = 2;
                base = 16;
                max = 255;
            }
            case 'u' -> {
                ch = next();
                n = 4;
                base = 16;
                max = Character.MAX_CODE_POINT;
            }
            case 'U' -> {
                ch = next();
                n = 8;
                base = 16;
                max = Character.MAX_CODE_POINT;
            }
            case EOF -> {
                return "escape sequence not terminated";
            }
            default -> {
                if (ch == stringOpen) {
                    return null;
                }
                return "unknown escape sequence " + PromqlText.unicodeName(ch);
            }
        }
        long x = 0;
        while (n > 0) {
            int d = digitValue(ch);
            if (d >= base) {
                if (ch == EOF) {
                    return "escape sequence not terminated";
                }
                return "illegal character " + PromqlText.unicodeName(ch) + " in escape sequence";
            }
            x = x * base + d;
            n--;
            if (n > 0) {
                ch = next();
            }
        }
        if (x > max || (x >= 0xD800 && x < 0xE000)) {
            return "escape sequence is an invalid Unicode code point";
        }
        return null;
    }

    private static int digitValue(int ch) {
        if (ch >= '0' && ch <= '9') {
            return ch - '0';
        }
        if (ch >= 'a' && ch <= 'f') {
            return ch - 'a' + 10;
        }
        if (ch >= 'A' && ch <= 'F') {
            return ch - 'A' + 10;
        }
        return 16;
    }

    private State rawString() {
        while (true) {
            int r = next();
            if (r == 0xFFFD || (r >= 0xD800 && r <= 0xDFFF)) {
                return error("invalid UTF-8 rune");
            }
            if (r == EOF) {
                return error("unterminated raw string");
            }
            if (r == stringOpen) {
                break;
            }
        }
        emit(TokenType.STRING);
        return State.STATEMENTS;
    }

    // ---- numbers, durations, identifiers ----

    private State numberOrDuration() {
        if (scanNumber()) {
            emit(TokenType.NUMBER);
            return State.STATEMENTS;
        }
        if (acceptRemainingDuration()) {
            backup();
            emit(TokenType.DURATION);
            return State.STATEMENTS;
        }
        return error("bad number or duration syntax: " + PromqlText.quote(input.substring(start, pos)));
    }

    private boolean acceptRemainingDuration() {
        if (!accept("smhdwy")) {
            return false;
        }
        accept("s");
        while (accept("0123456789")) {
            while (accept("0123456789")) {
                // absorb
            }
            if (!accept("smhdw")) {
                return false;
            }
            accept("s");
        }
        return !isAlphaNumeric(next());
    }

    /** Scans decimal, hex, exponent and underscore-separated numbers as Prometheus's lexer does. */
    private boolean scanNumber() {
        int initial = pos;
        String digits = "0123456789";
        if (accept("0") && accept("xX")) {
            accept("_");
            digits = "0123456789abcdefABCDEF";
        }
        accept(".");
        accept(digits);
        boolean dotSeen = false;
        boolean exponentSeen = false;
        while (is(digits + "._eE")) {
            if (is(".") && dotSeen) {
                accept(".");
                return false;
            }
            if (is("eE") && exponentSeen) {
                accept("eE");
                return false;
            }
            if (accept(".")) {
                dotSeen = true;
                if (accept("_.")) {
                    return false;
                }
                if (digits.length() > 10) {
                    return false;
                }
                continue;
            }
            if (accept("eE")) {
                exponentSeen = true;
                accept("+-");
                if (accept("._eE") || peek() == EOF) {
                    return false;
                }
                continue;
            }
            if (accept("_")) {
                if (accept("._eE") || peek() == EOF) {
                    return false;
                }
                continue;
            }
            acceptRun(digits);
        }
        if (pos == initial) {
            return false;
        }
        return !isAlphaNumeric(peek());
    }

    private State keywordOrIdentifier() {
        while (true) {
            int r = next();
            if (!(isAlphaNumeric(r) || r == ':')) {
                backup();
                break;
            }
        }
        String word = input.substring(start, pos);
        TokenType kw = KEYWORDS.get(word.toLowerCase(Locale.ROOT));
        if (kw != null) {
            boolean fill = kw == TokenType.FILL || kw == TokenType.FILL_LEFT || kw == TokenType.FILL_RIGHT;
            emit(fill && !followedByLeftParen() ? TokenType.IDENTIFIER : kw);
        } else if (word.indexOf(':') < 0) {
            emit(TokenType.IDENTIFIER);
        } else {
            emit(TokenType.METRIC_IDENTIFIER);
        }
        return State.STATEMENTS;
    }

    private boolean followedByLeftParen() {
        for (int i = pos; i < input.length(); i++) {
            char c = input.charAt(i);
            if (!isSpace(c)) {
                return c == '(';
            }
        }
        return false;
    }

    private static boolean isDurationKeywordStart(int r) {
        int c = Character.toLowerCase(r);
        return c == 's' || c == 'r' || c == 'm';
    }

    private boolean scanDurationKeyword() {
        while (isAlpha(next())) {
            // absorb
        }
        backup();
        TokenType t = DURATION_KEYWORDS.get(input.substring(start, pos).toLowerCase(Locale.ROOT));
        if (t != null) {
            emit(t);
            return true;
        }
        return false;
    }

    private static String quoteRune(int cp) {
        return PromqlText.quoteRune(cp == EOF ? 0xFFFD : cp);
    }

    static boolean isSpace(int r) {
        return r == ' ' || r == '\t' || r == '\n' || r == '\r';
    }

    private static boolean isDigit(int r) {
        return r >= '0' && r <= '9';
    }

    private static boolean isAlpha(int r) {
        return r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z');
    }

    private static boolean isAlphaNumeric(int r) {
        return isAlpha(r) || isDigit(r);
    }
}
