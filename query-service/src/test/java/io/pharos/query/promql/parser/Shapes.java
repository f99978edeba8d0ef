package io.pharos.query.promql.parser;

import io.pharos.query.promql.ast.AggregateExpr;
import io.pharos.query.promql.ast.BinaryExpr;
import io.pharos.query.promql.ast.Call;
import io.pharos.query.promql.ast.Expr;
import io.pharos.query.promql.ast.NumberLiteral;
import io.pharos.query.promql.ast.ParenExpr;
import io.pharos.query.promql.ast.PromqlText;
import io.pharos.query.promql.ast.StringLiteral;
import io.pharos.query.promql.ast.SubqueryExpr;
import io.pharos.query.promql.ast.UnaryExpr;
import java.util.stream.Collectors;

/** Renders a parsed tree fully parenthesized, so tests can state its shape: {@code -2^2} is {@code (- (^ 2 2))}. */
final class Shapes {

    private Shapes() {
    }

    static String of(String query) {
        return of(PromqlParser.parseExpr(query));
    }

    static String of(Expr e) {
        if (e instanceof NumberLiteral n) {
            return PromqlText.formatFloat(n.value());
        }
        if (e instanceof StringLiteral s) {
            return PromqlText.quote(s.value());
        }
        if (e instanceof ParenExpr p) {
            return "(paren " + of(p.expr()) + ")";
        }
        if (e instanceof UnaryExpr u) {
            return "(" + u.op() + " " + of(u.expr()) + ")";
        }
        if (e instanceof BinaryExpr b) {
            return "(" + b.op().symbol() + " " + of(b.lhs()) + " " + of(b.rhs()) + ")";
        }
        if (e instanceof Call c) {
            return "(" + c.func().name() + c.args().stream().map(a -> " " + of(a)).collect(Collectors.joining()) + ")";
        }
        if (e instanceof AggregateExpr a) {
            return "(" + a.op().keyword() + (a.param() == null ? "" : " " + of(a.param())) + " " + of(a.expr()) + ")";
        }
        if (e instanceof SubqueryExpr s) {
            String text = s.toString();
            return "(subquery " + of(s.expr()) + " " + text.substring(s.expr().toString().length()) + ")";
        }
        return e.toString();
    }
}
