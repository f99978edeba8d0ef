package io.pharos.query.promql.parser;

import io.pharos.model.labels.Labels;
import io.pharos.model.labels.Matcher;
import io.pharos.query.promql.ast.AggregateExpr;
import io.pharos.query.promql.ast.BinaryExpr;
import io.pharos.query.promql.ast.BinaryOp;
import io.pharos.query.promql.ast.Call;
import io.pharos.query.promql.ast.Cardinality;
import io.pharos.query.promql.ast.Expr;
import io.pharos.query.promql.ast.Function;
import io.pharos.query.promql.ast.MatrixSelector;
import io.pharos.query.promql.ast.ParenExpr;
import io.pharos.query.promql.ast.PositionRange;
import io.pharos.query.promql.ast.PromqlText;
import io.pharos.query.promql.ast.SubqueryExpr;
import io.pharos.query.promql.ast.UnaryExpr;
import io.pharos.query.promql.ast.ValueType;
import io.pharos.query.promql.ast.VectorMatching;
import io.pharos.query.promql.ast.VectorSelector;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The type checks Prometheus runs after a syntactically valid parse, in the same order (so the
 * first error reported is the same), and the normalization that goes with them: set operators
 * become many-to-many, and binary operations with a scalar side lose their vector matching.
 */
final class TypeChecker {

    private final String query;

    TypeChecker(String query) {
        this.query = query;
    }

    Expr check(Expr e) {
        return visit(e, false);
    }

    private Expr visit(Expr e, boolean bypassEmptyMatcherCheck) {
        if (e instanceof AggregateExpr a) {
            Expr inner = expectType(a.expr(), ValueType.VECTOR, "aggregation expression");
            Expr param = a.param();
            if (a.op().hasParam()) {
                param = expectType(param, a.op().paramType(), "aggregation parameter");
            }
            return new AggregateExpr(a.op(), inner, param, a.grouping(), a.without(), a.position());
        }
        if (e instanceof BinaryExpr b) {
            return checkBinary(b);
        }
        if (e instanceof Call c) {
            return checkCall(c);
        }
        if (e instanceof ParenExpr p) {
            return new ParenExpr(visit(p.expr(), false), p.position());
        }
        if (e instanceof UnaryExpr u) {
            Expr inner = visit(u.expr(), false);
            ValueType t = inner.type();
            if (t != ValueType.SCALAR && t != ValueType.VECTOR) {
                throw error(u.position(), "unary expression only allowed on expressions of type scalar or instant vector, got "
                        + PromqlText.quote(t.documentedName()));
            }
            return new UnaryExpr(u.op(), inner, u.position());
        }
        if (e instanceof SubqueryExpr s) {
            Expr inner = visit(s.expr(), false);
            if (inner.type() != ValueType.VECTOR) {
                throw error(s.position(), "subquery is only allowed on instant vector, got " + inner.type().promName()
                        + " instead");
            }
            return s.withExpr(inner);
        }
        if (e instanceof MatrixSelector m) {
            checkSelector(m.selector(), false);
            return m;
        }
        if (e instanceof VectorSelector v) {
            checkSelector(v, bypassEmptyMatcherCheck);
            return v;
        }
        return e;
    }

    private Expr expectType(Expr e, ValueType want, String context) {
        Expr checked = visit(e, false);
        if (checked.type() != want) {
            throw error(e.position(), "expected type " + want.documentedName() + " in " + context + ", got "
                    + checked.type().documentedName());
        }
        return checked;
    }

    /** Checks a chain of binary expressions down its left side without recursing per operator. */
    private Expr checkBinary(BinaryExpr outer) {
        Deque<BinaryExpr> spine = new ArrayDeque<>();
        Expr e = outer;
        while (e instanceof BinaryExpr b) {
            spine.push(b);
            e = b.lhs();
        }
        Expr checked = visit(e, false);
        while (!spine.isEmpty()) {
            checked = checkBinary(spine.pop(), checked);
        }
        return checked;
    }

