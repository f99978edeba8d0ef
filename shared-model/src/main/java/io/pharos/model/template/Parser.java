package io.pharos.model.template;

import io.pharos.model.template.Node.Arg;
import io.pharos.model.template.Node.Branch;
import io.pharos.model.template.Node.Command;
import io.pharos.model.template.Node.Else;
import io.pharos.model.template.Node.End;
import io.pharos.model.template.Node.ListNode;
import io.pharos.model.template.Node.Pipeline;
import io.pharos.model.template.Token.Kind;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses template text into trees: the main one, and one per {@code {{ define }}} or
 * {@code {{ block }}}. Function names are checked against the known functions at parse time, as
 * Go does ({@code function "x" not defined}).
 */
final class Parser {
    private final String name;
    private final List<Token> tokens;
    private final Set<String> functions;
    private final Map<String, ListNode> defined = new LinkedHashMap<>();
    private final List<List<String>> scopes = new ArrayList<>();
    private int pos;
    private int rangeDepth;

    private Parser(String name, List<Token> tokens, Set<String> functions) {
        this.name = name;
        this.tokens = tokens;
        this.functions = functions;
    }

    /** The result: the main tree and the named templates it defines. */
    record Result(ListNode root, Map<String, ListNode> defined) {
    }

    static Result parse(String name, String text, Set<String> functions) throws TemplateException {
        Parser p = new Parser(name, Lexer.lex(name, text), functions);
        p.scopes.add(new ArrayList<>(List.of("$")));
        List<Node> nodes = new ArrayList<>();
        while (p.peek().kind() != Kind.EOF) {
            if (p.peek().kind() == Kind.LEFT && p.peekAt(1).kind() == Kind.KEYWORD && p.peekAt(1).text().equals("define")) {
                p.next();
                p.next();
                p.define();
                continue;
            }
            Node n = p.textOrAction();
            if (n instanceof End || n instanceof Else) {
                throw p.error("unexpected " + n);
            }
            nodes.add(n);
        }
        return new Result(new ListNode(nodes), p.defined);
    }

