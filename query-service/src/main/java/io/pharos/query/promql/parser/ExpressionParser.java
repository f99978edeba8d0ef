package io.pharos.query.promql.parser;

import io.pharos.model.labels.Labels;
import io.pharos.model.labels.Matcher;
import io.pharos.query.promql.ast.AggregateExpr;
import io.pharos.query.promql.ast.AggregateOp;
import io.pharos.query.promql.ast.AtModifier;
import io.pharos.query.promql.ast.BinaryExpr;
import io.pharos.query.promql.ast.BinaryOp;
import io.pharos.query.promql.ast.Call;
import io.pharos.query.promql.ast.Cardinality;
import io.pharos.query.promql.ast.DurationExpr;
import io.pharos.query.promql.ast.Expr;
import io.pharos.query.promql.ast.ExtendedRange;
import io.pharos.query.promql.ast.Function;
import io.pharos.query.promql.ast.Functions;
import io.pharos.query.promql.ast.MatrixSelector;
import io.pharos.query.promql.ast.NumberLiteral;
import io.pharos.query.promql.ast.ParenExpr;
import io.pharos.query.promql.ast.PositionRange;
import io.pharos.query.promql.ast.PromqlText;
import io.pharos.query.promql.ast.StringLiteral;
import io.pharos.query.promql.ast.SubqueryExpr;
import io.pharos.query.promql.ast.UnaryExpr;
import io.pharos.query.promql.ast.VectorMatching;
import io.pharos.query.promql.ast.VectorSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.PatternSyntaxException;

/**
 * Recursive descent with precedence climbing over the token list, following Prometheus's grammar:
 * binary operators by precedence ({@code ^} right-associative), a unary sign binding tighter than
 * {@code *} but looser than {@code ^}, and the postfix modifiers ({@code [range]}, {@code [range:step]},
 * {@code offset}, {@code @}, {@code anchored}, {@code smoothed}) binding to the operand right before
 * them. It stops at the first error, worded as Prometheus words it; the syntax error messages name
 * the innermost construct Prometheus's grammar recovers in ("in aggregation", "in label matching", ...).
 *
 * <p>Binary expressions come out with a vector matching even between scalars; {@link TypeChecker}
 * validates and normalizes them.
 */
final class ExpressionParser {

    private static final String[] RANGE_CONTEXT = {"subquery or range selector", "number, duration, step(), or range()"};
    private static final String[] STEP_CONTEXT = {"subquery selector", "number, duration, step(), range(), or \"]\""};
    private static final String[] OFFSET_CONTEXT = {"offset", "number, duration, step(), or range()"};
    private static final String[] AT_CONTEXT = {"@", "timestamp"};

    private final String query;
    private final PromqlParser.Options options;
    private final List<Token> tokens;
    private int index;
    private int lastEnd;
    private int aggregationDepth;

    ExpressionParser(String query, PromqlParser.Options options) {
        this.query = query;
        this.options = options;
        this.tokens = Lexer.tokenize(query);
    }

    Expr parseQuery() {
        if (peek().type() == TokenType.EOF) {
            throw error(new PositionRange(0, 0), "no expression found in input");
        }
        Expr e = parseExpr(0);
        if (peek().type() != TokenType.EOF) {
            throw syntaxError();
        }
        return e;
    }

    VectorSelector parseSeriesSelector() {
        Token t = peek();
        VectorSelector vs;
        if (t.type().isMetricIdentifier()) {
            vs = parseVectorSelector(t);
        } else if (t.type() == TokenType.LEFT_BRACE) {
            vs = parseVectorSelector(null);
        } else {
            throw unexpected("", "");
        }
        if (peek().type() != TokenType.EOF) {
            throw unexpected("", "");
        }
        return vs;
    }

    // ---- token access and errors ----

    private Token peek() {
        return peek(0);
    }