    private Expr checkBinary(BinaryExpr b, Expr lhs) {
        Expr rhs = visit(b.rhs(), false);
        ValueType lt = lhs.type();
        ValueType rt = rhs.type();
        BinaryOp op = b.op();
        VectorMatching m = b.matching() == null ? VectorMatching.oneToOne() : b.matching();
        PositionRange pos = lhs.position().merge(rhs.position());

        if (b.returnBool() && !op.isComparison()) {
            throw error(operatorRange(lhs, rhs), "bool modifier can only be used on comparison operators");
        }
        if (op.isComparison() && !b.returnBool() && lt == ValueType.SCALAR && rt == ValueType.SCALAR) {
            throw error(operatorRange(lhs, rhs), "comparisons between scalars must use BOOL modifier");
        }
        if (op.isSetOperator() && m.card() == Cardinality.ONE_TO_ONE) {
            m = m.withCard(Cardinality.MANY_TO_MANY);
        }
        if (m.on()) {
            for (String l : m.matchingLabels()) {
                if (m.include().contains(l)) {
                    throw error(operatorRange(lhs, rhs), "label " + PromqlText.quote(l)
                            + " must not occur in ON and GROUP clause at once");
                }
            }
        }
        if (lt != ValueType.SCALAR && lt != ValueType.VECTOR) {
            throw error(lhs.position(), "binary expression must contain only scalar and instant vector types");
        }
        if (rt != ValueType.SCALAR && rt != ValueType.VECTOR) {
            throw error(rhs.position(), "binary expression must contain only scalar and instant vector types");
        }
        if (lt != ValueType.VECTOR || rt != ValueType.VECTOR) {
            if (!m.matchingLabels().isEmpty()) {
                throw error(pos, "vector matching only allowed between instant vectors");
            }
            if (m.hasFill()) {
                throw error(pos, "filling in missing series only allowed between instant vectors");
            }
            m = null;
        } else if (op.isSetOperator()) {
            if (m.card() == Cardinality.ONE_TO_MANY || m.card() == Cardinality.MANY_TO_ONE) {
                throw error(pos, "no grouping allowed for " + PromqlText.quote(op.symbol()) + " operation");
            }
            if (m.card() != Cardinality.MANY_TO_MANY) {
                throw error(pos, "set operations must always be many-to-many");
            }
            if (m.hasFill()) {
                throw error(pos, "filling in missing series not allowed for set operators");
            }
        }
        if ((lt == ValueType.SCALAR || rt == ValueType.SCALAR) && op.isSetOperator()) {
            throw error(pos, "set operator " + PromqlText.quote(op.symbol()) + " not allowed in binary scalar expression");
        }
        return new BinaryExpr(op, lhs, rhs, b.returnBool(), m);
    }

    /** The operator and its modifiers: from after the left operand to before the right one, spaces trimmed. */
    private PositionRange operatorRange(Expr lhs, Expr rhs) {
        int start = lhs.position().end();
        int end = rhs.position().start() - 1;
        if (start < 0 || end < 0 || end >= query.length()) {
            return lhs.position().merge(rhs.position());
        }
        while (start < end && Lexer.isSpace(query.charAt(start))) {
            start++;
        }
        while (end > start && Lexer.isSpace(query.charAt(end))) {
            end--;
        }
        return new PositionRange(start, end);
    }

    private Expr checkCall(Call c) {
        Function f = c.func();
        List<Expr> args = c.args();
        int declared = f.argTypes().size();
        String name = PromqlText.quote(f.name());
        if (f.variadic() == 0) {
            if (declared != args.size()) {
                throw error(c.position(), "expected " + declared + " argument(s) in call to " + name + ", got " + args.size());
            }
        } else {
            int required = declared - 1;
            if (required > args.size()) {
                throw error(c.position(), "expected at least " + required + " argument(s) in call to " + name + ", got "
                        + args.size());
            }
            if (f.variadic() > 0 && required + f.variadic() < args.size()) {
                throw error(c.position(), "expected at most " + (required + f.variadic()) + " argument(s) in call to "
                        + name + ", got " + args.size());
            }
        }
        boolean infoLabelSelector = false;
        if (f.name().equals("info") && args.size() > 1) {
            Expr selector = args.get(1);
            if (selector.type() != ValueType.VECTOR) {
                throw error(c.position(), "expected type instant vector in call to function " + name + ", got "
                        + selector.type().documentedName());
            }
            if (selector instanceof VectorSelector vs && vs.name() != null) {
                throw error(selector.position(), "expected label selectors only, got vector selector instead");
            } else if (selector instanceof VectorSelector) {
                infoLabelSelector = true;
            } else {
                throw error(selector.position(), "expected label selectors only");
            }
        }
        List<Expr> checked = new ArrayList<>(args.size());
        for (int i = 0; i < args.size(); i++) {
            Expr arg = args.get(i);
            if (i >= declared && f.variadic() == 0) {
                checked.addAll(args.subList(i, args.size()));
                break;
            }
            ValueType want = f.argType(i);
            Expr a = visit(arg, i == 1 && infoLabelSelector);
            if (a.type() != want) {
                throw error(arg.position(), "expected type " + want.documentedName() + " in call to function " + name
                        + ", got " + a.type().documentedName());
            }
            checked.add(a);
        }
        return new Call(f, checked, c.position());
    }

    private void checkSelector(VectorSelector vs, boolean bypassEmptyMatcherCheck) {
        List<Matcher> matchers = vs.matchers();
        if (vs.name() != null) {
            // The last matcher is the one for the name written before the braces.
            for (Matcher m : matchers.subList(0, Math.max(0, matchers.size() - 1))) {
                if (m.name().equals(Labels.METRIC_NAME)) {
                    throw error(vs.position(), "metric name must not be set twice: " + PromqlText.quote(vs.name())
                            + " or " + PromqlText.quote(m.value()));
                }
            }
            return;
        }
        if (bypassEmptyMatcherCheck) {
            return;
        }
        for (Matcher m : matchers) {
            if (!m.matchesEmpty()) {
                return;
            }
        }
        throw error(vs.position(), "vector selector must contain at least one non-empty matcher");
    }

    private ParseException error(PositionRange range, String detail) {
        return new ParseException(query, range, detail);
    }
}
