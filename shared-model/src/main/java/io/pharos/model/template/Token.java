package io.pharos.model.template;

/**
 * One lexical item of a template.
 *
 * @param spaceBefore whether blanks separate it from the previous item inside an action, which
 *     tells {@code .A .B} (two arguments) from {@code .A.B} (one field chain)
 * @param column where it starts, in UTF-8 bytes from the start of its line (Go's error
 *     locations count so); -1 where unknown
 */
record Token(Kind kind, String text, int line, boolean spaceBefore, int column) {
    Token(Kind kind, String text, int line, boolean spaceBefore) {
        this(kind, text, line, spaceBefore, -1);
    }

    enum Kind {
        TEXT, LEFT, RIGHT, IDENT, FIELD, VARIABLE, STRING, RAW_STRING, CHAR, NUMBER, BOOL, NIL, DOT,
        LPAREN, RPAREN, PIPE, DECLARE, ASSIGN, COMMA, KEYWORD, EOF
    }

    @Override
    public String toString() {
        return kind == Kind.EOF ? "EOF" : text;
    }
}