    private Token peek(int ahead) {
        for (int i = index; i <= index + ahead && i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.type() == TokenType.ERROR) {
                throw error(t.range(), t.text());
            }
        }
        return tokens.get(Math.min(index + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token t = peek();
        if (index < tokens.size() - 1) {
            index++;
        }
        lastEnd = t.end();
        return t;
    }

    private boolean at(TokenType type) {
        return peek().type() == type;
    }

    private ParseException error(PositionRange range, String detail) {
        return new ParseException(query, range, detail);
    }

    /** "unexpected X [in context][, expected Y]" about the next token. */
    private ParseException unexpected(String context, String expected) {
        Token t = peek();
        StringBuilder b = new StringBuilder("unexpected ").append(t.describe());
        if (!context.isEmpty()) {
            b.append(" in ").append(context);
        }
        if (!expected.isEmpty()) {
            b.append(", expected ").append(expected);
        }
        return error(t.range(), b.toString());
    }

    private ParseException unexpected(String[] context) {
        return unexpected(context[0], context[1]);
    }

    /** An unexpected token where no narrower construct applies: inside an aggregation or at the top. */
    private ParseException syntaxError() {
        return unexpected(aggregationDepth > 0 ? "aggregation" : "", "");
    }

    private PositionRange from(int start) {
        return new PositionRange(start, lastEnd);
    }

    // ---- expressions ----

    private Expr parseExpr(int minPrecedence) {
        Expr lhs = parseUnary();
        while (true) {
            BinaryOp op = binaryOp(peek().type());
            if (op == null || op.precedence() < minPrecedence) {
                return lhs;
            }
            next();
            BinaryModifiers mods = parseBinaryModifiers();
            Expr rhs = parseExpr(op.isRightAssociative() ? op.precedence() : op.precedence() + 1);
            BinaryExpr bin = new BinaryExpr(op, lhs, rhs, mods.returnBool, mods.matching);
            if (!options.binopFillModifiers() && mods.matching.hasFill()) {
                throw error(bin.position(), "binop fill modifiers are experimental and not enabled");
            }
            lhs = bin;
        }
    }

    private static BinaryOp binaryOp(TokenType t) {
        return switch (t) {
            case ADD -> BinaryOp.ADD;
            case SUB -> BinaryOp.SUB;
            case MUL -> BinaryOp.MUL;
            case DIV -> BinaryOp.DIV;
            case MOD -> BinaryOp.MOD;
            case POW -> BinaryOp.POW;
            case ATAN2 -> BinaryOp.ATAN2;
            case EQLC -> BinaryOp.EQL;
            case NEQ -> BinaryOp.NEQ;
            case GTR -> BinaryOp.GTR;
            case LSS -> BinaryOp.LSS;
            case GTE -> BinaryOp.GTE;
            case LTE -> BinaryOp.LTE;
            case TRIM_UPPER -> BinaryOp.TRIM_UPPER;
            case TRIM_LOWER -> BinaryOp.TRIM_LOWER;
            case LAND -> BinaryOp.AND;
            case LUNLESS -> BinaryOp.UNLESS;
            case LOR -> BinaryOp.OR;
            default -> null;
        };
    }

    private record BinaryModifiers(boolean returnBool, VectorMatching matching) {
    }

    private BinaryModifiers parseBinaryModifiers() {
        boolean returnBool = false;
        if (at(TokenType.BOOL)) {
            next();
            returnBool = true;
        }
        Cardinality card = Cardinality.ONE_TO_ONE;
        List<String> labels = List.of();
        List<String> include = List.of();
        boolean on = false;
        if (at(TokenType.ON) || at(TokenType.IGNORING)) {
            on = next().type() == TokenType.ON;
            labels = parseGroupingLabels();
            if (at(TokenType.GROUP_LEFT) || at(TokenType.GROUP_RIGHT)) {
                card = next().type() == TokenType.GROUP_LEFT ? Cardinality.MANY_TO_ONE : Cardinality.ONE_TO_MANY;
                TokenType t = peek().type();
                if (t == TokenType.LEFT_PAREN) {
                    include = parseGroupingLabels();
                } else if (!canStartOperand(t) && t != TokenType.FILL && t != TokenType.FILL_LEFT
                        && t != TokenType.FILL_RIGHT) {
                    // Prometheus's grammar recovers in the optional label list here.
                    throw unexpected("grouping opts", "\"(\"");
                }
            }
        }
        Double fillLhs = null;
        Double fillRhs = null;
        if (at(TokenType.FILL)) {
            next();
            fillLhs = parseFillValue();
            fillRhs = fillLhs;
        } else if (at(TokenType.FILL_LEFT)) {
            next();
            fillLhs = parseFillValue();
            if (at(TokenType.FILL_RIGHT)) {
                next();
                fillRhs = parseFillValue();
            }
        } else if (at(TokenType.FILL_RIGHT)) {
            next();
            fillRhs = parseFillValue();
            if (at(TokenType.FILL_LEFT)) {
                next();
                fillLhs = parseFillValue();
            }
        }
        return new BinaryModifiers(returnBool, new VectorMatching(card, labels, on, include, fillLhs, fillRhs));
    }

    private double parseFillValue() {
        if (!at(TokenType.LEFT_PAREN)) {
            throw syntaxError();
        }
        next();
        boolean negative = false;
        if (at(TokenType.ADD) || at(TokenType.SUB)) {
            negative = next().type() == TokenType.SUB;
        }
        Token t = peek();
        if (t.type() != TokenType.NUMBER && t.type() != TokenType.DURATION) {
            throw syntaxError();
        }
        next();
        double v = literalSeconds(t);
        if (!at(TokenType.RIGHT_PAREN)) {
            throw syntaxError();
        }
        next();
        return negative ? -v : v;
    }

    private static boolean canStartOperand(TokenType t) {
        return switch (t) {
            case NUMBER, DURATION, STRING, LEFT_PAREN, LEFT_BRACE, ADD, SUB -> true;
            default -> t.isMetricIdentifier();
        };
    }

    private Expr parseUnary() {
        Token t = peek();
        if (t.type() != TokenType.ADD && t.type() != TokenType.SUB) {
            return parsePostfix(parsePrimary());
        }
        next();
        // The sign binds tighter than * / % but looser than ^: -2^2 is -(2^2).
        Expr operand = parseExpr(BinaryOp.POW.precedence());
        PositionRange pos = new PositionRange(t.start(), operand.position().end());
        if (operand instanceof NumberLiteral n) {
            double v = t.type() == TokenType.SUB ? -n.value() : n.value();
            return new NumberLiteral(v, n.duration(), pos);
        }
        return new UnaryExpr(t.type() == TokenType.SUB ? '-' : '+', operand, pos);
    }

    private Expr parsePrimary() {
        Token t = peek();
        TokenType type = t.type();
        switch (type) {
            case NUMBER, DURATION -> {
                next();
                return new NumberLiteral(literalSeconds(t), type == TokenType.DURATION, t.range());
            }
            case STRING -> {
                next();
                return new StringLiteral(Literals.unquote(t.text()), t.range());
            }
            case LEFT_BRACE -> {
                return parseVectorSelector(null);
            }
            case LEFT_PAREN -> {
                next();
                Expr inner = parseExpr(0);
                if (!at(TokenType.RIGHT_PAREN)) {
                    throw syntaxError();
                }
                next();
                return new ParenExpr(inner, from(t.start()));
            }
            case IDENTIFIER, START, END, STEP, RANGE, MAX_OF, MIN_OF -> {
                if (peek(1).type() == TokenType.LEFT_PAREN) {
                    return parseCall(t);
                }
                return parseVectorSelector(t);
            }
            default -> {
                if (type.isAggregator()) {
                    TokenType after = peek(1).type();
                    if (after == TokenType.LEFT_PAREN || after == TokenType.BY || after == TokenType.WITHOUT) {
                        return parseAggregate(t);
                    }
                }
                if (type.isMetricIdentifier()) {
                    return parseVectorSelector(t);
                }
                throw syntaxError();
            }
        }
    }

    // ---- selectors ----

    private VectorSelector parseVectorSelector(Token nameToken) {
        String name = null;
        int start;
        List<Matcher> matchers = new ArrayList<>();
        if (nameToken != null) {
            next();
            name = nameToken.text();
            start = nameToken.start();
        } else {
            start = peek().start();
        }
        if (at(TokenType.LEFT_BRACE)) {
            next();
            parseLabelMatchers(matchers);
        }
        if (name != null) {
            matchers.add(Matcher.equal(Labels.METRIC_NAME, name));
        }
        return new VectorSelector(name, matchers, 0, null, AtModifier.NONE, null, ExtendedRange.NONE, from(start));
    }

    /** After the opening brace, up to and including the closing one. */
    private void parseLabelMatchers(List<Matcher> matchers) {
        if (at(TokenType.RIGHT_BRACE)) {
            next();
            return;
        }
        while (true) {
            matchers.add(parseLabelMatcher());
            if (at(TokenType.COMMA)) {
                next();
                if (at(TokenType.RIGHT_BRACE)) {
                    next();
                    return;
                }
                continue;
            }
            if (at(TokenType.RIGHT_BRACE)) {
                next();
                return;
            }
            throw unexpected("label matching", "\",\" or \"}\"");
        }
    }

    private Matcher parseLabelMatcher() {
        Token label = peek();
        String name;
        if (label.type() == TokenType.IDENTIFIER) {
            next();
            name = label.text();
            if (!isMatchOp(peek().type())) {
                throw unexpected("label matching", "label matching operator");
            }
        } else if (label.type() == TokenType.STRING) {
            next();
            name = Literals.unquote(label.text());
            if (!isMatchOp(peek().type())) {
                // {"metric.name"}: a quoted metric name.
                return Matcher.equal(Labels.METRIC_NAME, name);
            }
        } else {
            throw unexpected("label matching", "identifier or \"}\"");
        }
        Token op = next();
        Token value = peek();
        if (value.type() != TokenType.STRING) {
            throw unexpected("label matching", "string");
        }
        next();
        Matcher.Type type = switch (op.type()) {
            case EQL -> Matcher.Type.EQ;
            case NEQ -> Matcher.Type.NEQ;
            case EQL_REGEX -> Matcher.Type.RE;
            default -> Matcher.Type.NRE;
        };
        String v = Literals.unquote(value.text());
        try {
            return Matcher.of(type, name, v);
        } catch (PatternSyntaxException e) {
            throw error(new PositionRange(label.start(), value.end()), RegexErrors.describe(v, e));
        }
    }

    private static boolean isMatchOp(TokenType t) {
        return t == TokenType.EQL || t == TokenType.NEQ || t == TokenType.EQL_REGEX || t == TokenType.NEQ_REGEX;
    }

    // ---- calls and aggregations ----

    private Call parseCall(Token nameToken) {
        next();
        next(); // (
        List<Expr> args = parseArguments();
        Function f = Functions.get(nameToken.text()).orElseThrow(() ->
                error(nameToken.range(), "unknown function with name " + PromqlText.quote(nameToken.text())));
        if (f.experimental() && !options.experimentalFunctions()) {
            throw error(nameToken.range(), "function " + PromqlText.quote(f.name()) + " is not enabled");
        }
        return new Call(f, args, from(nameToken.start()));
    }

    /** After the opening parenthesis, up to and including the closing one. */
    private List<Expr> parseArguments() {
        List<Expr> args = new ArrayList<>();
        if (at(TokenType.RIGHT_PAREN)) {
            next();
            return args;
        }
        while (true) {
            args.add(parseExpr(0));
            Token t = peek();
            if (t.type() == TokenType.COMMA) {
                next();
                if (!canStartOperand(peek().type())) {
                    // Prometheus reduces "args ," first, so this is reported before any syntax error.
                    throw error(t.range(), "trailing commas not allowed in function call args");
                }
                continue;
            }
            if (t.type() == TokenType.RIGHT_PAREN) {
                next();
                return args;
            }
            throw syntaxError();
        }
    }

    private AggregateExpr parseAggregate(Token opToken) {
        AggregateOp op = AggregateOp.fromKeyword(opToken.text());
        List<String> grouping = List.of();
        boolean without = false;
        List<Expr> args;
        aggregationDepth++;
        try {
            next();
            boolean modifierFirst = at(TokenType.BY) || at(TokenType.WITHOUT);
            if (modifierFirst) {
                without = next().type() == TokenType.WITHOUT;
                grouping = parseGroupingLabels();
            }
            if (!at(TokenType.LEFT_PAREN)) {
                throw syntaxError();
            }
            next();
            args = parseArguments();
            if (!modifierFirst && (at(TokenType.BY) || at(TokenType.WITHOUT))) {
                without = next().type() == TokenType.WITHOUT;
                grouping = parseGroupingLabels();
            }
        } finally {
            aggregationDepth--;
        }
        PositionRange pos = from(opToken.start());
        if (args.isEmpty()) {
            throw error(pos, "no arguments for aggregate expression provided");
        }
        int wanted = 1;
        Expr param = null;
        if (op.hasParam()) {
            if (op.isExperimental() && !options.experimentalFunctions()) {
                throw error(pos, op.keyword()
                        + "() is experimental and must be enabled with --enable-feature=promql-experimental-functions");
            }
            wanted = 2;
            param = args.get(0);
        }
        if (args.size() != wanted) {
            throw error(pos, "wrong number of arguments for aggregate expression provided, expected " + wanted
                    + ", got " + args.size());
        }
        return new AggregateExpr(op, args.get(wanted - 1), param, grouping, without, pos);
    }

    /** {@code (label, "label", ...)} after by, without, on, ignoring, group_left, group_right. */
    private List<String> parseGroupingLabels() {
        if (!at(TokenType.LEFT_PAREN)) {
            throw unexpected("grouping opts", "\"(\"");
        }
        next();
        List<String> labels = new ArrayList<>();
        if (at(TokenType.RIGHT_PAREN)) {
            next();
            return labels;
        }
        while (true) {
            labels.add(parseGroupingLabel());
            if (at(TokenType.COMMA)) {
                next();
                if (at(TokenType.RIGHT_PAREN)) {
                    next();
                    return labels;
                }
                continue;
            }
            if (at(TokenType.RIGHT_PAREN)) {
                next();
                return labels;
            }
            throw unexpected("grouping opts", "\",\" or \")\"");
        }
    }

    private String parseGroupingLabel() {
        Token t = peek();
        if (t.type().isGroupingLabel()) {
            next();
            return t.text();
        }
        if (t.type() == TokenType.STRING) {
            next();
            String name = Literals.unquote(t.text());
            if (name.isEmpty() || !PromqlText.isValidUtf8(name)) {
                throw error(t.range(), "invalid label name for grouping: " + PromqlText.quote(name));
            }
            return name;
        }
        throw unexpected("grouping opts", "label");
    }

    // ---- postfix modifiers ----

    private Expr parsePostfix(Expr e) {
        while (true) {
            switch (peek().type()) {
                case LEFT_BRACKET -> e = parseRangeOrSubquery(e);
                case OFFSET -> e = parseOffset(e);
                case AT -> e = parseAt(e);
                case ANCHORED -> e = parseExtendedRange(e, ExtendedRange.ANCHORED);
                case SMOOTHED -> e = parseExtendedRange(e, ExtendedRange.SMOOTHED);
                default -> {
                    return e;
                }
            }
        }
    }

    private Expr parseRangeOrSubquery(Expr e) {
        Token open = next();
        DurationExpr range = parsePositiveDuration(RANGE_CONTEXT);
        Token t = peek();
        if (t.type() == TokenType.RIGHT_BRACKET) {
            next();
            String problem = null;
            if (!(e instanceof VectorSelector vs)) {
                problem = "ranges only allowed for vector selectors";
            } else if (vs.hasOffset()) {
                problem = "no offset modifiers allowed before range";
            } else if (vs.atModifier() != AtModifier.NONE) {
                problem = "no @ modifiers allowed before range";
            }
            if (problem != null) {
                throw error(new PositionRange(open.start(), t.end()), problem);
            }
            VectorSelector vs = (VectorSelector) e;
            return new MatrixSelector(vs, constantMillis(range), range instanceof DurationExpr.Literal ? null : range,
                    from(e.position().start()));
        }
        if (t.type() != TokenType.COLON) {
            throw unexpected("subquery or range", "\":\" or \"]\"");
        }
        next();
        DurationExpr step = null;
        if (!at(TokenType.RIGHT_BRACKET)) {
            step = parsePositiveDuration(STEP_CONTEXT);
            if (!at(TokenType.RIGHT_BRACKET)) {
                throw unexpected("subquery selector", "\"]\"");
            }
        }
        next();
        long stepMillis = step == null ? 0 : constantMillis(step);
        DurationExpr stepExpr = step == null || step instanceof DurationExpr.Literal ? null : step;
        return new SubqueryExpr(e, constantMillis(range), stepMillis, 0, null, AtModifier.NONE,
                range instanceof DurationExpr.Literal ? null : range, stepExpr, null, from(e.position().start()));
    }

    private static long constantMillis(DurationExpr d) {
        return d instanceof DurationExpr.Literal l ? secondsToMillis(l.value()) : 0;
    }

    /** Seconds to whole milliseconds as Prometheus converts a duration literal (nanoseconds, then truncated). */
    static long secondsToMillis(double seconds) {
        return (long) goRound(seconds * 1e9) / 1_000_000;
    }

    /** Go's math.Round: half away from zero. */
    static double goRound(double x) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            return x;
        }
        double t = x < 0 ? Math.ceil(x) : Math.floor(x);
        if (Math.abs(x - t) >= 0.5) {
            t += Math.signum(x);
        }
        return t;
    }

    private Expr parseOffset(Expr e) {
        next();
        DurationExpr d = parseOffsetDuration();
        long millis = constantMillis(d);
        DurationExpr expr = d instanceof DurationExpr.Literal ? null : d;
        if (e instanceof VectorSelector vs) {
            if (vs.hasOffset()) {
                throw error(vs.position(), "offset may not be set multiple times");
            }
            return vs.withOffset(millis, expr).withPosition(from(vs.position().start()));
        }
        if (e instanceof MatrixSelector m) {
            if (m.selector().hasOffset()) {
                throw error(m.position(), "offset may not be set multiple times");
            }
            return new MatrixSelector(m.selector().withOffset(millis, expr), m.rangeMillis(), m.rangeExpr(),
                    from(m.position().start()));
        }
        if (e instanceof SubqueryExpr s) {
            if (s.hasOffset()) {
                throw error(s.position(), "offset may not be set multiple times");
            }
            return s.withOffset(millis, expr).withPosition(from(s.position().start()));
        }
        throw error(e.position(),
                "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery");
    }

    private Expr parseAt(Expr e) {
        next();
        Token t = peek();
        AtModifier modifier;
        Long millis = null;
        if (t.type() == TokenType.START || t.type() == TokenType.END) {
            next();
            expect(TokenType.LEFT_PAREN, AT_CONTEXT);
            expect(TokenType.RIGHT_PAREN, AT_CONTEXT);
            modifier = t.type() == TokenType.START ? AtModifier.START : AtModifier.END;
        } else {
            boolean negative = false;
            if (t.type() == TokenType.ADD || t.type() == TokenType.SUB) {
                next();
                negative = t.type() == TokenType.SUB;
                t = peek();
            }
            if (t.type() != TokenType.NUMBER && t.type() != TokenType.DURATION) {
                throw unexpected(AT_CONTEXT);
            }
            next();
            double seconds = literalSeconds(t);
            if (negative) {
                seconds = -seconds;
            }
            if (Double.isNaN(seconds) || seconds >= 9.223372036854775807e18 || seconds <= -9.223372036854775808e18) {
                throw error(e.position(), "timestamp out of bounds for @ modifier: " + PromqlText.formatFixed6(seconds));
            }
            modifier = AtModifier.TIMESTAMP;
            millis = (long) goRound(seconds * 1000);
        }
        String twice = "@ <timestamp> may not be set multiple times";
        if (e instanceof VectorSelector vs) {
            if (vs.atModifier() != AtModifier.NONE) {
                throw error(vs.position(), twice);
            }
            return vs.withAt(modifier, millis).withPosition(from(vs.position().start()));
        }
        if (e instanceof MatrixSelector m) {
            if (m.selector().atModifier() != AtModifier.NONE) {
                throw error(m.position(), twice);
            }
            return new MatrixSelector(m.selector().withAt(modifier, millis), m.rangeMillis(), m.rangeExpr(),
                    from(m.position().start()));
        }
        if (e instanceof SubqueryExpr s) {
            if (s.atModifier() != AtModifier.NONE) {
                throw error(s.position(), twice);
            }
            return s.withAt(modifier, millis).withPosition(from(s.position().start()));
        }
        throw error(e.position(),
                "@ modifier must be preceded by an instant vector selector or range vector selector or a subquery");
    }

    private Expr parseExtendedRange(Expr e, ExtendedRange kind) {
        next();
        String name = kind.keyword();
        if (!options.extendedRangeSelectors()) {
            throw error(e.position(), name + " modifier is experimental and not enabled");
        }
        if (e instanceof VectorSelector vs) {
            checkExtendedRange(vs, kind, e);
            return vs.withExtendedRange(kind).withPosition(from(vs.position().start()));
        }
        if (e instanceof MatrixSelector m) {
            checkExtendedRange(m.selector(), kind, e);
            return new MatrixSelector(m.selector().withExtendedRange(kind), m.rangeMillis(), m.rangeExpr(),
                    from(m.position().start()));
        }
        if (e instanceof SubqueryExpr) {
            throw error(e.position(), name + " modifier is not supported for subqueries");
        }
        throw error(e.position(), name + " modifier not implemented");
    }

    private void checkExtendedRange(VectorSelector vs, ExtendedRange kind, Expr e) {
        if (vs.extendedRange() != ExtendedRange.NONE && vs.extendedRange() != kind) {
            throw error(e.position(), "anchored and smoothed modifiers cannot be used together");
        }
    }

    private void expect(TokenType type, String[] context) {
        if (!at(type)) {
            throw unexpected(context);
        }
        next();
    }

    // ---- durations ----

    /** A range or subquery step: a duration expression whose plain literal must be positive. */
    private DurationExpr parsePositiveDuration(String[] context) {
        DurationExpr d = parseDuration(0, context);
        if (d instanceof DurationExpr.Literal l && l.value() <= 0) {
            throw error(l.position(), "duration must be greater than 0");
        }
        return d;
    }

    /**
     * What may follow {@code offset}: a signed literal, {@code step()}, {@code range()},
     * {@code min_of/max_of(...)} or a parenthesized expression. Arithmetic after these belongs to the
     * surrounding expression ({@code foo offset 5m * 2} multiplies the selector), except after a
     * plain parenthesis, where Prometheus's grammar keeps reading the duration expression.
     */
    private DurationExpr parseOffsetDuration() {
        Token t = peek();
        if (t.type() == TokenType.ADD || t.type() == TokenType.SUB) {
            Token t2 = peek(1);
            switch (t2.type()) {
                case NUMBER, DURATION -> {
                    next();
                    next();
                    double v = literalSeconds(t2);
                    if (t.type() == TokenType.SUB) {
                        v = -v;
                    }
                    if (durationOutOfRange(v)) {
                        throw error(t.range(), "duration out of range");
                    }
                    return new DurationExpr.Literal(v, t2.type() == TokenType.DURATION, from(t.start()));
                }
                case STEP, RANGE, MAX_OF, MIN_OF -> {
                    next();
                    DurationExpr inner = parseDurationPrimary(OFFSET_CONTEXT);
                    return t.type() == TokenType.SUB ? new DurationExpr.Negation(inner, from(t.start())) : inner;
                }
                case LEFT_PAREN -> {
                    next();
                    Token open = next();
                    DurationExpr inner = parseDuration(0, OFFSET_CONTEXT);
                    expect(TokenType.RIGHT_PAREN, OFFSET_CONTEXT);
                    DurationExpr wrapped = paren(inner, from(open.start()));
                    return t.type() == TokenType.SUB ? new DurationExpr.Negation(wrapped, from(t.start())) : wrapped;
                }
                default -> {
                    return parseDuration(0, OFFSET_CONTEXT);
                }
            }
        }
        return switch (t.type()) {
            case NUMBER, DURATION, STEP, RANGE, MAX_OF, MIN_OF -> parseDurationPrimary(OFFSET_CONTEXT);
            case LEFT_PAREN -> parseDuration(0, OFFSET_CONTEXT);
            default -> throw unexpected(OFFSET_CONTEXT);
        };
    }

    private DurationExpr parseDuration(int minPrecedence, String[] context) {
        DurationExpr lhs = parseDurationUnary(context);
        while (true) {
            Token t = peek();
            BinaryOp op = switch (t.type()) {
                case ADD -> BinaryOp.ADD;
                case SUB -> BinaryOp.SUB;
                case MUL -> BinaryOp.MUL;
                case DIV -> BinaryOp.DIV;
                case MOD -> BinaryOp.MOD;
                case POW -> BinaryOp.POW;
                default -> null;
            };
            if (op == null || op.precedence() < minPrecedence) {
                return lhs;
            }
            next();
            DurationExpr rhs = parseDuration(op.isRightAssociative() ? op.precedence() : op.precedence() + 1, context);
            experimental(lhs.position());
            if (rhs instanceof DurationExpr.Literal l && l.value() == 0) {
                if (op == BinaryOp.DIV) {
                    throw error(t.range(), "division by zero");
                }
                if (op == BinaryOp.MOD) {
                    throw error(t.range(), "modulo by zero");
                }
            }
            lhs = new DurationExpr.Binary(op, lhs, rhs);
        }
    }

    private DurationExpr parseDurationUnary(String[] context) {
        Token t = peek();
        if (t.type() != TokenType.ADD && t.type() != TokenType.SUB) {
            return parseDurationPrimary(context);
        }
        next();
        DurationExpr operand = parseDuration(BinaryOp.POW.precedence(), context);
        if (operand instanceof DurationExpr.Literal l) {
            double v = t.type() == TokenType.SUB ? -l.value() : l.value();
            if (durationOutOfRange(v)) {
                throw error(t.range(), "duration out of range");
            }
            return new DurationExpr.Literal(v, l.duration(), from(t.start()));
        }
        return t.type() == TokenType.SUB ? new DurationExpr.Negation(operand, from(t.start())) : operand;
    }

    private DurationExpr parseDurationPrimary(String[] context) {
        Token t = peek();
        switch (t.type()) {
            case NUMBER, DURATION -> {
                next();
                double v = literalSeconds(t);
                if (durationOutOfRange(v)) {
                    throw error(t.range(), "duration out of range");
                }
                return new DurationExpr.Literal(v, t.type() == TokenType.DURATION, t.range());
            }
            case STEP, RANGE -> {
                next();
                expect(TokenType.LEFT_PAREN, context);
                expect(TokenType.RIGHT_PAREN, context);
                experimental(from(t.start()));
                return t.type() == TokenType.STEP ? new DurationExpr.Step(from(t.start()))
                        : new DurationExpr.Range(from(t.start()));
            }
            case MAX_OF, MIN_OF -> {
                next();
                expect(TokenType.LEFT_PAREN, context);
                DurationExpr a = parseDuration(0, context);
                expect(TokenType.COMMA, context);
                DurationExpr b = parseDuration(0, context);
                expect(TokenType.RIGHT_PAREN, context);
                experimental(from(t.start()));
                return new DurationExpr.MinMax(t.type() == TokenType.MAX_OF, a, b, from(t.start()));
            }
            case LEFT_PAREN -> {
                next();
                DurationExpr inner = parseDuration(0, context);
                expect(TokenType.RIGHT_PAREN, context);
                experimental(inner.position());
                return paren(inner, from(t.start()));
            }
            default -> throw unexpected(context);
        }
    }

    /** Parentheses around a duration expression; nested ones print once, as in Prometheus. */
    private static DurationExpr paren(DurationExpr inner, PositionRange pos) {
        return inner instanceof DurationExpr.Paren ? inner : new DurationExpr.Paren(inner, pos);
    }

    private void experimental(PositionRange pos) {
        if (!options.durationExpressions()) {
            throw error(pos, "experimental duration expression is not enabled");
        }
    }

    private static boolean durationOutOfRange(double seconds) {
        return seconds > 9.223372036854775808e9 || seconds < -9.223372036854775808e9;
    }

    /** The value of a NUMBER token, or of a DURATION token in seconds. */
    private double literalSeconds(Token t) {
        if (t.type() == TokenType.DURATION) {
            try {
                long ms = Durations.parse(t.text());
                return (ms / 1000) + (ms % 1000) / 1000.0;
            } catch (IllegalArgumentException e) {
                throw error(t.range(), e.getMessage());
            }
        }
        try {
            return Literals.parseNumber(t.text());
        } catch (IllegalArgumentException e) {
            throw error(t.range(), "error parsing number: " + e.getMessage());
        }
    }
}