    private TemplateException error(String msg) {
        return new TemplateException("template: " + name + ":" + peek().line() + ": " + msg);
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token peekAt(int ahead) {
        return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token t = tokens.get(pos);
        if (pos < tokens.size() - 1) {
            pos++;
        }
        return t;
    }

    private Token expect(Kind kind, String context) throws TemplateException {
        Token t = next();
        if (t.kind() != kind) {
            throw error("unexpected " + describe(t) + " in " + context);
        }
        return t;
    }

    private static String describe(Token t) {
        return switch (t.kind()) {
            case EOF -> "EOF";
            case RIGHT -> "\"}}\"";
            case STRING, RAW_STRING -> "quoted string";
            default -> "\"" + t.text() + "\"";
        };
    }

    private Node textOrAction() throws TemplateException {
        Token t = next();
        if (t.kind() == Kind.TEXT) {
            return new Node.Text(t.text());
        }
        if (t.kind() != Kind.LEFT) {
            throw error("unexpected " + describe(t));
        }
        Token k = peek();
        if (k.kind() == Kind.KEYWORD) {
            next();
            switch (k.text()) {
                case "end":
                    expect(Kind.RIGHT, "end");
                    return new End();
                case "else":
                    return new Else();
                case "if":
                    return branch(Branch.Kind.IF, k.line());
                case "with":
                    return branch(Branch.Kind.WITH, k.line());
                case "range":
                    return branch(Branch.Kind.RANGE, k.line());
                case "template":
                    return invoke(k.line());
                case "block":
                    return block(k.line());
                case "break":
                case "continue":
                    if (rangeDepth == 0) {
                        throw error("{{" + k.text() + "}} outside {{range}}");
                    }
                    expect(Kind.RIGHT, k.text());
                    return new Node.Jump(k.line(), k.text().equals("break"));
                case "define":
                    throw error("unexpected \"define\" in command");
                default:
                    throw error("unexpected keyword " + k.text());
            }
        }
        Pipeline p = pipeline("command", true);
        return new Node.Action(t.line(), p);
    }

    private void define() throws TemplateException {
        Token n = next();
        if (n.kind() != Kind.STRING && n.kind() != Kind.RAW_STRING) {
            throw error("unexpected " + describe(n) + " in define clause");
        }
        String tname = unquote(n);
        expect(Kind.RIGHT, "define clause");
        List<List<String>> saved = new ArrayList<>(scopes);
        scopes.clear();
        scopes.add(new ArrayList<>(List.of("$")));
        ListNode body = list(false);
        scopes.clear();
        scopes.addAll(saved);
        defined.put(tname, body);
    }

    private Node block(int line) throws TemplateException {
        Token n = next();
        if (n.kind() != Kind.STRING && n.kind() != Kind.RAW_STRING) {
            throw error("unexpected " + describe(n) + " in block clause");
        }
        String tname = unquote(n);
        Pipeline p = pipeline("block clause", false);
        List<List<String>> saved = new ArrayList<>(scopes);
        scopes.clear();
        scopes.add(new ArrayList<>(List.of("$")));
        ListNode body = list(false);
        scopes.clear();
        scopes.addAll(saved);
        defined.put(tname, body);
        return new Node.Invoke(line, n.column(), tname, p);
    }

    /** Items up to {{end}} (consumed), or up to {{else}} when allowed (left for the caller). */
    private ListNode list(boolean allowElse) throws TemplateException {
        List<Node> nodes = new ArrayList<>();
        while (true) {
            if (peek().kind() == Kind.EOF) {
                throw error("unexpected EOF");
            }
            if (peek().kind() == Kind.LEFT && peekAt(1).kind() == Kind.KEYWORD && peekAt(1).text().equals("define")) {
                throw error("unexpected \"define\" in command");
            }
            Node n = textOrAction();
            if (n instanceof End) {
                return new ListNode(nodes);
            }
            if (n instanceof Else) {
                if (!allowElse) {
                    throw error("unexpected {{else}}");
                }
                pos--; // leave the "else" keyword for the branch
                return new ListNode(nodes);
            }
            nodes.add(n);
        }
    }

    private Node branch(Branch.Kind kind, int line) throws TemplateException {
        scopes.add(new ArrayList<>());
        try {
            Pipeline p = pipeline(kind.name().toLowerCase(java.util.Locale.ROOT), kind == Branch.Kind.RANGE);
            if (kind == Branch.Kind.RANGE) {
                rangeDepth++;
            }
            ListNode body;
            try {
                body = list(true);
            } finally {
                if (kind == Branch.Kind.RANGE) {
                    rangeDepth--;
                }
            }
            ListNode otherwise = null;
            if (peek().kind() == Kind.KEYWORD && peek().text().equals("else")) {
                next();
                Token after = peek();
                if ((kind == Branch.Kind.IF && after.kind() == Kind.KEYWORD && after.text().equals("if"))
                        || (kind == Branch.Kind.WITH && after.kind() == Kind.KEYWORD && after.text().equals("with"))) {
                    // {{else if ...}} / {{else with ...}}: a nested branch that shares our {{end}}
                    next();
                    Node nested = branch(kind, after.line());
                    otherwise = new ListNode(List.of(nested));
                } else {
                    expect(Kind.RIGHT, "else");
                    otherwise = list(false);
                }
            }
            return new Branch(kind, line, p, body, otherwise);
        } finally {
            scopes.remove(scopes.size() - 1);
        }
    }

    private Node invoke(int line) throws TemplateException {
        Token n = next();
        if (n.kind() != Kind.STRING && n.kind() != Kind.RAW_STRING) {
            throw error("unexpected " + describe(n) + " in template clause");
        }
        String tname = unquote(n);
        Pipeline p = null;
        if (peek().kind() != Kind.RIGHT) {
            p = pipeline("template clause", false);
        } else {
            next();
        }
        return new Node.Invoke(line, n.column(), tname, p);
    }

    /** A pipeline up to the closing delimiter (consumed). */
    private Pipeline pipeline(String context, boolean allowTwoVars) throws TemplateException {
        int line = peek().line();
        List<String> decl = new ArrayList<>();
        boolean assign = false;
        // $x := / $x = / $i, $e :=
        if (peek().kind() == Kind.VARIABLE) {
            int save = pos;
            Token v = next();
            Token after = peek();
            if (after.kind() == Kind.DECLARE || after.kind() == Kind.ASSIGN) {
                next();
                decl.add(v.text());
                assign = after.kind() == Kind.ASSIGN;
            } else if (after.kind() == Kind.COMMA && allowTwoVars) {
                next();
                Token v2 = expect(Kind.VARIABLE, context);
                Token op = next();
                if (op.kind() != Kind.DECLARE && op.kind() != Kind.ASSIGN) {
                    throw error("expected := or = after range variables");
                }
                decl.add(v.text());
                decl.add(v2.text());
                assign = op.kind() == Kind.ASSIGN;
            } else if (after.kind() == Kind.COMMA) {
                throw error("too many declarations in " + context);
            } else {
                pos = save;
            }
        }
        for (String d : decl) {
            if (assign) {
                lookupVariable(d);
            } else {
                scopes.get(scopes.size() - 1).add(d);
            }
        }
        List<Command> cmds = new ArrayList<>();
        while (true) {
            Token t = peek();
            if (t.kind() == Kind.RIGHT) {
                next();
                break;
            }
            if (t.kind() == Kind.RPAREN) {
                break;
            }
            cmds.add(command());
            if (peek().kind() == Kind.PIPE) {
                next();
                if (peek().kind() == Kind.RIGHT || peek().kind() == Kind.RPAREN) {
                    throw error("missing command");
                }
            }
        }
        if (cmds.isEmpty()) {
            throw error("missing value for " + context);
        }
        for (int i = 1; i < cmds.size(); i++) {
            Arg first = cmds.get(i).args().get(0);
            if (first instanceof Node.Literal || first instanceof Node.Dot) {
                throw error("non executable command in pipeline stage " + (i + 1));
            }
        }
        return new Pipeline(line, assign, decl, cmds);
    }

    private Command command() throws TemplateException {
        Token start = peek();
        List<Arg> args = new ArrayList<>();
        while (true) {
            Token t = peek();
            if (t.kind() == Kind.RIGHT || t.kind() == Kind.RPAREN || t.kind() == Kind.PIPE) {
                break;
            }
            if (!args.isEmpty() && !t.spaceBefore()) {
                throw error("missing space?");
            }
            args.add(operand());
        }
        if (args.isEmpty()) {
            throw error("empty command");
        }
        return new Command(args, start.line(), start.column());
    }

    private Arg operand() throws TemplateException {
        Arg term = term();
        if (peek().kind() == Kind.FIELD && !peek().spaceBefore()) {
            List<String> idents = new ArrayList<>();
            while (peek().kind() == Kind.FIELD && !peek().spaceBefore()) {
                idents.add(next().text().substring(1));
            }
            if (term instanceof Node.Field f) {
                List<String> all = new ArrayList<>(f.idents());
                all.addAll(idents);
                return new Node.Field(all);
            }
            if (term instanceof Node.Variable v) {
                List<String> all = new ArrayList<>(v.idents());
                all.addAll(idents);
                return new Node.Variable(v.name(), all);
            }
            if (term instanceof Node.Literal || term instanceof Node.Dot) {
                throw error("unexpected . after term \"" + term + "\"");
            }
            return new Node.Chain(term, idents);
        }
        return term;
    }

    private Arg term() throws TemplateException {
        Token t = next();
        switch (t.kind()) {
            case IDENT:
                if (!functions.contains(t.text())) {
                    throw error("function \"" + t.text() + "\" not defined");
                }
                return new Node.Identifier(t.text());
            case DOT:
                return new Node.Dot();
            case NIL:
                return new Node.Literal(null, "nil");
            case VARIABLE:
                lookupVariable(t.text());
                return new Node.Variable(t.text(), List.of());
            case FIELD:
                return new Node.Field(new ArrayList<>(List.of(t.text().substring(1))));
            case BOOL:
                return new Node.Literal(Boolean.parseBoolean(t.text()), t.text());
            case CHAR:
                return new Node.Literal((long) unquoteChar(t), t.text());
            case NUMBER:
                return new Node.Literal(number(t), t.text());
            case STRING:
            case RAW_STRING:
                return new Node.Literal(unquote(t), t.text());
            case LPAREN:
                Pipeline p = pipeline("parenthesized pipeline", false);
                expect(Kind.RPAREN, "parenthesized pipeline");
                return new Node.Parenthesized(p);
            default:
                throw error("unexpected " + describe(t) + " in operand");
        }
    }

    private void lookupVariable(String v) throws TemplateException {
        for (List<String> scope : scopes) {
            if (scope.contains(v)) {
                return;
            }
        }
        throw error("undefined variable \"" + v + "\"");
    }

    private Object number(Token t) throws TemplateException {
        String s = t.text().replace("_", "");
        try {
            String body = s;
            boolean neg = false;
            if (body.startsWith("-") || body.startsWith("+")) {
                neg = body.startsWith("-");
                body = body.substring(1);
            }
            String lower = body.toLowerCase(java.util.Locale.ROOT);
            BigInteger v = null;
            if (lower.startsWith("0x") && !lower.contains("p")) {
                v = new BigInteger(body.substring(2), 16);
            } else if (lower.startsWith("0b")) {
                v = new BigInteger(body.substring(2), 2);
            } else if (lower.startsWith("0o")) {
                v = new BigInteger(body.substring(2), 8);
            } else if (body.matches("0[0-7]+")) {
                v = new BigInteger(body.substring(1), 8);
            } else if (body.matches("[0-9]+")) {
                v = new BigInteger(body);
            }
            if (v != null) {
                if (neg) {
                    v = v.negate();
                }
                if (v.bitLength() < 64) {
                    return v.longValue();
                }
                return v.doubleValue();
            }
            if (lower.startsWith("0x")) {
                throw new NumberFormatException("hex float");
            }
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw error("bad number syntax: \"" + t.text() + "\"");
        }
    }

    private String unquote(Token t) throws TemplateException {
        String s = t.text();
        if (t.kind() == Kind.RAW_STRING) {
            return s.substring(1, s.length() - 1);
        }
        return unescape(s.substring(1, s.length() - 1), t);
    }

    private int unquoteChar(Token t) throws TemplateException {
        String body = unescape(t.text().substring(1, t.text().length() - 1), t);
        if (body.codePointCount(0, body.length()) != 1) {
            throw error("malformed character constant: " + t.text());
        }
        return body.codePointAt(0);
    }

    private String unescape(String s, Token t) throws TemplateException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (++i >= s.length()) {
                throw error("invalid syntax: " + t.text());
            }
            char e = s.charAt(i);
            switch (e) {
                case 'a' -> sb.append('\u0007');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'v' -> sb.append('\u000b');
                case '\\', '\'', '"' -> sb.append(e);
                case 'x', 'u', 'U' -> {
                    int len = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    if (i + len > s.length() - 1) {
                        throw error("invalid syntax: " + t.text());
                    }
                    try {
                        int cp = Integer.parseInt(s.substring(i + 1, i + 1 + len), 16);
                        if (e == 'x') {
                            sb.append((char) cp);
                        } else {
                            sb.appendCodePoint(cp);
                        }
                    } catch (RuntimeException ex) {
                        throw error("invalid syntax: " + t.text());
                    }
                    i += len;
                }
                default -> {
                    if (e >= '0' && e <= '7' && i + 2 < s.length()) {
                        sb.append((char) Integer.parseInt(s.substring(i, i + 3), 8));
                        i += 2;
                    } else {
                        throw error("invalid syntax: " + t.text());
                    }
                }
            }
        }
        return sb.toString();
    }
}
