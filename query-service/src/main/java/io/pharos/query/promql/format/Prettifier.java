package io.pharos.query.promql.format;

import io.pharos.query.promql.ast.AggregateExpr;
import io.pharos.query.promql.ast.BinaryExpr;
import io.pharos.query.promql.ast.Call;
import io.pharos.query.promql.ast.Expr;
import io.pharos.query.promql.ast.ParenExpr;
import io.pharos.query.promql.ast.SubqueryExpr;
import io.pharos.query.promql.ast.UnaryExpr;
import java.nio.charset.StandardCharsets;

/**
 * Lays a PromQL expression out as Prometheus's {@code format_query} does. An expression whose
 * one-line form (the printer's, {@link Expr#toString}) fits in {@value #MAX_LINE} bytes stays on
 * one line, indented by two spaces per nesting level; a longer one is split: a binary expression
 * puts its operator line between its operands, one level deeper; an aggregation, a function call
 * and a parenthesis put their operands one level deeper between an opening line and a closing
 * {@code )}; a subquery and a unary minus split their operand in place.
 *
 * <p>Two of Prometheus's layouts look accidental but are what its users see, so they are kept:
 * a split binary expression starts with its left operand's deeper indentation (the first line of a
 * long top-level binary expression begins with two spaces), and a subquery short enough for one
 * line is written without its indentation.
 */
public final class Prettifier {
    /** Longest one-line form, in bytes of UTF-8 (Prometheus measures a Go string's length). */
    static final int MAX_LINE = 100;
    private static final String INDENT = "  ";

    private Prettifier() {
    }

    public static String prettify(Expr e) {
        StringBuilder b = new StringBuilder();
        write(b, e, 0);
        return b.toString();
    }

    private static void write(StringBuilder b, Expr e, int level) {
        String flat = e.toString();
        boolean split = flat.getBytes(StandardCharsets.UTF_8).length > MAX_LINE;
        if (e instanceof SubqueryExpr sq) {
            if (!split) {
                b.append(flat);
                return;
            }
            // The inner expression laid out at this level, then the [range:step] @ offset part.
            write(b, sq.expr(), level);
            b.append(flat, sq.expr().toString().length(), flat.length());
            return;
        }
        if (e instanceof UnaryExpr u) {
            // The operand at the same level, its leading indentation replaced by the sign.
            StringBuilder child = new StringBuilder();
            write(child, u.expr(), level);
            indent(b, level).append(u.op()).append(child.toString().strip());
            return;
        }
        if (!split) {
            indent(b, level).append(flat);
            return;
        }
        if (e instanceof BinaryExpr bin) {
            String lhs = bin.lhs().toString();
            String rhs = bin.rhs().toString();
            // Between the operands: the operator, "bool" and the vector matching, as printed.
            String operator = flat.substring(lhs.length() + 1, flat.length() - rhs.length() - 1);
            write(b, bin.lhs(), level + 1);
            b.append('\n');
            indent(b, level).append(operator).append('\n');
            write(b, bin.rhs(), level + 1);
        } else if (e instanceof AggregateExpr agg) {
            // "sum by (job) (" : the printed form up to its operand list.
            String operands = (agg.param() == null ? "" : agg.param() + ", ") + agg.expr() + ")";
            indent(b, level).append(flat, 0, flat.length() - operands.length()).append('\n');
            if (agg.param() != null) {
                write(b, agg.param(), level + 1);
                b.append(",\n");
            }
            write(b, agg.expr(), level + 1);
            b.append('\n');
            indent(b, level).append(')');
        } else if (e instanceof Call call) {
            indent(b, level).append(call.func().name()).append("(\n");
            for (int i = 0; i < call.args().size(); i++) {
                if (i > 0) {
                    b.append(",\n");
                }
                write(b, call.args().get(i), level + 1);
            }
            b.append('\n');
            indent(b, level).append(')');
        } else if (e instanceof ParenExpr p) {
            indent(b, level).append("(\n");
            write(b, p.expr(), level + 1);
            b.append('\n');
            indent(b, level).append(')');
        } else {
            // Selectors and literals never split.
            indent(b, level).append(flat);
        }
    }

    private static StringBuilder indent(StringBuilder b, int level) {
        return b.append(INDENT.repeat(level));
    }
}
